package dev.maintenance4j.gateway;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.HttpMaintenanceRequest;
import dev.maintenance4j.http.RequestBuffering;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.jspecify.annotations.Nullable;

/**
 * A request on the gateway's event loop seen as {@link MaintenanceRequest}. Only plain paths are decided here
 * ({@link EventLoopFront}), so the raw path is the decoded one. Nobody is signed in at the gateway: admins pass
 * maintenance by the secret URL's cookie or the allow-list.
 */
final class FrontMaintenanceRequest extends HttpMaintenanceRequest {

    private final HttpRequest request;
    private final String path;
    private final @Nullable String query;
    private final String remoteAddr;

    FrontMaintenanceRequest(
            HttpRequest request,
            HttpMaintenance http,
            String path,
            @Nullable String query,
            String remoteAddr,
            @Nullable RequestBuffering buffer) {
        super(http, buffer);
        this.request = request;
        this.path = path;
        this.query = query;
        this.remoteAddr = remoteAddr;
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
    public boolean ambiguousPath() {
        return MaintenanceRequest.isAmbiguous(path);
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    protected String remoteAddr() {
        return remoteAddr;
    }

    @Override
    public HeaderValues headers() {
        HttpHeaders headers = request.headers();
        return name -> headers.getAll(name).iterator();
    }

    @Override
    protected @Nullable String header(String name) {
        return request.headers().get(name);
    }

    @Override
    protected @Nullable String rawQuery() {
        return query;
    }

    @Override
    protected @Nullable String cookie(String name) {
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                if (cookie.name().equals(name)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }
}
