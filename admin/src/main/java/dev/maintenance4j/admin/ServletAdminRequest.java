package dev.maintenance4j.admin;

import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.servlet.ServletHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** A servlet request as the admin API reads it. */
final class ServletAdminRequest implements AdminRequest {

    private final HttpServletRequest request;

    ServletAdminRequest(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        String path = request.getPathInfo();
        return path == null ? "/" : path;
    }

    @Override
    public @Nullable String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public HeaderValues headers() {
        return ServletHeaders.of(request);
    }

    @Override
    public @Nullable String queryParameter(String name) {
        return request.getParameter(name);
    }

    @Override
    public String remoteAddr() {
        return request.getRemoteAddr();
    }

    @Override
    public byte[] body(int maxBytes) throws IOException {
        return request.getInputStream().readNBytes(maxBytes + 1);
    }

    @Override
    public @Nullable String remoteUser() {
        return request.getRemoteUser();
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }
}
