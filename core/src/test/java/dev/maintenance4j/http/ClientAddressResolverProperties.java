package dev.maintenance4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.net.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Forwarded and X-Forwarded-For parsing: hostile text never throws; real chains give the right client. */
class ClientAddressResolverProperties {

    private final ClientAddressResolver xffResolver = ClientAddressResolver.trusting(List.of("10.0.0.0/8", "fd00::/8"));
    private final ClientAddressResolver forwardedResolver =
            ClientAddressResolver.trusting(List.of("10.0.0.0/8", "fd00::/8"), ForwardedHeader.FORWARDED);

    /** Resolves with the resolver configured for the family the test sends ({@code Forwarded} when given). */
    private IpAddress resolve(String peer, List<String> forwarded, List<String> xff) {
        ClientAddressResolver resolver = forwarded.isEmpty() ? xffResolver : forwardedResolver;
        return resolver.resolve(peer, headers(forwarded, xff));
    }

    /** A request's headers: these {@code Forwarded} and {@code X-Forwarded-For} values, and the schemes in both families. */
    private static HeaderValues headers(List<String> forwarded, List<String> xff) {
        return name -> switch (name) {
            case "Forwarded" -> forwarded.iterator();
            case "X-Forwarded-For" -> xff.iterator();
            default -> Collections.emptyIterator();
        };
    }

    private static HeaderValues scheme(String value) {
        return name -> switch (name) {
            case "Forwarded", "X-Forwarded-Proto" -> List.of(value).iterator();
            default -> Collections.emptyIterator();
        };
    }

    @Example
    void onlyTheConfiguredHeaderFamilyIsRead() {
        // a proxy that appends X-Forwarded-For and passes the client's own Forwarded through: the client does not
        // choose
        assertThat(xffResolver.resolve("10.0.0.1", headers(List.of("for=192.0.2.7"), List.of("198.51.100.9"))))
                .isEqualTo(IpAddress.parse("198.51.100.9"));
        assertThat(xffResolver.resolve("10.0.0.1", headers(List.of("for=192.0.2.7"), List.of())))
                .as("no X-Forwarded-For: the peer")
                .isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(forwardedResolver.resolve("10.0.0.1", headers(List.of("for=198.51.100.9"), List.of("192.0.2.7"))))
                .isEqualTo(IpAddress.parse("198.51.100.9"));
    }

    @Example
    void theSchemeComesFromTheConfiguredHeaderOfATrustedProxyOnly() {
        assertThat(xffResolver.isHttps("10.0.0.1", false, scheme("https"))).isTrue();
        assertThat(xffResolver.isHttps("10.0.0.1", false, scheme("http"))).isFalse();
        assertThat(xffResolver.isHttps("192.0.2.99", false, scheme("https")))
                .as("untrusted peer")
                .isFalse();
        assertThat(xffResolver.isHttps("192.0.2.99", true, headers(List.of(), List.of())))
                .as("a TLS connection")
                .isTrue();
        assertThat(forwardedResolver.isHttps("10.0.0.1", false, scheme("for=192.0.2.1;proto=https")))
                .isTrue();
        assertThat(forwardedResolver.isHttps("10.0.0.1", false, scheme("for=192.0.2.1;proto=http")))
                .isFalse();
    }

    @Property(tries = 3000)
    void garbageHeadersNeverThrow(@ForAll("headerText") String forwarded, @ForAll("headerText") String xff) {
        resolve("10.0.0.1", List.of(forwarded), List.of());
        resolve("10.0.0.1", List.of(), List.of(xff));
        resolve("10.0.0.1", List.of(forwarded, xff), List.of(xff));
    }

    @Property(tries = 1000)
    void theRightmostUntrustedHopIsTheClient(
            @ForAll("publicAddresses") List<IpAddress> clientSide,
            @ForAll("proxies") List<IpAddress> proxies,
            @ForAll boolean useForwarded) {
        if (clientSide.isEmpty()) {
            return;
        }
        List<IpAddress> chain = new ArrayList<>(clientSide);
        chain.addAll(proxies);
        IpAddress expected = clientSide.get(clientSide.size() - 1);
        String header = useForwarded
                ? String.join(
                        ", ",
                        chain.stream()
                                .map(a -> a.isIpv4() ? "for=" + a : "for=\"[" + a + "]\"")
                                .toList())
                : String.join(", ", chain.stream().map(IpAddress::toString).toList());
        IpAddress resolved = useForwarded
                ? resolve("10.1.2.3", List.of(header), List.of())
                : resolve("10.1.2.3", List.of(), List.of(header));
        assertThat(resolved).isEqualTo(expected);
        // the same headers from an untrusted peer are ignored
        assertThat(resolve("192.0.2.99", List.of(header), List.of(header))).isEqualTo(IpAddress.parse("192.0.2.99"));
    }

    @Example
    void nodesWithPortsBracketsAndObfuscation() {
        assertThat(resolve("10.0.0.1", List.of("for=192.0.2.60:8080;proto=http;by=203.0.113.43"), List.of()))
                .isEqualTo(IpAddress.parse("192.0.2.60"));
        assertThat(resolve("10.0.0.1", List.of("For=\"[2001:db8:cafe::17]:4711\""), List.of()))
                .isEqualTo(IpAddress.parse("2001:db8:cafe::17"));
        assertThat(resolve("10.0.0.1", List.of("for=_hidden"), List.of())).isNull();
        assertThat(resolve("10.0.0.1", List.of("for=unknown"), List.of())).isNull();
        assertThat(resolve("10.0.0.1", List.of("for=192.0.2.1", "for=10.0.0.9"), List.of()))
                .isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(resolve("10.0.0.1", List.of(), List.of("192.0.2.1", "10.0.0.9, 10.0.0.8")))
                .isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(resolve("10.0.0.1", List.of(), List.of("10.0.0.7"))).isEqualTo(IpAddress.parse("10.0.0.7"));
        assertThat(resolve("10.0.0.1", List.of(), List.of())).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(resolve("10.0.0.1", List.of("for=\"unterminated"), List.of()))
                .isNull();
        assertThat(resolve("10.0.0.1", List.of(), List.of("not-an-ip"))).isNull();
        assertThat(resolve("not-an-ip", List.of(), List.of())).isNull();
        assertThat(resolve("10.0.0.1", List.of(), List.of("192.0.2.1, ".repeat(200))))
                .isNull();
    }

    @Provide
    Arbitrary<String> headerText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings()
                        .withChars("for=\"[]:;,_ .0123456789abcdef\\unknown")
                        .ofMaxLength(120));
    }

    @Provide
    Arbitrary<List<IpAddress>> publicAddresses() {
        Arbitrary<IpAddress> v4 =
                Arbitraries.integers().between(0xC000_0200, 0xC000_02FF).map(IpAddress::ipv4); // 192.0.2.0/24
        Arbitrary<IpAddress> v6 = Arbitraries.longs().map(lo -> IpAddress.ipv6(0x2001_0db8_0000_0000L, lo));
        return Arbitraries.oneOf(v4, v6).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<IpAddress>> proxies() {
        Arbitrary<IpAddress> v4 =
                Arbitraries.integers().between(0x0A00_0000, 0x0AFF_FFFF).map(IpAddress::ipv4);
        Arbitrary<IpAddress> v6 = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as((hi, lo) -> IpAddress.ipv6(0xFD00_0000_0000_0000L | (hi & 0x00FF_FFFF_FFFF_FFFFL), lo));
        return Arbitraries.oneOf(v4, v6).list().ofMaxSize(5);
    }
}
