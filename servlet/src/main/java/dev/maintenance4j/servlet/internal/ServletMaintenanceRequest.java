package dev.maintenance4j.servlet.internal;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.HttpMaintenanceRequest;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.servlet.ServletHeaders;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A servlet request seen as {@link MaintenanceRequest}: pure facts, each computed when the gate first asks
 * for it (the path and the client once), so a request decided early (maintenance off, an exempt path)
 * costs almost nothing. Reading a fact changes nothing; the filter acts on the decision.
 */
public final class ServletMaintenanceRequest extends HttpMaintenanceRequest {

    /** What the facts of every request are read with: the filter's configuration. */
    public record Reader(HttpMaintenance http, @Nullable RequestBuffering buffer) {

        /** The facts of {@code request}; {@code path} when the adapter computed it already, else null. */
        public ServletMaintenanceRequest read(HttpServletRequest request, @Nullable String path) {
            return new ServletMaintenanceRequest(request, this, path);
        }
    }

    private final HttpServletRequest request;
    private @Nullable String path;

    private ServletMaintenanceRequest(HttpServletRequest request, Reader reader, @Nullable String path) {
        super(reader.http(), reader.buffer());
        this.request = request;
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

    /** The request's headers, as the shared HTTP code reads them. */
    @Override
    public HeaderValues headers() {
        return ServletHeaders.of(request);
    }

    @Override
    protected @Nullable String cookie(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    @Override
    protected String remoteAddr() {
        return request.getRemoteAddr();
    }

    @Override
    protected @Nullable String header(String name) {
        return request.getHeader(name);
    }

    @Override
    protected @Nullable String rawQuery() {
        return request.getQueryString();
    }

    @Override
    public boolean ambiguousPath() {
        return MaintenanceRequest.isAmbiguous(request.getRequestURI());
    }

    @Override
    public boolean signedIn() {
        return request.getRemoteUser() != null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }
}
