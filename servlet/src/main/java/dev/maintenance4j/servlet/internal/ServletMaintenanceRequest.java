package dev.maintenance4j.servlet.internal;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.servlet.RequestBuffering;
import dev.maintenance4j.servlet.client.ClientAddressResolver;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * A servlet request seen as {@link MaintenanceRequest}: pure facts, each computed when the gate first asks
 * for it (the path and the client once), so a request decided early (maintenance off, an exempt path)
 * costs almost nothing. Reading a fact changes nothing; the filter acts on the decision.
 */
public final class ServletMaintenanceRequest implements MaintenanceRequest {

    /** What the facts of every request are read with: the filter's configuration. */
    public record Reader(
            ClientAddressResolver resolver,
            String cookieName,
            String secretParameter,
            String previewHeader,
            FailedAttemptLimiter secretAttempts,
            @Nullable RequestBuffering buffer,
            Clock clock) {

        /** The facts of {@code request}; {@code path} when the adapter computed it already, else null. */
        public ServletMaintenanceRequest read(HttpServletRequest request, @Nullable String path) {
            return new ServletMaintenanceRequest(request, this, path);
        }

        /** True while the write buffer holds requests not yet replayed; the same for every request. */
        public boolean writesWaiting() {
            return buffer != null && buffer.hasBacklog();
        }
    }

    private final HttpServletRequest request;
    private final Reader reader;
    private @Nullable String path;
    private boolean clientResolved;
    private @Nullable IpAddress client;

    private ServletMaintenanceRequest(HttpServletRequest request, Reader reader, @Nullable String path) {
        this.request = request;
        this.reader = reader;
        this.path = path;
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
        String p = path;
        if (p == null) {
            p = pathOf(request);
            path = p;
        }
        return p;
    }

    @Override
    public @Nullable IpAddress clientAddress() {
        if (!clientResolved) {
            client = reader.resolver().resolve(request);
            clientResolved = true;
        }
        return client;
    }

    /** The client as a key for per-client limits: its address, or the socket peer when unknown. */
    public String clientKey() {
        return ClientAddressResolver.clientKey(clientAddress(), request.getRemoteAddr());
    }

    @Override
    public @Nullable String bypassCookie() {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (reader.cookieName().equals(cookie.getName())) {
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
    public @Nullable String secretParameter() {
        return QueryStrings.value(request.getQueryString(), reader.secretParameter());
    }

    @Override
    public boolean secretAttemptsLimited() {
        return reader.secretAttempts().isLimited(clientKey(), reader.clock().millis());
    }

    @Override
    public boolean signedIn() {
        return request.getRemoteUser() != null;
    }

    @Override
    public boolean previewRequested() {
        String value = request.getHeader(reader.previewHeader());
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    @Override
    public boolean bufferedRoute() {
        RequestBuffering buffer = reader.buffer();
        return buffer != null && buffer.buffers(method(), path());
    }

    @Override
    public boolean writesWaiting() {
        return reader.writesWaiting();
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }
}
