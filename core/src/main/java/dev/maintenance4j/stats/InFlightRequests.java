package dev.maintenance4j.stats;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.operation.OperationClassifier;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes in progress in this instance (requests with methods other than GET, HEAD, OPTIONS, TRACE),
 * counted by the servlet filter and reported to the store, so {@code down --wait} knows when the writes
 * that started before maintenance have drained. One uncontended adder update on entry and exit.
 */
public final class InFlightRequests {

    private final LongAdder writes = new LongAdder();

    /** A write started. */
    public void enter() {
        writes.increment();
    }

    /** The write finished (always called, like a finally). */
    public void exit() {
        writes.decrement();
    }

    /** Writes in progress. */
    public long writes() {
        return writes.sum();
    }

    /** Writes in progress that the state blocks: all of them while maintenance is in force (not in test mode). */
    public long blockedBy(MaintenanceState state, Instant now) {
        return state.isActiveAt(now) && state.mode() != Mode.TEST ? writes() : 0;
    }

    /** True for the methods counted as writes. */
    public static boolean isWrite(String method) {
        return !OperationClassifier.isSafe(method);
    }
}
