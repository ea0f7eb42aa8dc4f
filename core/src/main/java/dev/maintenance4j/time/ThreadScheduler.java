package dev.maintenance4j.time;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ScheduledThreadPoolExecutor executor;
    private volatile @Nullable Thread thread;

    ThreadScheduler(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
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

    /**
     * Stops the thread: tasks not yet started never run, and a task in progress is waited for (up to 5 s, then
     * interrupted), so whatever it writes is written before this returns. Called from a task, it does not wait.
     */
    @Override
    public void close() {
        executor.shutdown();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("A maintenance4j scheduled task still ran {} after close; interrupting it", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
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
