package dev.maintenance4j.time;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link Scheduler}: one daemon thread. A task that throws is logged and, if periodic, keeps
 * its schedule. After {@link #close()} new tasks are ignored.
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ThreadScheduler.class);
    private static final Task NOTHING = () -> {};
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    private final ScheduledThreadPoolExecutor executor;

    ThreadScheduler(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Task schedule(Runnable task, Duration delay) {
        try {
            return cancelling(executor.schedule(guarded(task), nanos(delay), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            return NOTHING; // closed
        }
    }

    @Override
    public Task scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        try {
            return cancelling(executor.scheduleWithFixedDelay(
                    guarded(task), nanos(initialDelay), nanos(delay), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            return NOTHING;
        }
    }

    /** True once closed. */
    public boolean isClosed() {
        return executor.isShutdown();
    }

    /** Stops the thread; tasks not yet started never run. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A delay in nanoseconds; beyond about 292 years (a window ending in 9999) it is as good as never. */
    private static long nanos(Duration delay) {
        return delay.compareTo(LONGEST) > 0 ? Long.MAX_VALUE : delay.toNanos();
    }

    private static Task cancelling(Future<?> future) {
        return () -> future.cancel(false);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("A maintenance4j scheduled task failed: {}", e.toString(), e);
            }
        };
    }
}
