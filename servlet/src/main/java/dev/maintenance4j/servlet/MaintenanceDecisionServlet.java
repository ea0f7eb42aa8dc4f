package dev.maintenance4j.servlet;

import dev.maintenance4j.http.ClientAddressResolver;
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.protocol.ApiError;
import dev.maintenance4j.servlet.internal.DiscardedResponse;
import dev.maintenance4j.servlet.internal.OriginalRequest;
import dev.maintenance4j.text.Failures;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Maintenance decisions for the proxy a team already runs: nginx {@code auth_request}, Caddy
 * {@code forward_auth}, Traefik {@code ForwardAuth}, ingress-nginx {@code auth-url}, Envoy {@code ext_authz}.
 * The proxy asks about each request with a subrequest carrying the original method and URI in headers
 * or its own request line (the {@link OriginalRequestHeaders} family it was configured for, and no
 * other); this servlet rebuilds
 * that request and puts it through the {@link MaintenanceFilter} it was given, so every rule of the
 * filter applies (modes, operation classes, exempt paths, secret URL and bypass cookie, allow-list
 * through the proxy's forwarded headers, roles from a header the proxy sets after its own
 * authentication). It answers:
 *
 * <ul>
 *   <li>{@code 204} when the request may pass ({@code 200} for Envoy, which passes nothing else);</li>
 *   <li>otherwise what the filter would answer (the maintenance page or JSON with {@code Retry-After},
 *       the secret URL's redirect with the bypass cookie), for proxies that pass it to the client (with
 *       the status they pass on: {@link OriginalRequestHeaders#answerStatus});</li>
 *   <li>or, when the subrequest carries {@value #DENY_STATUS_HEADER}{@code : 401} (or 403), that status
 *       and no body, for nginx, which then asks again from its {@code error_page} location without it.</li>
 * </ul>
 * It answers only the filter's trusted proxies (403 for anyone else), whose headers it believes. Buffered
 * routes are answered as blocked: a subrequest carries no body to buffer.
 */
public final class MaintenanceDecisionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The header with which nginx asks for a bare 401 or 403 instead of the maintenance response. */
    public static final String DENY_STATUS_HEADER = "X-Maintenance4j-Deny-Status";

    /**
     * The header naming a maintenance answer's real status when it goes out with another one for the
     * proxy's sake ({@link OriginalRequestHeaders#ENVOY}: a {@code 503} as {@code 429}).
     */
    public static final String STATUS_HEADER = "X-Maintenance4j-Status";

    private final transient MaintenanceFilter filter;
    private final transient ClientAddressResolver resolver;
    private final OriginalRequestHeaders headers;
    private final @Nullable String userHeader;
    private final @Nullable String rolesHeader;

    private MaintenanceDecisionServlet(Builder b) {
        this.filter = b.filter;
        this.resolver = filter.resolver();
        this.headers = b.headers;
        this.userHeader = b.userHeader;
        this.rolesHeader = b.rolesHeader;
    }

    /**
     * A decision endpoint deciding as {@code filter} does, for a proxy that sends the original request in
     * {@code headers} (only those are read); map it to {@code /maintenance/decide}, and for
     * {@link OriginalRequestHeaders#ENVOY} to {@code /maintenance/decide/*}.
     */
    public static Builder builder(MaintenanceFilter filter, OriginalRequestHeaders headers) {
        return new Builder(filter, headers);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, ApiError error)
            throws IOException {
        ServletResponses.write(request, response, MaintenanceResponse.json(error.status(), error));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!resolver.trusts(request.getRemoteAddr())) {
            refuse(
                    request,
                    response,
                    ApiError.of(
                            403,
                            "Forbidden",
                            resolver.trustedProxies().isEmpty()
                                    ? "no trusted proxies are configured: list the proxy's address in the filter's trustedProxies"
                                    : "the decision endpoint answers only the trusted proxies; ask through the proxy"));
            return;
        }
        OriginalRequest original;
        try {
            original = OriginalRequest.of(request, headers, userHeader, rolesHeader);
        } catch (IllegalArgumentException e) {
            refuse(request, response, new ApiError(400, "Bad Request", Failures.describe(e), null));
            return;
        }
        int denyStatus = denyStatus(request);
        HttpServletResponse answer =
                denyStatus == 0 ? new ProxyPassedAnswer(response, headers) : new DiscardedResponse(response);
        boolean[] passed = {false};
        filter.doFilter(original, answer, (req, res) -> passed[0] = true);
        if (passed[0]) {
            response.setStatus(headers.passStatus());
        } else if (denyStatus != 0) {
            response.setStatus(denyStatus);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
        }
    }

    /** The filter's answer, with the status the proxy passes to the client ({@link OriginalRequestHeaders#answerStatus}). */
    private static final class ProxyPassedAnswer extends HttpServletResponseWrapper {
        private final OriginalRequestHeaders headers;

        ProxyPassedAnswer(HttpServletResponse response, OriginalRequestHeaders headers) {
            super(response);
            this.headers = headers;
        }

        @Override
        public void setStatus(int status) {
            int sent = headers.answerStatus(status);
            if (sent != status) {
                setHeader(STATUS_HEADER, Integer.toString(status));
            }
            super.setStatus(sent);
        }
    }

    private static int denyStatus(HttpServletRequest request) {
        String value = request.getHeader(DENY_STATUS_HEADER);
        if (value == null) {
            return 0;
        }
        return switch (value.strip()) {
            case "401" -> 401;
            case "403" -> 403;
            default -> 0;
        };
    }

    /** Builds {@link MaintenanceDecisionServlet}s. */
    public static final class Builder {
        private final MaintenanceFilter filter;
        private final OriginalRequestHeaders headers;
        private @Nullable String userHeader;
        private @Nullable String rolesHeader;

        private Builder(MaintenanceFilter filter, OriginalRequestHeaders headers) {
            this.filter = Objects.requireNonNull(filter, "filter");
            this.headers = Objects.requireNonNull(headers, "headers");
        }

        /**
         * The header the proxy names the user its own authentication found in, such as
         * {@code X-Forwarded-User} (default: none, so nobody is signed in). Only for a proxy that always sets
         * it, replacing what a client sent: otherwise a client names itself.
         */
        public Builder userHeader(@Nullable String header) {
            this.userHeader = header;
            return this;
        }

        /**
         * The header the proxy lists that user's roles in, comma-separated, such as
         * {@code X-Forwarded-Groups}: admin roles pass as they do through the filter (default: none).
         */
        public Builder rolesHeader(@Nullable String header) {
            this.rolesHeader = header;
            return this;
        }

        public MaintenanceDecisionServlet build() {
            return new MaintenanceDecisionServlet(this);
        }
    }
}
