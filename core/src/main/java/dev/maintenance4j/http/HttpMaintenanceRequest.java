package dev.maintenance4j.http;

import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The part of {@link MaintenanceRequest} every HTTP adapter reads the same way, over whatever request type its
 * framework has: the client through trusted proxies (resolved once, when first asked), the bypass cookie, the
 * secret parameter and the limit on wrong secrets, the preview header, and the write buffer's facts. An adapter
 * extends it with the few things only its framework knows: the method, the path, the raw target (for
 * {@link #ambiguousPath()}), who is signed in, and the accessors below.
 */
public abstract class HttpMaintenanceRequest implements MaintenanceRequest {

    private final HttpMaintenance http;
    private final @Nullable RequestBuffering buffer;
    private boolean clientResolved;
    private @Nullable IpAddress client;

    protected HttpMaintenanceRequest(HttpMaintenance http, @Nullable RequestBuffering buffer) {
        this.http = http;
        this.buffer = buffer;
    }

    /** The socket peer's address as text ({@code ""} when the server does not know it). */
    protected abstract String remoteAddr();

    /** The request's headers, as the trusted-proxy rules read them. */
    public abstract HeaderValues headers();

    /** The first value of a request header, or null. */
    protected abstract @Nullable String header(String name);

    /** The raw (still encoded) query string, or null. */
    protected abstract @Nullable String rawQuery();

    /** The value of the request's cookie of that name, or null. */
    protected abstract @Nullable String cookie(String name);

    @Override
    public final @Nullable IpAddress clientAddress() {
        if (!clientResolved) {
            client = http.resolver().resolve(remoteAddr(), headers());
            clientResolved = true;
        }
        return client;
    }

    @Override
    public final @Nullable String bypassCookie() {
        return cookie(http.options().cookieName());
    }

    @Override
    public final @Nullable String secretParameter() {
        return QueryStrings.value(rawQuery(), http.secretParameter());
    }

    @Override
    public final boolean secretAttemptsLimited() {
        return http.secretAttemptsLimited(clientAddress(), remoteAddr());
    }

    @Override
    public final boolean previewRequested() {
        return HttpMaintenance.isPreview(header(http.options().previewHeader()));
    }

    @Override
    public final boolean bufferedRoute() {
        return buffer != null && buffer.buffers(method(), path());
    }

    @Override
    public final boolean writesWaiting() {
        return buffer != null && buffer.hasBacklog();
    }
}
