package dev.maintenance4j.test;

import dev.maintenance4j.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Scheduler} tests drive by hand, on a {@link MutableClock}: nothing runs until the test calls
 * {@link #runDue()} or {@link #advance(Duration)}, and then on the test's own thread, in order of due
 * time. A time-based behaviour (a window that ends, a poll, a heartbeat) is then tested in microseconds
 * instead of waiting for the wall clock.
 */
public final class ManualScheduler implements Scheduler {

    private final MutableClock clock;
    private final List<Entry> tasks = new ArrayList<>();
    private long sequence;

    public ManualScheduler(MutableClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The clock this scheduler reads and moves. */
    public MutableClock clock() {
        return clock;
    }

    @Override
    public synchronized Task schedule(Runnable task, Duration delay) {
        return add(task, delay, null);
    }

    @Override
    public synchronized Task scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be positive, not " + delay);
        }
        return add(task, initialDelay, delay);
    }

    /** Moves the clock forward by {@code by}, running every task that falls due on the way, each at its due time. */
    public void advance(Duration by) {
        Instant end = clock.instant().plus(by);
        while (true) {
            Entry next = nextDue(end);
            if (next == null) {
                break;
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
            }
            run(next);
        }
        clock.set(end);
    }

    /** Runs the tasks due now (including those they schedule with no delay); returns how many ran. */
    public int runDue() {
        int ran = 0;
        Entry next;
        while ((next = nextDue(clock.instant())) != null) {
            run(next);
            ran++;
        }
        return ran;
    }

    /** How many tasks are waiting, periodic ones included. */
    public synchronized int pending() {
        return tasks.size();
    }

    private Task add(Runnable task, Duration delay, Duration period) {
        Entry entry =
                new Entry(task, clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), period, sequence++);
        tasks.add(entry);
        return () -> cancel(entry);
    }

    private synchronized void cancel(Entry entry) {
        entry.cancelled = true;
        tasks.remove(entry);
    }

    private synchronized Entry nextDue(Instant until) {
        Entry first = null;
        for (Entry e : tasks) {
            if (!e.due.isAfter(until)
                    && (first == null
                            || e.due.isBefore(first.due)
                            || (e.due.equals(first.due) && e.order < first.order))) {
                first = e;
            }
        }
        if (first != null) {
            tasks.remove(first);
        }
        return first;
    }

    private void run(Entry entry) {
        entry.task.run();
        synchronized (this) {
            if (entry.period != null && !entry.cancelled) {
                entry.due = clock.instant().plus(entry.period);
                entry.order = sequence++;
                tasks.add(entry);
            }
        }
    }

    private static final class Entry {
        final Runnable task;
        final Duration period;
        Instant due;
        long order;
        volatile boolean cancelled;

        Entry(Runnable task, Instant due, Duration period, long order) {
            this.task = task;
            this.due = due;
            this.period = period;
            this.order = order;
        }
    }
}
