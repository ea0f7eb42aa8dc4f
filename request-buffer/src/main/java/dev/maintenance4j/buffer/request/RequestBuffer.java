package dev.maintenance4j.buffer.request;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.buffer.BufferFullException;
import dev.maintenance4j.buffer.BufferStats;
import dev.maintenance4j.buffer.BufferedRecord;
import dev.maintenance4j.buffer.DeadLetter;
import dev.maintenance4j.buffer.Receipt;
import dev.maintenance4j.buffer.WriteBuffer;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.http.BufferedWrite;
import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.protocol.ApiError;
import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.DeadLetterEntry;
import dev.maintenance4j.spi.StateStore.Subscription;
import dev.maintenance4j.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffered routes for a web adapter (the servlet {@code MaintenanceFilter}, the WebFlux {@code MaintenanceWebFilter},
 * the gateway): a request to one of them
 * that maintenance would block is appended to the durable {@link WriteBuffer} instead and answered with
 * {@code 202 Accepted} and a receipt. When maintenance ends (or is in test mode), the buffer is replayed
 * in order through the routes' {@link BufferedRequestHandler}s; until the backlog is empty, new requests on the
 * buffered routes are appended behind it, so acceptance order is application order.
 *
 * <p>Replay goes through registered handlers rather than back through the server: the
 * handler gets the principal's name with the request, so no credentials need to be stored or replayed,
 * and the application's security does not have to honour a replay marker.
 *
 * <pre>{@code
 * RequestBuffer buffer = RequestBuffer.builder(WriteBuffer.builder(Path.of("var/write-buffer")).build())
 *         .route(BufferedRoute.of("POST", "/api/events", request -> events.record(request.idempotencyKey(), request.bodyText())))
 *         .build()
 *         .start(maintenance);
 * MaintenanceFilter.builder(maintenance).requestBuffer(buffer).build();
 * }</pre>
 */
public final class RequestBuffer implements RequestBuffering, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestBuffer.class);
    /** The header a client names its idempotency key in. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final WriteBuffer buffer;
    private final List<BufferedRoute> routes;
    private final IdempotencyKeys idempotencyKeys = new IdempotencyKeys();
    private final int maxBodyBytes;
    private final List<String> keptHeaders;
    private Scheduler.@Nullable Task checks;
    private @Nullable Maintenance maintenance;
    private @Nullable Subscription subscription;
    private volatile boolean operatorReplay;

    private RequestBuffer(Builder b) {
        this.buffer = b.buffer;
        this.routes = List.copyOf(b.routes);
        this.maxBodyBytes = b.maxBodyBytes;
        this.keptHeaders = b.keptHeaders.stream()
                .map(h -> h.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
    }

    public static Builder builder(WriteBuffer buffer) {
        return new Builder(buffer);
    }

    /**
     * Follows {@code maintenance}: replays the backlog whenever maintenance is over (at once if it is
     * over already), stops replaying when it starts again, and reports the backlog in this instance's
     * reports.
     */
    public RequestBuffer start(Maintenance maintenance) {
        this.maintenance = maintenance;
        maintenance.reportBufferedWrites(buffer::pending);
        this.subscription = maintenance.addListener(event -> {
            if (event instanceof MaintenanceEvent.StateApplied) {
                maintenance.scheduler().execute(this::replayIfOver);
            }
        });
        this.checks = maintenance
                .scheduler()
                .scheduleWithFixedDelay(this::replayIfOver, Duration.ZERO, Duration.ofSeconds(1));
        return this;
    }

    private void replayIfOver() {
        Maintenance m = maintenance;
        if (m == null) {
            return;
        }
        try {
            if (replayAllowed(m.state(), m.clock().instant())) {
                if (buffer.pending() > 0) {
                    buffer.drain(this::apply);
                }
            } else if (buffer.stats().draining() && !operatorReplay) {
                log.info(
                        "Maintenance is on again: replay of the write buffer pauses with {} request(s) pending",
                        buffer.pending());
                buffer.stopDraining();
            }
        } catch (RuntimeException e) {
            log.warn("Write buffer replay check failed: {}", e.toString());
        }
    }

    /** Buffered routes are writes: they can be applied when maintenance is not active, or only testing. */
    private static boolean replayAllowed(MaintenanceState state, Instant now) {
        return !state.isActiveAt(now) || state.mode() == Mode.TEST;
    }

    /**
     * Starts draining the backlog now, even while maintenance is on (the admin API's and CLI's "drain": an
     * operator's decision, which the next start of maintenance does not pause), or joins the drain that
     * runs.
     */
    public CompletableFuture<WriteBuffer.DrainResult> drain() {
        operatorReplay = true;
        CompletableFuture<WriteBuffer.DrainResult> run = buffer.drain(this::apply);
        run.whenComplete((result, failure) -> operatorReplay = false);
        return run;
    }

    private void apply(BufferedRecord record) throws Exception {
        BufferedRequest request = BufferedRequest.decode(record);
        BufferedRoute route = match(request.method(), request.path());
        if (route == null) {
            throw new IllegalStateException(
                    "no buffered route matches " + request.method() + " " + request.path() + " any more");
        }
        route.handler().apply(request);
    }

    /** The buffered route for a request, or null. No I/O. */
    public @Nullable BufferedRoute match(String method, String path) {
        for (BufferedRoute route : routes) {
            if (route.matches(method, path)) {
                return route;
            }
        }
        return null;
    }

    @Override
    public boolean buffers(String method, String path) {
        return match(method, path) != null;
    }

    @Override
    public void startDrain() {
        drain();
    }

    @Override
    public boolean hasBacklog() {
        return buffer.pending() > 0;
    }

    /**
     * Accepts a request on a buffered route into the buffer and answers it: {@code 202} with a receipt,
     * {@code 413} when the body is over the limit, {@code 400} for a malformed {@code Idempotency-Key},
     * {@code 422} for a key reused with another request.
     *
     * @return null when the request is on no buffered route, or the buffer can not take it (full, or the
     *         disk failed): nothing was written, and the caller answers as it would without a buffer
     */
    @Override
    public @Nullable MaintenanceResponse accept(BufferedWrite write) {
        BufferedRoute route = match(write.method(), write.path());
        if (route == null) {
            return null;
        }
        if (write.declaredLength() > maxBodyBytes) {
            return reject(
                    413,
                    "Content Too Large",
                    "the body of " + write.declaredLength() + " bytes is over the " + maxBodyBytes
                            + "-byte limit for requests accepted during maintenance");
        }
        String key = first(write.headers(), IDEMPOTENCY_KEY);
        if (key != null && !WriteBuffer.isValidIdempotencyKey(key)) {
            return reject(
                    400,
                    "Bad Request",
                    "Idempotency-Key must be 1 to " + WriteBuffer.MAX_IDEMPOTENCY_KEY_LENGTH
                            + " visible ASCII characters");
        }
        byte[] body = write.body();
        if (body.length > maxBodyBytes) {
            return reject(
                    413,
                    "Content Too Large",
                    "the body is over the " + maxBodyBytes + "-byte limit for requests accepted during maintenance");
        }
        String principalName = write.principal();
        String clientKey = key != null ? key : UUID.randomUUID().toString();
        // a client's key counts within its route and principal only, and may not be reused for another request
        String scopedKey = IdempotencyKeys.scoped(route, principalName, clientKey);
        if (key != null && !idempotencyKeys.remember(scopedKey, IdempotencyKeys.fingerprint(write.query(), body))) {
            return reject(
                    422,
                    "Unprocessable Content",
                    "this Idempotency-Key was already used with a different request on " + route
                            + "; send a new key for a new request");
        }
        byte[] encoded = BufferedRequest.encode(
                write.method(),
                write.path(),
                write.query(),
                keptHeaders(write.headers()),
                principalName,
                clientKey,
                body);
        Receipt receipt;
        try {
            receipt = buffer.append(scopedKey, encoded);
        } catch (IllegalArgumentException e) {
            return reject(413, "Content Too Large", "the request is over the write buffer's record limit");
        } catch (BufferFullException e) {
            log.warn("Write buffer full: {} {} refused with the maintenance response", write.method(), write.path());
            return null;
        } catch (IOException e) {
            log.error(
                    "Write buffer failed: {} {} refused with the maintenance response: {}",
                    write.method(),
                    write.path(),
                    e.toString());
            return null;
        }
        return MaintenanceResponse.json(
                202,
                new AcceptedReceipt(
                        202,
                        true,
                        clientKey,
                        clientKey,
                        receipt.position(),
                        receipt.appendedAt(),
                        "Accepted during maintenance; it will be applied in order when maintenance ends."));
    }

    @Override
    public int bodyBytesToRead(long declaredLength) {
        return declaredLength > maxBodyBytes ? 0 : maxBodyBytes + 1;
    }

    /** What a client gets for a request accepted into the buffer. */
    private record AcceptedReceipt(
            int status,
            boolean accepted,
            String id,
            String idempotencyKey,
            long position,
            Instant acceptedAt,
            String message) {}

    private Map<String, List<String>> keptHeaders(HeaderValues headers) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        for (String name : keptHeaders) {
            List<String> values = new ArrayList<>();
            headers.values(name).forEachRemaining(values::add);
            if (!values.isEmpty()) {
                kept.put(name, values);
            }
        }
        return kept;
    }

    private static @Nullable String first(HeaderValues headers, String name) {
        Iterator<String> values = headers.values(name);
        return values.hasNext() ? values.next() : null;
    }

    private static MaintenanceResponse reject(int status, String error, String message) {
        return MaintenanceResponse.json(status, ApiError.of(status, error, message));
    }

    /** Counts and replay progress, for the status API, metrics and health. No I/O. */
    public BufferStats stats() {
        return buffer.stats();
    }

    @Override
    public BufferStatus status(Instant now) {
        BufferStats stats = buffer.stats();
        return new BufferStatus(
                stats.pending(),
                stats.bytes(),
                stats.oldestPendingAt(),
                stats.oldestPendingAge(now).toSeconds(),
                stats.appendedThrough(),
                stats.drainedThrough(),
                stats.draining(),
                stats.drained(),
                stats.duplicatesSkipped(),
                stats.deadLetters(),
                Math.round(stats.drainRatePerSecond() * 10) / 10.0,
                Math.round(stats.drainProgress() * 1000) / 1000.0,
                stats.lastError(),
                stats.failure(),
                routes.stream().map(BufferedRoute::toString).toList());
    }

    @Override
    public List<DeadLetterEntry> deadLetters(int limit) throws IOException {
        return buffer.deadLetters(limit).stream().map(RequestBuffer::entry).toList();
    }

    private static DeadLetterEntry entry(DeadLetter letter) {
        BufferedRecord record = letter.record();
        BufferedRequest request;
        try {
            request = BufferedRequest.decode(record);
        } catch (IOException | RuntimeException unreadable) {
            return new DeadLetterEntry(
                    record.position(),
                    record.idempotencyKey(),
                    record.appendedAt(),
                    letter.deadAt(),
                    letter.attempts(),
                    letter.lastError(),
                    null,
                    null,
                    null,
                    record.payload().length);
        }
        return new DeadLetterEntry(
                record.position(),
                request.idempotencyKey(), // the client's own, not the scoped one the buffer keeps
                record.appendedAt(),
                letter.deadAt(),
                letter.attempts(),
                letter.lastError(),
                request.method(),
                request.path(),
                request.principal(),
                request.body().length);
    }

    /** The buffer underneath (dead letters, directory). */
    public WriteBuffer buffer() {
        return buffer;
    }

    public List<BufferedRoute> routes() {
        return routes;
    }

    /** Stops following maintenance and closes the buffer. */
    @Override
    public void close() throws IOException {
        if (subscription != null) {
            subscription.close();
        }
        if (checks != null) {
            checks.cancel();
        }
        buffer.close();
    }

    /** Builds {@link RequestBuffer}s; setters validate at once. */
    public static final class Builder {
        private final WriteBuffer buffer;
        private final List<BufferedRoute> routes = new ArrayList<>();
        private int maxBodyBytes = 1 << 20;
        private List<String> keptHeaders =
                List.of("Content-Type", "Content-Encoding", "Accept", "Accept-Language", "User-Agent");

        private Builder(WriteBuffer buffer) {
            this.buffer = Objects.requireNonNull(buffer, "buffer");
        }

        public Builder route(BufferedRoute route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        /** The largest body accepted into the buffer (default 1 MiB); larger ones get {@code 413}. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must not be negative, but was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** The request headers kept with a buffered request for its handler (default: content and client headers). */
        public Builder keepHeaders(List<String> names) {
            names.forEach(n -> {
                if (n.isBlank()) {
                    throw new IllegalArgumentException("header names must not be blank");
                }
            });
            this.keptHeaders = List.copyOf(names);
            return this;
        }

        public RequestBuffer build() {
            if (routes.isEmpty()) {
                throw new IllegalStateException("a request buffer needs at least one route");
            }
            return new RequestBuffer(this);
        }
    }
}
