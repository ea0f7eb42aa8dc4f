package dev.maintenance4j.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable allow-list of IPv4 and IPv6 networks, compiled once into sorted, merged ranges so a
 * lookup is a binary search: no allocation and O(log n) per request, whatever the number of entries.
 */
public final class IpAllowList {

    private static final IpAllowList EMPTY = new IpAllowList(List.of());

    private final List<CidrBlock> entries;
    // IPv4: merged inclusive ranges as unsigned 32-bit values in longs
    private final long[] v4Start;
    private final long[] v4End;
    // IPv6: merged inclusive ranges as (hi, lo) pairs
    private final long[] v6StartHi;
    private final long[] v6StartLo;
    private final long[] v6EndHi;
    private final long[] v6EndLo;

    private IpAllowList(List<CidrBlock> entries) {
        this.entries = List.copyOf(entries);
        List<long[]> v4 = new ArrayList<>();
        List<long[]> v6 = new ArrayList<>();
        for (CidrBlock block : this.entries) {
            IpAddress first = block.network();
            int prefix = block.prefix();
            if (first.isIpv4()) {
                long hostMask = prefix == 0 ? 0xFFFF_FFFFL : 0xFFFF_FFFFL >>> prefix;
                v4.add(new long[] {first.low(), first.low() | hostMask});
            } else {
                // raw bits: the block's last address may lie in the IPv4-mapped range, which IpAddress normalises
                long hiHost = prefix >= 64 ? 0 : prefix == 0 ? -1L : -1L >>> prefix;
                long loHost = prefix <= 64 ? -1L : prefix == 128 ? 0 : -1L >>> (prefix - 64);
                v6.add(new long[] {first.high(), first.low(), first.high() | hiHost, first.low() | loHost});
            }
        }
        v4.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> mergedV4 = new ArrayList<>();
        for (long[] r : v4) {
            long[] tail = mergedV4.isEmpty() ? null : mergedV4.get(mergedV4.size() - 1);
            if (tail != null && r[0] <= tail[1] + 1) {
                tail[1] = Math.max(tail[1], r[1]);
            } else {
                mergedV4.add(r.clone());
            }
        }
        v4Start = mergedV4.stream().mapToLong(r -> r[0]).toArray();
        v4End = mergedV4.stream().mapToLong(r -> r[1]).toArray();

        v6.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
        List<long[]> mergedV6 = new ArrayList<>();
        for (long[] r : v6) {
            long[] tail = mergedV6.isEmpty() ? null : mergedV6.get(mergedV6.size() - 1);
            if (tail != null
                    && (compare(r[0], r[1], tail[2], tail[3]) <= 0 || isSuccessor(tail[2], tail[3], r[0], r[1]))) {
                if (compare(r[2], r[3], tail[2], tail[3]) > 0) {
                    tail[2] = r[2];
                    tail[3] = r[3];
                }
            } else {
                mergedV6.add(r.clone());
            }
        }
        v6StartHi = mergedV6.stream().mapToLong(r -> r[0]).toArray();
        v6StartLo = mergedV6.stream().mapToLong(r -> r[1]).toArray();
        v6EndHi = mergedV6.stream().mapToLong(r -> r[2]).toArray();
        v6EndLo = mergedV6.stream().mapToLong(r -> r[3]).toArray();
    }

    /** The empty list: nobody is allowed by address. */
    public static IpAllowList empty() {
        return EMPTY;
    }

    /** A list of the given blocks; duplicates are dropped, order of first appearance kept. */
    public static IpAllowList of(Collection<CidrBlock> blocks) {
        return blocks.isEmpty() ? EMPTY : new IpAllowList(new ArrayList<>(new LinkedHashSet<>(blocks)));
    }

    /**
     * Parses each entry with {@link CidrBlock#parse(String)}.
     *
     * @throws IllegalArgumentException naming the first malformed entry
     */
    public static IpAllowList parse(Collection<String> entries) {
        List<CidrBlock> blocks = new ArrayList<>(entries.size());
        for (String entry : entries) {
            blocks.add(CidrBlock.parse(entry));
        }
        return of(blocks);
    }

    /** The entries as given (deduplicated), in order. */
    public List<CidrBlock> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** A new list with the blocks added (already present ones are kept once). */
    public IpAllowList with(Collection<CidrBlock> blocks) {
        LinkedHashSet<CidrBlock> all = new LinkedHashSet<>(entries);
        all.addAll(blocks);
        return of(all);
    }

    /** A new list without the given blocks (exact entries, not address ranges). */
    public IpAllowList without(Collection<CidrBlock> blocks) {
        LinkedHashSet<CidrBlock> all = new LinkedHashSet<>(entries);
        all.removeAll(blocks);
        return of(all);
    }

    /** True when the address is inside any entry. Null is never allowed. Allocation-free. */
    public boolean contains(@Nullable IpAddress address) {
        if (address == null) {
            return false;
        }
        if (address.isIpv4()) {
            long value = address.low();
            int lowIndex = 0;
            int highIndex = v4Start.length - 1;
            while (lowIndex <= highIndex) {
                int mid = (lowIndex + highIndex) >>> 1;
                if (v4Start[mid] <= value) {
                    if (value <= v4End[mid]) {
                        return true;
                    }
                    lowIndex = mid + 1;
                } else {
                    highIndex = mid - 1;
                }
            }
            return false;
        }
        long hi = address.high();
        long lo = address.low();
        int lowIndex = 0;
        int highIndex = v6StartHi.length - 1;
        while (lowIndex <= highIndex) {
            int mid = (lowIndex + highIndex) >>> 1;
            if (compare(v6StartHi[mid], v6StartLo[mid], hi, lo) <= 0) {
                if (compare(hi, lo, v6EndHi[mid], v6EndLo[mid]) <= 0) {
                    return true;
                }
                lowIndex = mid + 1;
            } else {
                highIndex = mid - 1;
            }
        }
        return false;
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    private static boolean isSuccessor(long hi, long lo, long nextHi, long nextLo) {
        long succLo = lo + 1;
        long succHi = succLo == 0 ? hi + 1 : hi;
        return succHi == nextHi && succLo == nextLo && !(hi == -1L && lo == -1L);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAllowList other && other.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
