package dev.maintenance4j.net;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address as two unsigned 64-bit halves, parsed without regular expressions and
 * without name resolution.
 *
 * <p>IPv4 addresses are held in the low 32 bits with {@link #isIpv4()} set. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:a.b.c.d}) are normalised to IPv4, so an allow-list entry written either way matches a
 * client seen either way.
 */
public final class IpAddress {

    private static final long MAPPED_PREFIX_LO = 0x0000_ffff_0000_0000L;

    private final boolean ipv4;
    private final long hi;
    private final long lo;

    private IpAddress(boolean ipv4, long hi, long lo) {
        this.ipv4 = ipv4;
        this.hi = hi;
        this.lo = lo;
    }

    /** An IPv4 address from its 32 bits. */
    public static IpAddress ipv4(int bits) {
        return new IpAddress(true, 0, bits & 0xFFFF_FFFFL);
    }

    /** An IPv6 address from its two halves; IPv4-mapped addresses become IPv4. */
    public static IpAddress ipv6(long hi, long lo) {
        if (hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == MAPPED_PREFIX_LO) {
            return new IpAddress(true, 0, lo & 0xFFFF_FFFFL);
        }
        return new IpAddress(false, hi, lo);
    }

    /** An address from its 4 or 16 network-order bytes. */
    public static IpAddress fromBytes(byte[] bytes) {
        if (bytes.length == 4) {
            return ipv4(((bytes[0] & 0xFF) << 24)
                    | ((bytes[1] & 0xFF) << 16)
                    | ((bytes[2] & 0xFF) << 8)
                    | (bytes[3] & 0xFF));
        }
        if (bytes.length == 16) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (bytes[i] & 0xFF);
                lo = (lo << 8) | (bytes[i + 8] & 0xFF);
            }
            return ipv6(hi, lo);
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, but was " + bytes.length);
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal (optionally in brackets, optionally with a zone id,
     * which is ignored).
     *
     * @throws IllegalArgumentException naming the text when it is not an IP address literal
     */
    public static IpAddress parse(String text) {
        IpAddress address = tryParse(text);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        return address;
    }

    /** Like {@link #parse(String)} but returns null instead of throwing; safe for request paths. */
    public static @Nullable IpAddress tryParse(@Nullable CharSequence text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        if (end > 0 && text.charAt(0) == '[') {
            if (text.charAt(end - 1) != ']') {
                return null;
            }
            start = 1;
            end--;
        }
        if (end - start > 64) {
            return null;
        }
        boolean colon = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                colon = true;
                break;
            }
        }
        if (!colon) {
            long v4 = parseIpv4(text, start, end);
            return v4 < 0 ? null : ipv4((int) v4);
        }
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == '%') { // zone id: fe80::1%eth0
                end = i;
                break;
            }
        }
        return parseIpv6(text, start, end);
    }

    /** Returns the 32 bits of a dotted quad, or -1. Leading zeros are refused (they read as octal elsewhere). */
    static long parseIpv4(CharSequence s, int start, int end) {
        long result = 0;
        int parts = 0;
        int i = start;
        while (parts < 4) {
            if (i >= end) {
                return -1;
            }
            int value = 0;
            int digits = 0;
            while (i < end && s.charAt(i) != '.') {
                char c = s.charAt(i);
                if (c < '0' || c > '9' || digits == 3) {
                    return -1;
                }
                if (digits == 1 && value == 0) {
                    return -1;
                }
                value = value * 10 + (c - '0');
                digits++;
                i++;
            }
            if (digits == 0 || value > 255) {
                return -1;
            }
            result = (result << 8) | value;
            parts++;
            if (parts < 4) {
                if (i >= end || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == end ? result : -1;
    }

    private static @Nullable IpAddress parseIpv6(CharSequence s, int start, int end) {
        int[] groups = new int[8];
        int count = 0;
        int doubleColonAt = -1;
        int i = start;
        if (end - start >= 2 && s.charAt(start) == ':' && s.charAt(start + 1) == ':') {
            doubleColonAt = 0;
            i = start + 2;
            if (i == end) {
                return ipv6(0, 0);
            }
        } else if (start < end && s.charAt(start) == ':') {
            return null;
        }
        while (i < end) {
            if (count == 8) {
                return null;
            }
            int groupStart = i;
            int value = 0;
            int digits = 0;
            while (i < end) {
                char c = s.charAt(i);
                int d = Character.digit(c, 16);
                if (d < 0 || c > 'f') {
                    break;
                }
                value = (value << 4) | d;
                digits++;
                i++;
            }
            if (i < end && s.charAt(i) == '.') {
                // an embedded IPv4 address takes the last two groups
                if (count > 6) {
                    return null;
                }
                long v4 = parseIpv4(s, groupStart, end);
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = end;
                break;
            }
            if (digits == 0 || digits > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == end) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (doubleColonAt >= 0) {
                    return null;
                }
                doubleColonAt = count;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return null; // trailing single colon
            }
        }
        if (doubleColonAt < 0) {
            if (count != 8) {
                return null;
            }
        } else {
            if (count > 7) {
                return null;
            }
            int shift = 8 - count;
            for (int g = count - 1; g >= doubleColonAt; g--) {
                groups[g + shift] = groups[g];
            }
            for (int g = doubleColonAt; g < doubleColonAt + shift; g++) {
                groups[g] = 0;
            }
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | groups[g];
            lo = (lo << 16) | groups[g + 4];
        }
        return ipv6(hi, lo);
    }

    /** True for IPv4 (including addresses that arrived IPv4-mapped). */
    public boolean isIpv4() {
        return ipv4;
    }

    /** The high 64 bits of an IPv6 address; 0 for IPv4. */
    public long high() {
        return hi;
    }

    /** The low 64 bits of an IPv6 address, or the 32 bits of an IPv4 address. */
    public long low() {
        return lo;
    }

    /** Network-order bytes: 4 for IPv4, 16 for IPv6. */
    public byte[] toBytes() {
        if (ipv4) {
            return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (hi >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && other.ipv4 == ipv4 && other.hi == hi && other.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo) + (ipv4 ? 1 : 0);
    }

    /** The canonical text: dotted quad, or RFC 5952 compressed IPv6. */
    @Override
    public String toString() {
        if (ipv4) {
            return (lo >>> 24) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 4; g++) {
            groups[g] = (int) ((hi >>> (48 - 16 * g)) & 0xFFFF);
            groups[g + 4] = (int) ((lo >>> (48 - 16 * g)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int runStart = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - runStart > bestLength) {
                bestStart = runStart;
                bestLength = g - runStart;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[g]));
        }
        return sb.toString();
    }
}
