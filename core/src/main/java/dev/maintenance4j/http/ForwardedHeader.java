package dev.maintenance4j.http;

/**
 * The one header family a trusted proxy writes the client's address (and scheme) in. Only that family
 * is read: a proxy that appends to {@code X-Forwarded-For} but passes a client's own {@code Forwarded}
 * header through unchanged would otherwise let the client choose its address.
 *
 * <p>Which one: nginx ({@code proxy_add_x_forwarded_for}), HAProxy ({@code option forwardfor}), Traefik,
 * Caddy, Envoy and the AWS, Google Cloud and Azure load balancers write {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto}; HAProxy with {@code option forwarded} and proxies configured for RFC 7239
 * write {@code Forwarded}.
 */
public enum ForwardedHeader {
    /** {@code X-Forwarded-For} for the address, {@code X-Forwarded-Proto} for the scheme (the default). */
    X_FORWARDED_FOR("X-Forwarded-For", "X-Forwarded-Proto"),
    /** RFC 7239 {@code Forwarded}: {@code for=} for the address, {@code proto=} for the scheme. */
    FORWARDED("Forwarded", "Forwarded");

    private final String addressHeader;
    private final String schemeHeader;

    ForwardedHeader(String addressHeader, String schemeHeader) {
        this.addressHeader = addressHeader;
        this.schemeHeader = schemeHeader;
    }

    /** The header holding the client address. */
    public String addressHeader() {
        return addressHeader;
    }

    /** The header holding the scheme the client used. */
    public String schemeHeader() {
        return schemeHeader;
    }
}
