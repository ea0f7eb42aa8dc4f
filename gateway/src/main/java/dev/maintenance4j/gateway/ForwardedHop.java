package dev.maintenance4j.gateway;

import dev.maintenance4j.http.ClientAddressResolver;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What this hop sets in a request's {@code Forwarded} and {@code X-Forwarded-For/-Proto/-Host} before passing it
 * on: a trusted proxy's values are extended with this hop, anyone else's are replaced, so the upstream can
 * believe them. One rule for every way a request leaves the gateway (Jetty's proxy, the event-loop lane,
 * WebSocket upgrades); each applies it to its own header type.
 */
record ForwardedHop(
        String forwarded,
        String forwardedFor,
        String forwardedProto,
        @Nullable String forwardedHost) {

    static final String FORWARDED = "Forwarded";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    private static final List<String> NAMES = List.of(FORWARDED, X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST);

    /**
     * The values for a request from {@code client}.
     *
     * @param host the request's {@code Host}, or null
     * @param joined a header of the request, its values joined by commas, or null when it has none
     */
    static ForwardedHop of(
            ClientAddressResolver trustedProxies,
            String client,
            boolean secure,
            @Nullable String host,
            Function<String, @Nullable String> joined) {
        boolean trusted = trustedProxies.trusts(client);
        String proto = secure ? "https" : "http";
        String priorFor = trusted ? joined.apply(X_FORWARDED_FOR) : null;
        String priorForwarded = trusted ? joined.apply(FORWARDED) : null;
        String priorProto = trusted ? joined.apply(X_FORWARDED_PROTO) : null;
        String priorHost = trusted ? joined.apply(X_FORWARDED_HOST) : null;
        StringBuilder forwarded = new StringBuilder(64);
        if (priorForwarded != null) {
            forwarded.append(priorForwarded).append(", ");
        }
        forwarded.append("for=").append(node(client)).append(";proto=").append(proto);
        if (host != null && !host.isEmpty()) {
            forwarded
                    .append(";host=\"")
                    .append(host.replace("\\", "").replace("\"", ""))
                    .append('"');
        }
        return new ForwardedHop(
                forwarded.toString(),
                priorFor == null ? client : priorFor + ", " + client,
                priorProto != null ? priorProto : proto,
                priorHost != null ? priorHost : host);
    }

    /** Removes what the request carried under these names, then sets this hop's values. */
    void applyTo(Consumer<String> remove, BiConsumer<String, String> set) {
        NAMES.forEach(remove);
        set.accept(FORWARDED, forwarded);
        set.accept(X_FORWARDED_FOR, forwardedFor);
        set.accept(X_FORWARDED_PROTO, forwardedProto);
        if (forwardedHost != null) {
            set.accept(X_FORWARDED_HOST, forwardedHost);
        }
    }

    /** An RFC 7239 node: IPv6 addresses bracketed and quoted. */
    private static String node(String address) {
        return address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
    }
}
