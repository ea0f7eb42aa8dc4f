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
        all.sort(Comparator.comparingLong(Snapshot::total).reversed().thenComparing(s -> s.operationClass().name()));
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
    public record Snapshot(OperationClass operationClass, long total, long lastMinute, Instant firstBlockedAt, Instant lastBlockedAt,
                           List<Long> perMinute) {
        public Snapshot {
            perMinute = List.copyOf(perMinute);
        }
    }

    private static final class ClassCounter {
        private static final int BUCKETS = 60;

        private final OperationClass operationClass;
        private final LongAdder total = new LongAdder();
        private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLongArray bucketSecond = new AtomicLongArray(BUCKETS);
        private final AtomicLongArray bucketCount = new AtomicLongArray(BUCKETS);
        private final AtomicLongArray minuteStamp = new AtomicLongArray(BUCKETS);
        private final AtomicLongArray minuteCount = new AtomicLongArray(BUCKETS);

        ClassCounter(OperationClass operationClass) {
            this.operationClass = operationClass;
        }

        void record(long epochMillis) {
            total.increment();
            first.accumulateAndGet(epochMillis, Math::min);
            last.accumulateAndGet(epochMillis, Math::max);
            long second = Math.floorDiv(epochMillis, 1000);
            int i = (int) Math.floorMod(second, BUCKETS);
            long seen = bucketSecond.get(i);
            if (seen != second && bucketSecond.compareAndSet(i, seen, second)) {
                bucketCount.set(i, 0);
            }
            bucketCount.incrementAndGet(i);
            long minute = Math.floorDiv(second, 60);
            int m = (int) Math.floorMod(minute, BUCKETS);
            long seenMinute = minuteStamp.get(m);
            if (seenMinute != minute && minuteStamp.compareAndSet(m, seenMinute, minute)) {
                minuteCount.set(m, 0);
            }
            minuteCount.incrementAndGet(m);
        }

        Snapshot snapshot(long nowSecond) {
            long lastMinute = 0;
            for (int i = 0; i < BUCKETS; i++) {
                long second = bucketSecond.get(i);
                if (second > nowSecond - BUCKETS && second <= nowSecond) {
                    lastMinute += bucketCount.get(i);
                }
            }
            long nowMinute = Math.floorDiv(nowSecond, 60);
            List<Long> perMinute = new ArrayList<>(BUCKETS);
            for (long minute = nowMinute - BUCKETS + 1; minute <= nowMinute; minute++) {
                int m = (int) Math.floorMod(minute, BUCKETS);
                perMinute.add(minuteStamp.get(m) == minute ? minuteCount.get(m) : 0L);
            }
            return new Snapshot(operationClass, total.sum(), lastMinute, Instant.ofEpochMilli(first.get()), Instant.ofEpochMilli(last.get()),
                    perMinute);
        }
    }
}
