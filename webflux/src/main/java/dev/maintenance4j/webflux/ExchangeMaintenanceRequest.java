package dev.maintenance4j.webflux;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.HttpMaintenanceRequest;
import dev.maintenance4j.http.RequestBuffering;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriUtils;

/**
 * A WebFlux request seen as {@link MaintenanceRequest}: pure facts, each computed when the gate first asks
 * for it. The user and roles come from the exchange's principal, resolved before the decision.
 */
final class ExchangeMaintenanceRequest extends HttpMaintenanceRequest {

    private final ServerHttpRequest request;
    private final String path;
    private final boolean signedIn;
    private final Collection<String> roles;

    ExchangeMaintenanceRequest(
            ServerHttpRequest request,
            HttpMaintenance http,
            String path,
            boolean signedIn,
            Collection<String> roles,
            @Nullable RequestBuffering buffer) {
        super(http, buffer);
        this.request = request;
        this.path = path;
        this.signedIn = signedIn;
        this.roles = roles;
    }

    /** The path within the application, percent-decoded (an ambiguous raw path gets no path-based pass). */
    static String pathOf(ServerHttpRequest request) {
        String raw = request.getPath().pathWithinApplication().value();
        String path = raw.indexOf('%') >= 0 ? UriUtils.decode(raw, StandardCharsets.UTF_8) : raw;
        return path.isEmpty() ? "/" : path;
    }

    /** The socket peer's address as text ({@code ""} when the server does not know it). */
    static String remoteAddr(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "";
        }
        return remote.getAddress().getHostAddress();
    }

    static HeaderValues headers(ServerHttpRequest request) {
        return name -> {
            List<String> values = HeaderLookup.values(request.getHeaders(), name);
            return values == null ? Set.<String>of().iterator() : values.iterator();
        };
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
    public boolean ambiguousPath() {
        return MaintenanceRequest.isAmbiguous(
                request.getPath().pathWithinApplication().value());
    }

    @Override
    public boolean signedIn() {
        return signedIn;
    }

    @Override
    public boolean isUserInRole(String role) {
        return roles.contains(role);
    }

    @Override
    protected String remoteAddr() {
        return remoteAddr(request);
    }

    @Override
    public HeaderValues headers() {
        return headers(request);
    }

    @Override
    protected @Nullable String header(String name) {
        return request.getHeaders().getFirst(name);
    }

    @Override
    protected @Nullable String rawQuery() {
        return request.getURI().getRawQuery();
    }

    @Override
    protected @Nullable String cookie(String name) {
        HttpCookie cookie = request.getCookies().getFirst(name);
        return cookie == null ? null : cookie.getValue();
    }
}
