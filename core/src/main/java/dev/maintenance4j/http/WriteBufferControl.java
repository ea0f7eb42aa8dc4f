package dev.maintenance4j.http;

import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.DeadLetterEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A write buffer as the admin API shows and steers it, whatever server accepted the writes: its status,
 * a replay started now, and the requests that could not be replayed. The servlet's {@code RequestBuffering}
 * extends it.
 */
public interface WriteBufferControl {

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
