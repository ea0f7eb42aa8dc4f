package dev.maintenance4j.buffer.log;

import java.util.Objects;

/**
 * One record of a {@link SegmentedLog}.
 *
 * @param sequence         its position: 1, 2, 3… without gaps, kept across restarts
 * @param appendedAtMillis when it was appended (epoch milliseconds)
 * @param payload          the bytes appended (not copied: do not modify)
 */
public record LogRecord(long sequence, long appendedAtMillis, byte[] payload) {

    public LogRecord {
        Objects.requireNonNull(payload, "payload");
    }
}
