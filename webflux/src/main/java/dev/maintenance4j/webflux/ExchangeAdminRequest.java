package dev.maintenance4j.webflux;

import dev.maintenance4j.admin.AdminRequest;
import dev.maintenance4j.http.HeaderValues;
import java.security.Principal;
import java.util.Arrays;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A WebFlux request as the admin API reads it. The body was read before (without blocking, at most what the
 * API accepts plus one byte) and the principal resolved, so nothing here waits.
 */
final class ExchangeAdminRequest implements AdminRequest {

    private final ServerHttpRequest request;
    private final String path;
    private final byte[] body;
    private final @Nullable Principal principal;
    private final Collection<String> roles;

    ExchangeAdminRequest(
            ServerHttpRequest request,
            String path,
            byte[] body,
            @Nullable Principal principal,
            Collection<String> roles) {
        this.request = request;
        this.path = path;
        this.body = body;
        this.principal = principal;
        this.roles = roles;
    }

    @Override
    public String method() {
        return request.getMethod().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public @Nullable String header(String name) {
        return request.getHeaders().getFirst(name);
    }

    @Override
    public HeaderValues headers() {
        return ExchangeMaintenanceRequest.headers(request);
    }

    @Override
    public @Nullable String queryParameter(String name) {
        return request.getQueryParams().getFirst(name);
    }

    @Override
    public String remoteAddr() {
        return ExchangeMaintenanceRequest.remoteAddr(request);
    }

    @Override
    public byte[] body(int maxBytes) {
        return body.length <= maxBytes + 1 ? body : Arrays.copyOf(body, maxBytes + 1);
    }

    @Override
    public @Nullable String remoteUser() {
        return principal == null ? null : principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal != null && roles.contains(role);
    }
}
