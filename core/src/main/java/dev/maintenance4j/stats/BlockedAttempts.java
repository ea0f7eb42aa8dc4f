package dev.maintenance4j.stats;

import dev.maintenance4j.operation.OperationClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counts blocked (and, in test mode, would-be blocked) requests per operation class: the total, the
 * last minute (60 one-second buckets), and the first and last time. Lock-free; recording allocates
 * nothing once a class has been seen.
 */
public final class BlockedAttempts {

    private final ConcurrentHashMap<String, ClassCounter> counters = new ConcurrentHashMap<>();

    /** Records one blocked request of this class at this epoch millisecond. */
    public void record(OperationClass operationClass, long epochMillis) {
        ClassCounter counter = counters.get(operationClass.name());
        if (counter == null) {
            counter = counters.computeIfAbsent(operationClass.name(), name -> new ClassCounter(operationClass));
        }
        counter.record(epochMillis);
    }

    /** One entry per class seen, most blocked first. */
    public List<Snapshot> snapshot(Instant now) {
        List<Snapshot> all = new ArrayList<>();
        for (ClassCounter counter : counters.values()) {
            all.add(counter.snapshot(now.getEpochSecond()));
        }
        all.sort(Comparator.comparingLong(Snapshot::total)
                .reversed()
                .thenComparing(s -> s.operationClass().name()));
        return List.copyOf(all);
    }

    /** The counts of one class, or null if none of its requests was blocked. */
    public @Nullable Snapshot snapshot(OperationClass operationClass, Instant now) {
        ClassCounter counter = counters.get(operationClass.name());
        return counter == null ? null : counter.snapshot(now.getEpochSecond());
    }

    /**
     * Blocked requests of one class.
     *
     * @param operationClass the class
     * @param total          since start
     * @param lastMinute     in the 60 seconds before the snapshot
     * @param firstBlockedAt the first one
     * @param lastBlockedAt  the latest one
     * @param perMinute      counts for each of the last 60 minutes, oldest first (the last is the current minute)
     */
    public record Snapshot(
            OperationClass operationClass,
            long total,
            long lastMinute,
            Instant firstBlockedAt,
            Instant lastBlockedAt,
            List<Long> perMinute) {
        public Snapshot {
            perMinute = List.copyOf(perMinute);
        }
    }

    private static final class ClassCounter {
        private final OperationClass operationClass;
        private final LongAdder total = new LongAdder();
        private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        private final Ring seconds = new Ring();
        private final Ring minutes = new Ring();

        ClassCounter(OperationClass operationClass) {
            this.operationClass = operationClass;
        }

        void record(long epochMillis) {
            total.increment();
            first.accumulateAndGet(epochMillis, Math::min);
            last.accumulateAndGet(epochMillis, Math::max);
            long second = Math.floorDiv(epochMillis, 1000);
            seconds.add(second);
            minutes.add(Math.floorDiv(second, 60));
        }

        Snapshot snapshot(long nowSecond) {
            long lastMinute = 0;
            for (long second = nowSecond - Ring.SLOTS + 1; second <= nowSecond; second++) {
                lastMinute += seconds.count(second);
            }
            long nowMinute = Math.floorDiv(nowSecond, 60);
            List<Long> perMinute = new ArrayList<>(Ring.SLOTS);
            for (long minute = nowMinute - Ring.SLOTS + 1; minute <= nowMinute; minute++) {
                perMinute.add(minutes.count(minute));
            }
            return new Snapshot(
                    operationClass,
                    total.sum(),
                    lastMinute,
                    Instant.ofEpochMilli(first.get()),
                    Instant.ofEpochMilli(last.get()),
                    perMinute);
        }
    }

    /** Counts per time slot (second or minute) for the last {@link #SLOTS} slots, lock-free; an old slot is reset when reused. */
    private static final class Ring {
        static final int SLOTS = 60;

        private final AtomicLongArray stamps = new AtomicLongArray(SLOTS);
        private final AtomicLongArray counts = new AtomicLongArray(SLOTS);

        void add(long slot) {
            int i = (int) Math.floorMod(slot, SLOTS);
            long seen = stamps.get(i);
            if (seen != slot && stamps.compareAndSet(i, seen, slot)) {
                counts.set(i, 0);
            }
            counts.incrementAndGet(i);
        }

        long count(long slot) {
            int i = (int) Math.floorMod(slot, SLOTS);
            return stamps.get(i) == slot ? counts.get(i) : 0;
        }
    }
}
