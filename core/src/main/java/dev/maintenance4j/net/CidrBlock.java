package dev.maintenance4j.net;

/**
 * A network written as {@code address/prefix} (or a single address), IPv4 or IPv6.
 *
 * <p>Parsing is strict so that a typo is caught when the entry is added, never at request time: the
 * prefix must fit the family and the address may not have host bits set ({@code 10.0.0.1/8} is refused
 * with a hint to write {@code 10.0.0.0/8}). IPv4-mapped IPv6 networks of prefix 96 or more become IPv4.
 *
 * @param network the first address of the block
 * @param prefix  the number of fixed leading bits (32 or 128 for a single address)
 */
public record CidrBlock(IpAddress network, int prefix) {

    public CidrBlock {
        int max = network.isIpv4() ? 32 : 128;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix must be between 0 and " + max + ", but was " + prefix);
        }
        if (hostBitsSet(network, prefix)) {
            throw new IllegalArgumentException("network " + network + "/" + prefix + " has host bits set");
        }
    }

    /**
     * Parses {@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a single address.
     *
     * @throws IllegalArgumentException with a message naming the bad entry
     */
    public static CidrBlock parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        IpAddress address = IpAddress.tryParse(addressText);
        if (address == null) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an IP address or CIDR block (expected e.g. 10.0.0.0/8 or 2001:db8::/32)");
        }
        boolean mappedText = !address.isIpv4() || addressText.indexOf(':') >= 0;
        int max = address.isIpv4() && !mappedText ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            if (prefixText.isEmpty()
                    || prefixText.length() > 3
                    || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + text + "' has a malformed prefix length '" + prefixText + "'");
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > max) {
                throw new IllegalArgumentException("'" + text + "' has prefix /" + prefix + ", but "
                        + (max == 32 ? "IPv4" : "IPv6") + " allows at most /" + max);
            }
        }
        if (address.isIpv4() && mappedText) {
            // written as ::ffff:a.b.c.d/N: the mapped prefix covers the first 96 bits
            if (prefix < 96) {
                throw new IllegalArgumentException(
                        "'" + text + "' spans beyond the IPv4-mapped range; use a prefix of /96 or more");
            }
            prefix -= 96;
        }
        if (hostBitsSet(address, prefix)) {
            CidrBlock suggestion = new CidrBlock(mask(address, prefix), prefix);
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean " + suggestion + "?");
        }
        return new CidrBlock(address, prefix);
    }

    /** True when the address is in this block (an IPv4 block never holds an IPv6 address, and back). */
    public boolean contains(IpAddress address) {
        return address.isIpv4() == network.isIpv4() && sameBits(network, address, prefix);
    }

    /**
     * The last address of the block. For an IPv6 block reaching into the IPv4-mapped range
     * ({@code ::ffff:0:0/96}) this is, like every address there, the IPv4 address it maps.
     */
    public IpAddress last() {
        if (network.isIpv4()) {
            long hostMask = prefix == 0 ? 0xFFFF_FFFFL : (0xFFFF_FFFFL >>> prefix);
            return IpAddress.ipv4((int) (network.low() | hostMask));
        }
        long hiHost = prefix >= 64 ? 0 : (prefix == 0 ? -1L : (-1L >>> prefix));
        long loHost = prefix <= 64 ? -1L : (prefix == 128 ? 0 : (-1L >>> (prefix - 64)));
        return IpAddress.ipv6(network.high() | hiHost, network.low() | loHost);
    }

    private static boolean hostBitsSet(IpAddress address, int prefix) {
        return !mask(address, prefix).equals(address);
    }

    private static IpAddress mask(IpAddress address, int prefix) {
        if (address.isIpv4()) {
            long m = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            return IpAddress.ipv4((int) (address.low() & m));
        }
        long hiMask = prefix >= 64 ? -1L : (prefix == 0 ? 0 : (-1L << (64 - prefix)));
        long loMask = prefix <= 64 ? 0 : (-1L << (128 - prefix));
        return IpAddress.ipv6(address.high() & hiMask, address.low() & loMask);
    }

    private static boolean sameBits(IpAddress a, IpAddress b, int prefix) {
        return mask(a, prefix).equals(mask(b, prefix));
    }

    @Override
    public String toString() {
        int max = network.isIpv4() ? 32 : 128;
        return prefix == max ? network.toString() : network + "/" + prefix;
    }
}
