package dev.maintenance4j.servlet;

import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.DeadLetterEntry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where blocked writes on chosen routes are accepted instead of refused, as the filter and the admin API
 * see it. {@code RequestBuffer} (module {@code maintenance4j-servlet-buffer}) is the implementation: an
 * application that buffers nothing needs neither that module nor the buffer's.
 */
public interface RequestBuffering {

    /** True when requests with this method and path are accepted into the buffer while blocked. No I/O. */
    boolean buffers(String method, String path);

    /** True while accepted requests wait to be replayed: new requests on buffered routes queue behind them. No I/O. */
    boolean hasBacklog();

    /**
     * Accepts a blocked request on a buffered route and answers it ({@code 202} with a receipt, or a
     * {@code 4xx} saying what is wrong with it).
     *
     * @return false when nothing was written or answered (no such route, or the buffer can not take it):
     *         the caller answers as it would without a buffer
     */
    boolean accept(HttpServletRequest request, HttpServletResponse response, String path) throws IOException;

    /** What {@code GET api/buffer} reports. No I/O. */
    BufferStatus status(Instant now);

    /**
     * Starts draining the backlog now (replaying each request through its route's handler), even while maintenance is on, or joins the replay that runs.
     *
     * @throws IllegalStateException when the buffer is closed
     */
    void startDrain();

    /** The newest {@code limit} requests that could not be replayed, oldest first. */
    List<DeadLetterEntry> deadLetters(int limit) throws IOException;
}
