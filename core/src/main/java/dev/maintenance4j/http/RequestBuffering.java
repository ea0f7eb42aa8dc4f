package dev.maintenance4j.http;

import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.DeadLetterEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where blocked writes on chosen routes are accepted instead of refused, whatever the server: a web adapter
 * asks {@link #buffers} and {@link #hasBacklog} for the decision's facts, reads the body of a request the
 * decision buffers (as many bytes as {@link #bodyBytesToRead} says) and hands it to {@link #accept}, which answers
 * it; the admin API shows and steers the rest. {@code RequestBuffer} (module {@code maintenance4j-request-buffer})
 * is the implementation: an application that buffers nothing needs neither that module nor the buffer's.
 */
public interface RequestBuffering {

    /** True when requests with this method and path are accepted into the buffer while blocked. No I/O. */
    boolean buffers(String method, String path);

    /** True while accepted requests wait to be replayed: new requests on buffered routes queue behind them. No I/O. */
    boolean hasBacklog();

    /**
     * How many bytes of a body an adapter reads before {@link #accept}: one more than the largest body accepted
     * (so a longer one is seen and refused), or none when the declared {@code Content-Length} (-1 when unknown)
     * is over the limit already (refused unread).
     */
    int bodyBytesToRead(long declaredLength);

    /**
     * Accepts a blocked request on a buffered route, durably, and gives its answer: {@code 202} with a receipt,
     * or a {@code 4xx} saying what is wrong with it. Blocks until the write is on disk: a non-blocking server
     * calls it off its event loop.
     *
     * @return null when nothing was written (no such route, or the buffer can not take it): the caller answers
     *         as it would without a buffer
     */
    @Nullable
    MaintenanceResponse accept(BufferedWrite write);

    /** What {@code GET api/buffer} reports. No I/O. */
    BufferStatus status(Instant now);

    /**
     * Starts draining the backlog now (replaying each request through its route's handler), even while
     * maintenance is on, or joins the replay that runs.
     *
     * @throws IllegalStateException when the buffer is closed
     */
    void startDrain();

    /** The newest {@code limit} requests that could not be replayed, oldest first. */
    List<DeadLetterEntry> deadLetters(int limit) throws IOException;
}
