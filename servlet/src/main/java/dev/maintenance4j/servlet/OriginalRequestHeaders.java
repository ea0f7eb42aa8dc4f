package dev.maintenance4j.servlet;

/**
 * The headers a proxy puts the original request's method and URI in when it asks the decision endpoint.
 * Only the family the proxy in front sets is read: a header the proxy does not set would come from the
 * client unchanged, and a client must not choose the path that is decided on.
 */
public enum OriginalRequestHeaders {
    /** {@code X-Original-URI} and {@code X-Original-Method}: nginx as configured in docs/proxies, ingress-nginx. */
    X_ORIGINAL("X-Original-URI", "X-Original-Method"),
    /** {@code X-Forwarded-Uri} and {@code X-Forwarded-Method}: Caddy {@code forward_auth}, Traefik {@code ForwardAuth}. */
    X_FORWARDED("X-Forwarded-Uri", "X-Forwarded-Method");

    private final String uri;
    private final String method;

    OriginalRequestHeaders(String uri, String method) {
        this.uri = uri;
        this.method = method;
    }

    /** The header with the original path and query. */
    public String uri() {
        return uri;
    }

    /** The header with the original method. */
    public String method() {
        return method;
    }
}
