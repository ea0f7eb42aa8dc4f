package dev.maintenance4j.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A blocked request on a buffered route, as a web adapter read it for {@link RequestBuffering#accept}.
 *
 * @param path           the path within the application, decoded, as the decision saw it
 * @param query          the raw query string, or null
 * @param principal      the signed-in user's name, or null: replay runs as this user, no credentials are kept
 * @param declaredLength the {@code Content-Length} the client declared, or -1
 * @param body           the body as read: at most {@link RequestBuffering#bodyBytesToRead} bytes
 */
public record BufferedWrite(
        String method,
        String path,
        @Nullable String query,
        HeaderValues headers,
        @Nullable String principal,
        long declaredLength,
        byte[] body) {

    public BufferedWrite {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
