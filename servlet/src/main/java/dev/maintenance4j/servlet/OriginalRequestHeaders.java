package dev.maintenance4j.servlet;

import org.jspecify.annotations.Nullable;

/**
 * Where a proxy puts the original request's method and URI when it asks the decision endpoint, and how
 * it reads the answer. Only the family the proxy in front uses is read: a header the proxy does not set
 * would come from the client unchanged, and a client must not choose the path that is decided on.
 */
public enum OriginalRequestHeaders {
    /** {@code X-Original-URI} and {@code X-Original-Method}: nginx as configured in docs/proxies, ingress-nginx. */
    X_ORIGINAL("X-Original-URI", "X-Original-Method", 204, 0),
    /** {@code X-Forwarded-Uri} and {@code X-Forwarded-Method}: Caddy {@code forward_auth}, Traefik {@code ForwardAuth}. */
    X_FORWARDED("X-Forwarded-Uri", "X-Forwarded-Method", 204, 0),
    /**
     * The request line itself, as Envoy's HTTP {@code ext_authz} asks: the original method as the
     * question's own, and the original path and query after the endpoint's path ({@code path_prefix}), so
     * the endpoint is mapped to {@code /maintenance/decide/*}. Envoy lets a request through on {@code 200}
     * only, and turns a {@code 5xx} answer into its own error without the body, so a request that passes is
     * answered {@code 200} and a {@code 5xx} maintenance answer goes out as {@code 429} with
     * {@value MaintenanceDecisionServlet#STATUS_HEADER} naming the real status, for Envoy's
     * {@code local_reply_config} to restore (docs/proxies/envoy.yaml).
     */
    ENVOY(null, null, 200, 429);

    private final @Nullable String uri;
    private final @Nullable String method;
    private final int passStatus;
    private final int serverErrorStatus;

    OriginalRequestHeaders(@Nullable String uri, @Nullable String method, int passStatus, int serverErrorStatus) {
        this.uri = uri;
        this.method = method;
        this.passStatus = passStatus;
        this.serverErrorStatus = serverErrorStatus;
    }

    /** The header with the original path and query, or null when the request line carries them. */
    public @Nullable String uri() {
        return uri;
    }

    /** The header with the original method, or null when the request line carries it. */
    public @Nullable String method() {
        return method;
    }

    /** The status that tells this proxy to let the request through. */
    public int passStatus() {
        return passStatus;
    }

    /**
     * The status a maintenance answer of {@code status} goes out with: itself, or for a proxy that drops
     * an authorisation server's {@code 5xx} answers, a status it passes to the client.
     */
    public int answerStatus(int status) {
        return serverErrorStatus != 0 && status >= 500 ? serverErrorStatus : status;
    }
}
