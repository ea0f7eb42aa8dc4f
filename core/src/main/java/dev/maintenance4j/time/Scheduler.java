package dev.maintenance4j.time;

import java.time.Duration;

/**
 * Where maintenance4j's timed work runs: store polling, window boundaries, heartbeats, notification
 * timers, keep-alives and the write buffer's checks. One scheduler serves one {@code Maintenance} and
 * everything built on it, instead of a thread per component; tests pass a manual one
 * ({@code dev.maintenance4j.test.ManualScheduler}) and move time by hand.
 *
 * <p>Tasks should be short. A task that waits for a store waits at most the store's timeout; work that
 * runs long (draining the write buffer, flushing its log, following a store's change feed) keeps its
 * own thread.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay} (zero: as soon as possible). */
    Task schedule(Runnable task, Duration delay);

    /** Runs {@code task} after {@code initialDelay}, then again {@code delay} after each run ends, until cancelled. */
    Task scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay);

    /** Runs {@code task} as soon as possible, off the caller's thread. */
    default Task execute(Runnable task) {
        return schedule(task, Duration.ZERO);
    }

    /** A scheduler on one daemon thread of its own, named {@code name}; close it to stop the thread. */
    static ThreadScheduler ofThread(String name) {
        return new ThreadScheduler(name);
    }

    /** A scheduled task. */
    @FunctionalInterface
    interface Task {

        /** Stops future runs; a run in progress finishes. */
        void cancel();
    }
}
