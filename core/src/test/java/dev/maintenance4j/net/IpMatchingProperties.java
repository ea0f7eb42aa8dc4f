package dev.maintenance4j.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Parsing and matching agree with a reference computed from the address bytes. */
class IpMatchingProperties {

    @Property(tries = 2000)
    void ipv4TextRoundTripsThroughBytes(@ForAll("ipv4Bytes") byte[] bytes) throws UnknownHostException {
        String text = InetAddress.getByAddress(bytes).getHostAddress();
        IpAddress parsed = IpAddress.parse(text);
        assertThat(parsed.toBytes()).isEqualTo(bytes);
        assertThat(parsed).isEqualTo(IpAddress.fromBytes(bytes));
        assertThat(IpAddress.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Property(tries = 2000)
    void ipv6TextInEveryFormRoundTrips(@ForAll("ipv6Bytes") byte[] bytes) throws UnknownHostException {
        IpAddress expected = IpAddress.fromBytes(bytes);
        String jdkText = InetAddress.getByAddress(bytes).getHostAddress(); // uncompressed, or dotted if mapped
        assertThat(IpAddress.parse(jdkText)).isEqualTo(expected);
        assertThat(IpAddress.parse(expected.toString())).isEqualTo(expected);
        assertThat(IpAddress.parse("[" + expected + "]")).isEqualTo(expected);
        if (!expected.isIpv4()) {
            assertThat(expected.toBytes()).isEqualTo(bytes);
            // RFC 5952 text agrees with the JDK's parser reading it back
            assertThat(InetAddress.getByName(expected.toString()).getAddress()).isEqualTo(bytes);
        }
    }

    @Property(tries = 3000)
    void parsingArbitraryTextNeverThrows(@ForAll("addressLikeText") String text) {
        IpAddress parsed = IpAddress.tryParse(text);
        if (parsed != null) {
            assertThat(IpAddress.parse(parsed.toString())).isEqualTo(parsed);
        }
    }

    @Property(tries = 3000)
    void cidrContainsAgreesWithBigIntegerReference(@ForAll("blockAndAddress") Object[] pair) {
        byte[] network = (byte[]) pair[0];
        int prefix = (int) pair[1];
        byte[] address = (byte[]) pair[2];
        int bits = network.length * 8;
        BigInteger mask = BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        BigInteger net = new BigInteger(1, network).and(mask);
        boolean expected = new BigInteger(1, address).and(mask).equals(net);
        byte[] netBytes = toBytes(net, network.length);
        IpAddress netAddress = IpAddress.fromBytes(netBytes);
        if (netAddress.isIpv4() != (network.length == 4)) {
            return; // a mapped IPv6 network is an IPv4 one; covered by the example tests
        }
        CidrBlock block = new CidrBlock(netAddress, prefix);
        IpAddress client = IpAddress.fromBytes(address);
        if (client.isIpv4() != (address.length == 4)) {
            return;
        }
        assertThat(block.contains(client)).isEqualTo(expected);
        assertThat(IpAllowList.of(List.of(block)).contains(client)).isEqualTo(expected);
        assertThat(CidrBlock.parse(block.toString())).isEqualTo(block);
    }

    @Property(tries = 500)
    void allowListAgreesWithLinearScan(
            @ForAll("blockLists") List<CidrBlock> blocks,
            @ForAll("ipv4Bytes") byte[] v4,
            @ForAll("ipv6Bytes") byte[] v6) {
        IpAllowList list = IpAllowList.of(blocks);
        for (IpAddress client : List.of(IpAddress.fromBytes(v4), IpAddress.fromBytes(v6))) {
            boolean expected = blocks.stream().anyMatch(b -> b.contains(client));
            assertThat(list.contains(client)).as("%s in %s", client, blocks).isEqualTo(expected);
        }
        for (CidrBlock block : blocks) {
            assertThat(list.contains(block.network())).isTrue();
            IpAddress last = block.last(); // may be a normalised IPv4-mapped address
            assertThat(list.contains(last)).isEqualTo(blocks.stream().anyMatch(b -> b.contains(last)));
        }
    }

    @Provide
    Arbitrary<byte[]> ipv4Bytes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4);
    }

    @Provide
    Arbitrary<byte[]> ipv6Bytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(16);
        // bias towards runs of zeros, the hard part of IPv6 text
        Arbitrary<byte[]> sparse = Arbitraries.bytes()
                .array(byte[].class)
                .ofSize(16)
                .map(b -> {
                    for (int i = 0; i < 16; i++) {
                        if ((b[i] & 3) != 0) {
                            b[i] = 0;
                        }
                    }
                    return b;
                });
        Arbitrary<byte[]> mapped = ipv4Bytes().map(v4 -> {
            byte[] b = new byte[16];
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            System.arraycopy(v4, 0, b, 12, 4);
            return b;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(3, sparse), Tuple.of(1, mapped));
    }

    @Provide
    Arbitrary<String> addressLikeText() {
        return Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF:.%[]/ x-")
                .ofMaxLength(50);
    }

    @Provide
    Arbitrary<Object[]> blockAndAddress() {
        Arbitrary<Object[]> v4 = Combinators.combine(
                        ipv4Bytes(), Arbitraries.integers().between(0, 32), ipv4Bytes())
                .as((n, p, a) -> new Object[] {n, p, a});
        Arbitrary<Object[]> v6 = Combinators.combine(
                        ipv6Bytes(), Arbitraries.integers().between(0, 128), ipv6Bytes())
                .as((n, p, a) -> new Object[] {n, p, a});
        // addresses near the network, so both outcomes are common
        Arbitrary<Object[]> near = Combinators.combine(
                        ipv4Bytes(),
                        Arbitraries.integers().between(8, 32),
                        Arbitraries.integers().between(0, 3))
                .as((n, p, flip) -> {
                    byte[] a = n.clone();
                    a[3 - flip] ^= (byte) (1 << flip);
                    return new Object[] {n, p, a};
                });
        return Arbitraries.oneOf(v4, v6, near);
    }

    @Provide
    Arbitrary<List<CidrBlock>> blockLists() {
        Arbitrary<CidrBlock> v4 = Combinators.combine(
                        ipv4Bytes(), Arbitraries.integers().between(0, 32))
                .as((b, p) -> masked(b, p));
        Arbitrary<CidrBlock> v6 = Combinators.combine(
                        ipv6Bytes(), Arbitraries.integers().between(0, 128))
                .as((b, p) -> masked(b, p));
        return Arbitraries.oneOf(v4, v6).filter(b -> b != null).list().ofMaxSize(40);
    }

    private static CidrBlock masked(byte[] bytes, int prefix) {
        IpAddress address = IpAddress.fromBytes(bytes);
        if (address.isIpv4() != (bytes.length == 4)) {
            address = IpAddress.fromBytes(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
            prefix = Math.max(0, prefix - 96);
        }
        int bits = address.isIpv4() ? 32 : 128;
        BigInteger mask = BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        byte[] net = toBytes(new BigInteger(1, address.toBytes()).and(mask), bits / 8);
        return new CidrBlock(IpAddress.fromBytes(net), prefix);
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
