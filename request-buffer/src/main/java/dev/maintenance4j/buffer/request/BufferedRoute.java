package dev.maintenance4j.buffer.request;

import dev.maintenance4j.operation.PathPattern;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A write route whose requests are accepted into the write buffer while maintenance blocks them, and
 * the handler that applies them afterwards.
 *
 * <pre>{@code
 * BufferedRoute.of("POST", "/api/events", request -> events.record(request.idempotencyKey(), request.body()))
 * }</pre>
 */
public final class BufferedRoute {

    private final String method;
    private final PathPattern path;
    private final BufferedRequestHandler handler;

    private BufferedRoute(String method, PathPattern path, BufferedRequestHandler handler) {
        this.method = method;
        this.path = path;
        this.handler = handler;
    }

    /**
     * @param method an HTTP method that writes (POST, PUT, PATCH or DELETE)
     * @param path   a path pattern ({@code *} one segment, {@code **} any rest), as for operation rules
     */
    public static BufferedRoute of(String method, String path, BufferedRequestHandler handler) {
        String m = method.toUpperCase(Locale.ROOT);
        if (!m.equals("POST") && !m.equals("PUT") && !m.equals("PATCH") && !m.equals("DELETE")) {
            throw new IllegalArgumentException("only writes (POST, PUT, PATCH, DELETE) are buffered, not " + method);
        }
        return new BufferedRoute(m, PathPattern.of(path), Objects.requireNonNull(handler, "handler"));
    }

    /**
     * A route whose handler does not block: it returns a stage that completes once the request is applied, such as a
     * reactive repository's {@code save(event).then().toFuture()}. The replay waits for it on the buffer's own replay
     * thread (never a server's event loop) before it applies the next request.
     *
     * @see #of(String, String, BufferedRequestHandler)
     */
    public static BufferedRoute ofAsync(String method, String path, AsyncBufferedRequestHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return of(method, path, request -> awaitApplied(handler.apply(request)));
    }

    private static void awaitApplied(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            // what the handler failed with, as if it had thrown it: a RejectedRecordException still dead-letters at
            // once
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    public boolean matches(String method, String path) {
        return this.method.equals(method) && this.path.matches(path);
    }

    public String method() {
        return method;
    }

    BufferedRequestHandler handler() {
        return handler;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
