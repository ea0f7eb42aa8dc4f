package dev.maintenance4j.gateway;

import dev.maintenance4j.buffer.RejectedRecordException;
import dev.maintenance4j.buffer.request.BufferedRequest;
import dev.maintenance4j.buffer.request.BufferedRequestHandler;
import dev.maintenance4j.buffer.request.RequestBuffer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a buffered request by sending it to the upstream over HTTP: the original method, path, query,
 * kept headers and body, with its {@code Idempotency-Key} (the client's, or the one its receipt named) and
 * {@code X-Maintenance4j-Replay} set to its position in the buffer.
 *
 * <p>A 2xx or 3xx answer applies it. A 5xx, {@code 408}, {@code 425}, {@code 429}, a refused connection or a
 * timeout throws, so the buffer retries with backoff (the upstream is restarting or overloaded); any other
 * 4xx rejects it for good ({@link RejectedRecordException}): it goes to the dead letters at once rather than
 * blocking the requests behind it.
 */
final class UpstreamReplay implements BufferedRequestHandler {

    /** Marks a replayed request, with its position in the buffer, for the upstream's logs. */
    static final String REPLAY_HEADER = "X-Maintenance4j-Replay";

    /** Headers the HTTP client sets itself and refuses from callers. */
    private static final Set<String> CLIENT_SET =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "te", "trailer");

    private static final Set<Integer> RETRIED_CLIENT_ERRORS = Set.of(408, 425, 429);

    private final URI upstream;
    private final HttpClient client;
    private final Duration timeout;

    UpstreamReplay(URI upstream, Duration timeout) {
        this.upstream = upstream;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public void apply(BufferedRequest request) throws Exception {
        String base = upstream.toString().replaceAll("/+$", "");
        URI target = URI.create(base + request.path() + (request.query() == null ? "" : "?" + request.query()));
        HttpRequest.Builder send = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!CLIENT_SET.contains(name) && !name.equals("idempotency-key")) {
                header.getValue().forEach(value -> send.header(header.getKey(), value));
            }
        }
        send.header(RequestBuffer.IDEMPOTENCY_KEY, request.idempotencyKey());
        send.header(REPLAY_HEADER, Long.toString(request.position()));
        HttpResponse<Void> response;
        try {
            response = client.send(send.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IOException("the upstream " + base + " could not be reached: " + e, e);
        }
        int status = response.statusCode();
        if (status < 400) {
            return;
        }
        String answer = "the upstream answered " + status + " to " + request.method() + " " + request.path();
        if (status >= 500 || RETRIED_CLIENT_ERRORS.contains(status)) {
            throw new IOException(answer);
        }
        throw new RejectedRecordException(answer);
    }
}
