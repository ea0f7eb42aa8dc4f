package dev.maintenance4j.gateway;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.QueryStrings;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.net.IpAddress;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.jspecify.annotations.Nullable;

/**
 * A request on the gateway's event loop seen as {@link MaintenanceRequest}: each fact computed when the gate
 * first asks for it. Only plain paths are decided here ({@link EventLoopFront}), so the raw path is the decoded
 * one. Nobody is signed in at the gateway: admins pass maintenance by the secret URL's cookie or the allow-list.
 */
final class FrontMaintenanceRequest implements MaintenanceRequest {

    private final HttpRequest request;
    private final HttpMaintenance http;
    private final String path;
    private final @Nullable String query;
    private final String remoteAddr;
    private final @Nullable RequestBuffering buffer;
    private boolean clientResolved;
    private @Nullable IpAddress client;

    FrontMaintenanceRequest(
            HttpRequest request,
            HttpMaintenance http,
            String path,
            @Nullable String query,
            String remoteAddr,
            @Nullable RequestBuffering buffer) {
        this.request = request;
        this.http = http;
        this.path = path;
        this.query = query;
        this.remoteAddr = remoteAddr;
        this.buffer = buffer;
    }

    /** The request's headers, for the trusted-proxy rules. */
    HeaderValues headers() {
        HttpHeaders headers = request.headers();
        return name -> headers.getAll(name).iterator();
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public @Nullable IpAddress clientAddress() {
        if (!clientResolved) {
            client = http.resolver().resolve(remoteAddr, headers());
            clientResolved = true;
        }
        return client;
    }

    @Override
    public @Nullable String bypassCookie() {
        String name = http.options().cookieName();
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                if (cookie.name().equals(name)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    @Override
    public boolean ambiguousPath() {
        return MaintenanceRequest.isAmbiguous(path);
    }

    @Override
    public @Nullable String secretParameter() {
        return QueryStrings.value(query, http.secretParameter());
    }

    @Override
    public boolean secretAttemptsLimited() {
        return http.secretAttemptsLimited(clientAddress(), remoteAddr);
    }

    @Override
    public boolean previewRequested() {
        return HttpMaintenance.isPreview(request.headers().get(http.options().previewHeader()));
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
        return false;
    }
}
