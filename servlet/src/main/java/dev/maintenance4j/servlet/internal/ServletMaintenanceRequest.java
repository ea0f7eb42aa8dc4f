package dev.maintenance4j.servlet.internal;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.QueryStrings;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.servlet.ServletHeaders;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A servlet request seen as {@link MaintenanceRequest}: pure facts, each computed when the gate first asks
 * for it (the path and the client once), so a request decided early (maintenance off, an exempt path)
 * costs almost nothing. Reading a fact changes nothing; the filter acts on the decision.
 */
public final class ServletMaintenanceRequest implements MaintenanceRequest {

    /** What the facts of every request are read with: the filter's configuration. */
    public record Reader(HttpMaintenance http, @Nullable RequestBuffering buffer) {

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
            client = reader.http().resolver().resolve(request.getRemoteAddr(), headers());
            clientResolved = true;
        }
        return client;
    }

    /** The request's headers, as the shared HTTP code reads them. */
    public HeaderValues headers() {
        return ServletHeaders.of(request);
    }

    @Override
    public @Nullable String bypassCookie() {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (reader.http().options().cookieName().equals(cookie.getName())) {
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
        return QueryStrings.value(request.getQueryString(), reader.http().secretParameter());
    }

    @Override
    public boolean secretAttemptsLimited() {
        return reader.http().secretAttemptsLimited(clientAddress(), request.getRemoteAddr());
    }

    @Override
    public boolean signedIn() {
        return request.getRemoteUser() != null;
    }

    @Override
    public boolean previewRequested() {
        return HttpMaintenance.isPreview(
                request.getHeader(reader.http().options().previewHeader()));
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
