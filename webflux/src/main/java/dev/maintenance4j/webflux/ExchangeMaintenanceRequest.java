package dev.maintenance4j.webflux;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.QueryStrings;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.net.IpAddress;
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
final class ExchangeMaintenanceRequest implements MaintenanceRequest {

    private final ServerHttpRequest request;
    private final HttpMaintenance http;
    private final String path;
    private final boolean signedIn;
    private final Collection<String> roles;
    private final @Nullable RequestBuffering buffer;
    private boolean clientResolved;
    private @Nullable IpAddress client;

    ExchangeMaintenanceRequest(
            ServerHttpRequest request,
            HttpMaintenance http,
            String path,
            boolean signedIn,
            Collection<String> roles,
            @Nullable RequestBuffering buffer) {
        this.request = request;
        this.http = http;
        this.path = path;
        this.signedIn = signedIn;
        this.roles = roles;
        this.buffer = buffer;
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
    public @Nullable IpAddress clientAddress() {
        if (!clientResolved) {
            client = http.resolver().resolve(remoteAddr(request), headers(request));
            clientResolved = true;
        }
        return client;
    }

    @Override
    public @Nullable String bypassCookie() {
        HttpCookie cookie = request.getCookies().getFirst(http.options().cookieName());
        return cookie == null ? null : cookie.getValue();
    }

    @Override
    public boolean ambiguousPath() {
        return MaintenanceRequest.isAmbiguous(
                request.getPath().pathWithinApplication().value());
    }

    @Override
    public @Nullable String secretParameter() {
        return QueryStrings.value(request.getURI().getRawQuery(), http.secretParameter());
    }

    @Override
    public boolean secretAttemptsLimited() {
        return http.secretAttemptsLimited(clientAddress(), remoteAddr(request));
    }

    @Override
    public boolean signedIn() {
        return signedIn;
    }

    @Override
    public boolean previewRequested() {
        return HttpMaintenance.isPreview(
                request.getHeaders().getFirst(http.options().previewHeader()));
    }

    @Override
    public boolean bufferedRoute() {
        return buffer != null && buffer.buffers(method(), path);
    }

    @Override
    public boolean writesWaiting() {
        return buffer != null && buffer.hasBacklog();
    }

    @Override
    public boolean isUserInRole(String role) {
        return roles.contains(role);
    }
}
