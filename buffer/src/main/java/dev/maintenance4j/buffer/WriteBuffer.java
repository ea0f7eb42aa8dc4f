package dev.maintenance4j.buffer;

import dev.maintenance4j.buffer.RecordCodec.Entry;
import dev.maintenance4j.buffer.log.LogRecord;
import dev.maintenance4j.buffer.log.SegmentedLog;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable buffer of writes: {@link #append} stores a record on local disk (synced before it returns)
 * and {@link #drain} hands the records to a {@link DrainHandler} in order once the application can take
 * them again.
 *
 * <pre>{@code
 * WriteBuffer buffer = WriteBuffer.builder(Path.of("var/write-buffer")).build();
 * Receipt receipt = buffer.append(request.idempotencyKey(), bytes);      // durable now
 * ...
 * buffer.drain(record -> events.apply(record.idempotencyKey(), record.payload()));
 * }</pre>
 *
 * <p>One directory holds three {@link SegmentedLog}s: {@code records/} (what was appended),
 * {@code drained/} (the drain journal: which positions are done and which keys were applied) and
 * {@code dead-letters/}. A lock file keeps a second process out.
 *
 * <p><b>Deduplication.</b> A record whose idempotency key was applied within the deduplication window
 * (by default the last 24 hours, at most a million keys) is skipped. That covers a client that retried
 * an accepted request and a replay after a crash: the journal is synced after each batch, and the few
 * records of a batch a crash interrupted are delivered again marked {@link BufferedRecord#redelivered()}.
 */
public final class WriteBuffer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(WriteBuffer.class);
    /** The longest idempotency key {@link #append} takes. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = RecordCodec.MAX_KEY_LENGTH;

    private final Path dir;
    private final Clock clock;
    private final long maxBytes;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final Duration maxRetryBackoff;
    private final Duration dedupeWindow;
    private final int dedupeKeys;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SegmentedLog records;
    private final SegmentedLog journal;
    private final SegmentedLog deadLetters;
    private final long redeliverThrough;

    /** Keys applied within the window, in journal order. */
    private final LinkedHashMap<String, AppliedKey> appliedKeys = new LinkedHashMap<>();

    private volatile long drainedThrough;
    private volatile long oldestPendingMillis;

    private final ExecutorService drainThread;
    private final Object drainLock = new Object();
    private @Nullable CompletableFuture<DrainResult> running;
    private volatile boolean stopRequested;
    private boolean closed;
    private volatile boolean draining;
    private final AtomicLong drained = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private volatile long runStartedNanos;
    private volatile long runEndedNanos;
    private volatile long runDone;
    private volatile @Nullable String lastError;

    private WriteBuffer(Builder b) throws IOException {
        this.dir = b.dir;
        this.clock = b.clock;
        this.maxBytes = b.maxBytes;
        this.batchSize = b.batchSize;
        this.maxAttempts = b.maxAttempts;
        this.retryBackoff = b.retryBackoff;
        this.maxRetryBackoff = b.maxRetryBackoff;
        this.dedupeWindow = b.dedupeWindow;
        this.dedupeKeys = b.dedupeKeys;
        if (!Files.isDirectory(dir)) {
            // the buffered requests are the application's data: only its own user may read them
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // permissions are the file system's business there
            }
        }
        this.lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null; // this process has it open already
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (acquired == null) {
            lockChannel.close();
            throw new IOException("the write buffer in " + dir + " is in use by another process");
        }
        this.lock = acquired;
        int maxPayload = RecordCodec.maxRecordBytes(b.maxRecordBytes);
        this.journal =
                SegmentedLog.open(dir.resolve("drained"), 8L << 20, RecordCodec.MAX_ENTRY_BYTES, clock::millis, true);
        this.records = SegmentedLog.open(dir.resolve("records"), b.segmentBytes, maxPayload, clock::millis, true);
        this.deadLetters = SegmentedLog.open(
                dir.resolve("dead-letters"),
                b.segmentBytes,
                RecordCodec.maxDeadLetterBytes(maxPayload),
                clock::millis,
                false);
        long begun = replayJournal();
        // positions the record log no longer has were drained before (their segments are deleted only then)
        this.drainedThrough = Math.min(Math.max(drainedThrough, records.firstSequence() - 1), records.lastSequence());
        this.redeliverThrough = begun;
        this.drainThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "maintenance4j-buffer-drain");
            t.setDaemon(true);
            return t;
        });
        try (SegmentedLog.Cursor cursor = records.cursor(drainedThrough + 1)) {
            LogRecord oldest = cursor.peek();
            oldestPendingMillis = oldest == null ? 0 : oldest.appendedAtMillis();
        }
        SegmentedLog.Recovery recovered = records.recovery();
        log.info(
                "Write buffer in {}: {} pending record(s) (positions {} to {}), {} dead letter(s){}",
                dir,
                pending(),
                drainedThrough + 1,
                records.lastSequence(),
                deadLetters.lastSequence(),
                recovered.truncatedBytes() > 0 ? "; cut a torn tail of " + recovered.truncatedBytes() + " bytes" : "");
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** Reads the drain journal: where draining got to, which keys were applied, and which batch was begun. */
    private long replayJournal() throws IOException {
        long begun = 0;
        long done = 0;
        try (SegmentedLog.Cursor cursor = journal.cursor(journal.firstSequence())) {
            List<LogRecord> batch;
            while (!(batch = cursor.next(4096)).isEmpty()) {
                for (LogRecord logged : batch) {
                    Entry entry = RecordCodec.decodeEntry(logged.payload());
                    if (entry.kind() == Entry.Kind.BEGIN) {
                        begun = Math.max(begun, entry.position());
                        continue;
                    }
                    done = Math.max(done, entry.position());
                    if (entry.kind() == Entry.Kind.APPLIED) {
                        remember(entry.key(), logged.sequence(), logged.appendedAtMillis());
                    }
                }
            }
        }
        forgetExpiredKeys();
        drainedThrough = done;
        return begun;
    }

    // --- appending ---

    /**
     * Appends a record and returns once it is on disk.
     *
     * @param idempotencyKey the client's key (1 to 200 visible ASCII characters), or null to generate one
     * @throws BufferFullException when the buffer holds its maximum of bytes
     * @throws IOException         when the disk fails; nothing was acknowledged
     */
    public Receipt append(@Nullable String idempotencyKey, byte[] bytes) throws IOException {
        String key =
                idempotencyKey == null ? UUID.randomUUID().toString() : RecordCodec.requireValidKey(idempotencyKey);
        byte[] payload = RecordCodec.record(key, bytes);
        if (records.sizeBytes() + payload.length > maxBytes) {
            throw new BufferFullException("the write buffer in " + dir + " is full (" + maxBytes + " bytes)");
        }
        long position = records.append(payload);
        Instant now = clock.instant();
        synchronized (this) {
            if (oldestPendingMillis == 0) {
                oldestPendingMillis = now.toEpochMilli();
            }
        }
        return new Receipt(position, key, now);
    }

    /** True for a key {@link #append} takes: 1 to {@link #MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters. */
    public static boolean isValidIdempotencyKey(String key) {
        return RecordCodec.isValidKey(key);
    }

    /** Records appended and not yet drained. No I/O. */
    public long pending() {
        return Math.max(0, records.lastSequence() - drainedThrough);
    }

    // --- draining ---

    /**
     * Drains the buffer into {@code handler} on the buffer's drain thread until nothing is pending (records
     * appended meanwhile included) or {@link #stopDraining()} is called. While a drain runs, this returns that
     * drain's future instead of starting another.
     *
     * @throws IllegalStateException when the buffer is closed
     */
    public CompletableFuture<DrainResult> drain(DrainHandler handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (drainLock) {
            if (closed) {
                throw new IllegalStateException("the write buffer in " + dir + " is closed");
            }
            if (running != null && !running.isDone()) {
                return running;
            }
            stopRequested = false;
            CompletableFuture<DrainResult> run = new CompletableFuture<>();
            running = run;
            draining = true;
            drainThread.execute(() -> {
                DrainResult result = null;
                Throwable failure = null;
                try {
                    result = runDrain(handler);
                } catch (Throwable e) {
                    log.error("Write buffer drain in {} stopped by an error", dir, e);
                    failure = e;
                }
                runEndedNanos = System.nanoTime();
                draining = false;
                if (failure == null) {
                    run.complete(result);
                } else {
                    run.completeExceptionally(failure);
                }
            });
            return run;
        }
    }

    /** Asks a running drain to stop after the record in hand; pending records stay for the next drain. */
    public void stopDraining() {
        stopRequested = true;
        synchronized (drainLock) {
            drainLock.notifyAll();
        }
    }

    /** What one drain did. */
    public record DrainResult(long applied, long duplicatesSkipped, long deadLettered, boolean stopped) {}

    private DrainResult runDrain(DrainHandler handler) throws IOException {
        long applied = 0;
        long duplicates = 0;
        long dead = 0;
        runStartedNanos = System.nanoTime();
        runEndedNanos = 0;
        runDone = 0;
        try (SegmentedLog.Cursor cursor = records.cursor(drainedThrough + 1)) {
            while (!stopRequested) {
                List<LogRecord> batch = cursor.next(batchSize);
                if (batch.isEmpty()) {
                    break;
                }
                journal.append(RecordCodec.entry(
                        Entry.Kind.BEGIN, batch.get(batch.size() - 1).sequence(), ""));
                List<byte[]> entries = new ArrayList<>(batch.size());
                for (LogRecord logged : batch) {
                    BufferedRecord record = RecordCodec.decodeRecord(logged, logged.sequence() <= redeliverThrough);
                    Entry.Kind outcome;
                    if (isApplied(record.idempotencyKey())) {
                        outcome = Entry.Kind.DUPLICATE;
                        duplicates++;
                        duplicatesSkipped.incrementAndGet();
                    } else {
                        outcome = applyWithRetries(handler, record, entries);
                        if (outcome == null) {
                            break; // stopped while waiting to retry: this record stays pending
                        }
                        if (outcome == Entry.Kind.DEAD) {
                            dead++;
                        } else {
                            applied++;
                            // the journal sequence its entry gets: only this thread appends to the journal
                            remember(
                                    record.idempotencyKey(),
                                    journal.lastSequence() + entries.size() + 1,
                                    clock.millis());
                        }
                    }
                    entries.add(RecordCodec.entry(outcome, record.position(), record.idempotencyKey()));
                    if (stopRequested) {
                        break;
                    }
                }
                commit(entries);
                LogRecord next = cursor.peek();
                oldestPendingMillis = next == null ? 0 : next.appendedAtMillis();
            }
        }
        if (pending() == 0) {
            synchronized (this) {
                if (pending() == 0) {
                    oldestPendingMillis = 0;
                }
            }
        }
        return new DrainResult(applied, duplicates, dead, stopRequested);
    }

    /** Applies one record, retrying with backoff; DEAD after the last attempt; null when stopped meanwhile. */
    private Entry.@Nullable Kind applyWithRetries(DrainHandler handler, BufferedRecord record, List<byte[]> entries)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                handler.apply(record);
                return Entry.Kind.APPLIED;
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastError = error;
                if (attempt >= maxAttempts || e instanceof RejectedRecordException) {
                    log.error(
                            "Write buffer: record {} (key {}) failed {} time(s) and goes to the dead-letter log: {}",
                            record.position(),
                            record.idempotencyKey(),
                            attempt,
                            error);
                    deadLetters.append(RecordCodec.deadLetter(record, attempt, error));
                    return Entry.Kind.DEAD;
                }
                long wait = Math.min(maxRetryBackoff.toMillis(), retryBackoff.toMillis() << Math.min(attempt - 1, 20));
                log.warn(
                        "Write buffer: record {} (key {}) failed (attempt {} of {}), retrying in {} ms: {}",
                        record.position(),
                        record.idempotencyKey(),
                        attempt,
                        maxAttempts,
                        wait,
                        error);
                commit(entries); // what is applied so far is recorded before waiting
                entries.clear();
                if (!sleep(wait)) {
                    return null;
                }
            }
        }
    }

    private boolean sleep(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        synchronized (drainLock) {
            while (!stopRequested) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    drainLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** Records a batch's outcomes (one sync), advances the drained position and frees what is done. */
    private void commit(List<byte[]> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        long last = journal.appendAll(entries);
        // entries are in position order: the last one is as far as draining got
        long through = Math.max(
                drainedThrough,
                RecordCodec.decodeEntry(entries.get(entries.size() - 1)).position());
        int done = entries.size();
        drainedThrough = through;
        drained.addAndGet(done);
        runDone += done;
        forgetExpiredKeys();
        records.deleteThrough(through);
        // the journal keeps what the deduplication window needs, and always its last entry
        long keepFrom = last;
        synchronized (appliedKeys) {
            Iterator<AppliedKey> oldest = appliedKeys.values().iterator();
            if (oldest.hasNext()) {
                keepFrom = Math.min(keepFrom, oldest.next().journalSequence());
            }
        }
        journal.deleteThrough(keepFrom - 1);
    }

    private boolean isApplied(String key) {
        synchronized (appliedKeys) {
            return appliedKeys.containsKey(key);
        }
    }

    private void remember(String key, long journalSequence, long atMillis) {
        synchronized (appliedKeys) {
            appliedKeys.remove(key);
            appliedKeys.put(key, new AppliedKey(journalSequence, atMillis));
            Iterator<AppliedKey> eldest = appliedKeys.values().iterator();
            while (appliedKeys.size() > dedupeKeys) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    private record AppliedKey(long journalSequence, long atMillis) {}

    /** Forgets keys applied before the window; {@link #remember} already keeps their number within bounds. */
    private void forgetExpiredKeys() {
        long oldestKept = clock.millis() - dedupeWindow.toMillis();
        synchronized (appliedKeys) {
            Iterator<AppliedKey> it = appliedKeys.values().iterator();
            while (it.hasNext() && it.next().atMillis() < oldestKept) {
                it.remove();
            }
        }
    }

    // --- inspection ---

    /** A snapshot of counts and drain progress; no I/O. */
    public BufferStats stats() {
        long pending = pending();
        long done = runDone;
        long started = runStartedNanos;
        long ended = draining ? System.nanoTime() : runEndedNanos;
        double seconds = started == 0 || ended <= started ? 0 : (ended - started) / 1e9;
        double rate = seconds == 0 ? 0 : done / seconds;
        double progress = pending == 0 ? 1 : (double) done / (done + pending);
        long oldest = oldestPendingMillis;
        return new BufferStats(
                pending,
                records.sizeBytes(),
                pending == 0 || oldest == 0 ? null : Instant.ofEpochMilli(oldest),
                records.lastSequence(),
                drainedThrough,
                draining,
                drained.get(),
                duplicatesSkipped.get(),
                deadLetters.lastSequence(),
                rate,
                progress,
                lastError,
                records.failure());
    }

    /** The most recent dead letters, oldest first, at most {@code limit}. Reads the dead-letter log. */
    public List<DeadLetter> deadLetters(int limit) throws IOException {
        ArrayDeque<DeadLetter> tail = new ArrayDeque<>();
        try (SegmentedLog.Cursor cursor = deadLetters.cursor(Math.max(1, deadLetters.lastSequence() - limit + 1))) {
            List<LogRecord> batch;
            while (!(batch = cursor.next(1024)).isEmpty()) {
                for (LogRecord logged : batch) {
                    tail.addLast(RecordCodec.decodeDeadLetter(logged));
                    if (tail.size() > limit) {
                        tail.removeFirst();
                    }
                }
            }
        }
        return List.copyOf(tail);
    }

    /** The buffer's directory. */
    public Path directory() {
        return dir;
    }

    /** Stops a running drain (after the record in hand) and closes the logs; idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (drainLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopDraining();
        drainThread.shutdown();
        try {
            if (!drainThread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Write buffer drain in {} did not stop within 10 s; closing anyway", dir);
                drainThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (lockChannel;
                records;
                journal;
                deadLetters) {
            lock.release();
        }
    }

    /** Builds {@link WriteBuffer}s; setters validate at once. */
    public static final class Builder {
        private final Path dir;
        private Clock clock = Clock.systemUTC();
        private long segmentBytes = 64L << 20;
        private int maxRecordBytes = 1 << 20;
        private long maxBytes = 1L << 30;
        private int batchSize = 256;
        private int maxAttempts = 5;
        private Duration retryBackoff = Duration.ofMillis(500);
        private Duration maxRetryBackoff = Duration.ofSeconds(30);
        private Duration dedupeWindow = Duration.ofHours(24);
        private int dedupeKeys = 1_000_000;

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /** Size at which a segment file is closed and the next begun (default 64 MiB). */
        public Builder segmentBytes(long bytes) {
            this.segmentBytes = atLeast("segmentBytes", bytes, 1024);
            return this;
        }

        /** The largest record an append takes (default 1 MiB). */
        public Builder maxRecordBytes(int bytes) {
            this.maxRecordBytes = (int) atLeast("maxRecordBytes", bytes, 1);
            return this;
        }

        /** Bytes the record log may hold before appends are refused with {@link BufferFullException} (default 1 GiB). */
        public Builder maxBytes(long bytes) {
            this.maxBytes = atLeast("maxBytes", bytes, 1024);
            return this;
        }

        /** Records drained between two syncs of the drain journal (default 256). */
        public Builder batchSize(int size) {
            this.batchSize = (int) atLeast("batchSize", size, 1);
            return this;
        }

        /** Attempts per record before it goes to the dead-letter log (default 5). */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = (int) atLeast("maxAttempts", attempts, 1);
            return this;
        }

        /** The wait after a record's first failure, doubled after each further one up to {@code max} (default 500 ms, 30 s). */
        public Builder retryBackoff(Duration first, Duration max) {
            if (first.isNegative() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("retry backoff must be 0 or more, and max at least first");
            }
            this.retryBackoff = first;
            this.maxRetryBackoff = max;
            return this;
        }

        /** How long, and for how many keys, applied idempotency keys are remembered (default 24 hours, 1,000,000). */
        public Builder deduplication(Duration window, int keys) {
            if (window.isNegative() || keys < 0) {
                throw new IllegalArgumentException("deduplication window and keys must not be negative");
            }
            this.dedupeWindow = window;
            this.dedupeKeys = keys;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Opens the buffer, recovering what a crash left. Fails when another process has it open. */
        public WriteBuffer build() throws IOException {
            return new WriteBuffer(this);
        }

        private static long atLeast(String name, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", but was " + value);
            }
            return value;
        }
    }
}
