package dev.maintenance4j.servlet.internal;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.servlet.client.ClientAddressResolver;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A servlet request seen as {@link MaintenanceRequest}. Each fact is computed when the gate first asks
 * for it, so a request that is decided early (maintenance off, an exempt path) costs almost nothing.
 */
public final class ServletMaintenanceRequest implements MaintenanceRequest {

    private final HttpServletRequest request;
    private final ClientAddressResolver resolver;
    private final String cookieName;
    private final String secretParameter;
    private final FailedAttemptLimiter limiter;
    private final long nowMillis;
    private final String path;
    private boolean clientResolved;
    private @Nullable IpAddress client;
    private boolean secretAttempted;
    private boolean secretLimited;

    public ServletMaintenanceRequest(
            HttpServletRequest request,
            ClientAddressResolver resolver,
            String cookieName,
            String secretParameter,
            FailedAttemptLimiter limiter,
            long nowMillis) {
        this.request = request;
        this.resolver = resolver;
        this.cookieName = cookieName;
        this.secretParameter = secretParameter;
        this.limiter = limiter;
        this.nowMillis = nowMillis;
        this.path = pathOf(request);
    }

    /** The path within the application, decoded and normalised by the container. */
    public static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath.isEmpty() ? pathInfo : servletPath + pathInfo;
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public @Nullable IpAddress clientAddress() {
        if (!clientResolved) {
            client = resolver.resolve(request);
            clientResolved = true;
        }
        return client;
    }

    /** The client as a key for per-client limits: its address, or the socket peer when unknown. */
    public String clientKey() {
        IpAddress address = clientAddress();
        return address != null ? address.toString() : "peer:" + request.getRemoteAddr();
    }

    @Override
    public @Nullable String bypassCookie() {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (cookieName.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    @Override
    public boolean ambiguousPath() {
        return MaintenanceRequest.isAmbiguous(request.getRequestURI());
    }

    @Override
    public @Nullable String secretCandidate() {
        String parameter = QueryStrings.value(request.getQueryString(), secretParameter);
        String candidate = MaintenanceRequest.secretCandidate(path, parameter);
        if (candidate == null) {
            return null;
        }
        if (parameter == null && MaintenanceRequest.looksLikeFileName(candidate)) {
            return candidate; // a browser's own lookup (an icon, a manifest): checked, but never counted as an attempt
        }
        secretAttempted = true;
        if (limiter.isLimited(clientKey(), nowMillis)) {
            secretLimited = true;
            return null;
        }
        return candidate;
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }

    /** True when the request presented a secret candidate that was checked (and, unless it bypassed, failed). */
    public boolean secretAttempted() {
        return secretAttempted && !secretLimited;
    }
}
