package dev.maintenance4j.buffer.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of records on local disk, split into segment files named after their first
 * sequence number ({@code 00000000000000000001.log}, …).
 *
 * <p><b>Durability.</b> {@link #append} returns once the record is on disk ({@code fsync}). Appends
 * from many threads share fsyncs (group commit): appenders copy their frames into a staging buffer,
 * and the log's flusher thread writes everything staged with one write and one sync, while the next
 * appends are staged.
 *
 * <p><b>Recovery.</b> {@link #open} reads every retained segment and checks each frame's checksum. A
 * torn tail in the last segment (a crash during a write) is cut off; every record that an append
 * acknowledged is before it, in order. Damage inside an older segment is logged loudly and the rest of
 * that segment is skipped.
 *
 * <p><b>Deletion.</b> Consumers read with a {@link Cursor} and call {@link #deleteThrough} once
 * records are done with; whole segments are deleted, and the last one is rolled over first when
 * everything in it is done.
 */
public final class SegmentedLog implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SegmentedLog.class);
    private static final String SUFFIX = ".log";
    private static final String SPARE = "next-segment.preallocated";

    private final Path dir;
    private final long segmentBytes;
    private final int maxPayload;
    private final LongSupplier clock;
    private final boolean preallocate;
    private final ExecutorService preallocator;
    private @Nullable Future<Path> preallocated;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final Recovery recovery;

    /** Guards the staging buffer and the numbering: appenders hold it only to copy their frames in. */
    private final Object writeLock = new Object();

    private ByteBuffer staging = ByteBuffer.allocate(1 << 20);
    private ByteBuffer spare = ByteBuffer.allocate(1 << 20);
    private long nextSequence;
    private long stagedFirst;
    private volatile @Nullable IOException failure;
    /** Counts failures: an appender whose write was staged before a failure learns it failed, even after a recovery. */
    private volatile long failures;

    private volatile long lastRecoveryNanos;
    private volatile boolean closed;

    /** The flusher thread writes what is staged and syncs it; appenders park until their record is durable. */
    private volatile Thread flusher;

    private final ReentrantLock ioLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile long durableSequence;
    private Segment current;
    private FileChannel currentChannel;

    private SegmentedLog(Path dir, long segmentBytes, int maxPayload, LongSupplier clock, boolean preallocate)
            throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.maxPayload = maxPayload;
        this.clock = clock;
        this.preallocate = preallocate;
        this.preallocator = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "maintenance4j-log-preallocate " + dir.getFileName());
            t.setDaemon(true);
            return t;
        });
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(SPARE));
        this.recovery = recover();
        this.current = segments.lastEntry().getValue();
        this.currentChannel = FileChannel.open(current.path, StandardOpenOption.WRITE);
        this.nextSequence = recovery.lastSequence() + 1;
        this.durableSequence = recovery.lastSequence();
        this.flusher = startFlusher();
        prepareSpare();
    }

    /**
     * Opens (creating when missing) the log in {@code dir}, recovering what a crash left behind.
     *
     * @param segmentBytes the size at which a segment is closed and the next one started
     * @param maxPayload   the largest payload an append takes
     * @param clock        epoch milliseconds, stamped on each record
     * @param preallocate  write each segment file full of zeros (in the background, ahead of need), so
     *                     that syncs overwrite blocks instead of growing the file, which is cheaper; costs
     *                     {@code segmentBytes} of disk up front
     */
    public static SegmentedLog open(
            Path dir, long segmentBytes, int maxPayload, LongSupplier clock, boolean preallocate) throws IOException {
        if (segmentBytes < Frames.HEADER_BYTES + 1 || maxPayload < 1) {
            throw new IllegalArgumentException("segmentBytes and maxPayload must be positive");
        }
        return new SegmentedLog(dir, segmentBytes, maxPayload, clock, preallocate);
    }

    /** What {@link #open} found on disk. */
    public record Recovery(
            long records, long firstSequence, long lastSequence, long truncatedBytes, long damagedSegments) {}

    public Recovery recovery() {
        return recovery;
    }

    private Thread startFlusher() {
        Thread thread = new Thread(this::flushUntilClosed, "maintenance4j-log-flusher " + dir.getFileName());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Why the log takes no appends now (a failed write or sync, such as a full disk), or null while it works. */
    public @Nullable String failure() {
        IOException failed = failure;
        return failed == null ? null : failed.getMessage() == null ? "a write or sync failed" : failed.getMessage();
    }

    /** Appends one record and returns its sequence once it is durable. */
    public long append(byte[] payload) throws IOException {
        return appendAll(List.of(payload));
    }

    /** Appends records in order, with one sync for all; returns the last one's sequence once all are durable. */
    public long appendAll(List<byte[]> payloads) throws IOException {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        int bytes = 0;
        for (byte[] payload : payloads) {
            if (payload.length > maxPayload) {
                throw new IllegalArgumentException(
                        "payload of " + payload.length + " bytes is larger than the limit of " + maxPayload);
            }
            bytes += Frames.frameBytes(payload.length);
        }
        recoverIfFailed();
        long last;
        boolean wasEmpty;
        long epoch;
        synchronized (writeLock) {
            throwIfUnusable();
            epoch = failures;
            if (staging.remaining() < bytes) {
                staging = ByteBuffer.allocate(Math.max(staging.capacity() * 2, staging.position() + bytes))
                        .put(staging.flip());
            }
            wasEmpty = staging.position() == 0;
            if (wasEmpty) {
                stagedFirst = nextSequence;
            }
            long now = clock.getAsLong();
            for (byte[] payload : payloads) {
                Frames.encode(staging, nextSequence++, now, payload);
            }
            last = nextSequence - 1;
        }
        if (wasEmpty) {
            LockSupport.unpark(flusher);
        }
        awaitDurable(last, epoch);
        return last;
    }

    /** Parks until the flusher has made {@code sequence} durable, or the log failed since the record was staged. */
    private void awaitDurable(long sequence, long epoch) throws IOException {
        if (durableSequence >= sequence && failures == epoch) {
            return;
        }
        Waiter waiter = new Waiter(Thread.currentThread(), sequence);
        waiters.add(waiter);
        try {
            while (durableSequence < sequence || failures != epoch) {
                if (failures != epoch) {
                    // the write that held this record failed: it was never durable, whatever comes after a recovery
                    IOException failed = failure;
                    throw new IOException(
                            "the log in " + dir + " failed before this record was durable"
                                    + (failed == null ? "" : ": " + failed.getMessage()),
                            failed);
                }
                throwIfUnusable();
                LockSupport.park(this);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the log to sync");
                }
            }
        } finally {
            waiters.remove(waiter);
        }
    }

    private record Waiter(Thread thread, long sequence) {}

    /**
     * The flusher thread: while appenders stage frames, it writes the previous batch with one write and
     * syncs it (group commit: one fsync covers every append staged meanwhile), then wakes the waiters.
     */
    private void flushUntilClosed() {
        while (true) {
            boolean flushed;
            try {
                flushed = flush();
            } catch (IOException e) {
                fail(e);
                flushed = false;
            }
            wakeWaiters();
            if (failure != null || (closed && !flushed)) {
                return;
            }
            if (!flushed) {
                LockSupport.parkNanos(this, 100_000_000L);
            }
        }
    }

    /** Writes and syncs what is staged; false when nothing was. */
    private boolean flush() throws IOException {
        ioLock.lock();
        try {
            ByteBuffer batch;
            long first;
            long last;
            synchronized (writeLock) {
                if (staging.position() == 0) {
                    return false;
                }
                batch = staging;
                staging = spare;
                spare = batch;
                first = stagedFirst;
                last = nextSequence - 1;
            }
            batch.flip();
            try {
                if (current.size > 0 && current.size + batch.remaining() > segmentBytes) {
                    roll(first);
                }
                long at = current.size;
                while (batch.hasRemaining()) {
                    at += currentChannel.write(batch, at);
                }
                // after a failed write or fsync nothing unsynced can be trusted (the kernel may have dropped the pages)
                currentChannel.force(false);
                current.size = at;
                durableSequence = last;
                return true;
            } finally {
                batch.clear();
            }
        } finally {
            ioLock.unlock();
        }
    }

    /** Wakes the appenders whose records are durable now (all of them when the log failed or closed). */
    private void wakeWaiters() {
        long durable = durableSequence;
        boolean all = failure != null || closed;
        for (Waiter waiter : waiters) {
            if (all || waiter.sequence() <= durable) {
                LockSupport.unpark(waiter.thread());
            }
        }
    }

    private void throwIfUnusable() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException(
                    "the log in " + dir + " failed earlier and takes no more appends: " + failed.getMessage(), failed);
        }
        if (closed) {
            throw new IOException("the log in " + dir + " is closed");
        }
    }

    /**
     * Stops taking appends after a failed write or sync. What was staged is dropped (none of it was
     * acknowledged) and numbering goes back to the last durable record, so a recovery continues right
     * after it; the spare segment's space is given back.
     */
    private void fail(IOException e) {
        synchronized (writeLock) {
            if (failure != null) {
                return;
            }
            failure = e;
            failures++;
            staging.clear();
            nextSequence = durableSequence + 1;
        }
        Future<Path> spareFile = preallocated;
        if (spareFile != null) {
            spareFile.cancel(true);
            preallocated = null;
        }
        try {
            Files.deleteIfExists(dir.resolve(SPARE));
        } catch (IOException ignored) {
            // it goes with the next start
        }
        log.error(
                "Write buffer log in {} failed ({}); appends are refused until the disk takes writes again (retried at most "
                        + "once a second)",
                dir,
                e.getMessage());
    }

    /**
     * After a failure, at most once a second: drops any unsynced tail of the current segment, syncs, and
     * takes appends again if that works (the disk has room again). Records durable before the failure
     * stay as they were.
     */
    private void recoverIfFailed() {
        if (failure == null || closed) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastRecoveryNanos < 1_000_000_000L) {
            return;
        }
        lastRecoveryNanos = now;
        ioLock.lock();
        try {
            if (failure == null || closed) {
                return;
            }
            try {
                currentChannel.close();
            } catch (IOException ignored) {
                // reopened below
            }
            try {
                currentChannel = FileChannel.open(current.path, StandardOpenOption.WRITE);
                currentChannel.truncate(current.size);
                currentChannel.force(true);
            } catch (IOException stillFailing) {
                log.debug("write buffer log in {} still fails: {}", dir, stillFailing.getMessage());
                return;
            }
            synchronized (writeLock) {
                failure = null;
            }
            flusher = startFlusher();
            log.warn("Write buffer log in {} takes appends again", dir);
        } finally {
            ioLock.unlock();
        }
    }

    /** Seals the current segment (synced) and starts a new one whose first record is {@code firstSequence}. Under ioLock. */
    private void roll(long firstSequence) throws IOException {
        currentChannel.truncate(current.size); // a sealed segment ends with its last frame: no preallocated zeros
        currentChannel.force(true);
        currentChannel.close();
        Segment next = new Segment(segmentPath(firstSequence), firstSequence);
        currentChannel = createSegmentFile(next.path);
        segments.put(firstSequence, next);
        current = next;
    }

    /** A new, empty segment file: the preallocated spare when it is ready, else a new file. */
    private FileChannel createSegmentFile(Path path) throws IOException {
        Future<Path> ready = preallocated;
        preallocated = null;
        if (ready != null && ready.isDone()) {
            try {
                Files.move(ready.get(), path, StandardCopyOption.ATOMIC_MOVE);
            } catch (Exception e) {
                log.debug("preallocated segment not usable: {}", e.toString());
            }
        } else if (ready != null) {
            ready.cancel(false);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        syncDirectory();
        prepareSpare();
        return channel;
    }

    /** Writes the next segment file full of zeros in the background, so a roll finds it ready. */
    private void prepareSpare() {
        if (!preallocate || closed) {
            return;
        }
        Path path = dir.resolve(SPARE);
        preallocated = preallocator.submit(() -> {
            try (FileChannel channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                for (long at = 0; at < segmentBytes; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - at));
                    at += channel.write(zeros, at);
                }
                channel.force(true);
            }
            return path;
        });
    }

    /**
     * Deletes the segments whose records all have sequences up to {@code sequence}. When that is every
     * record written and the current segment holds at least a quarter of a segment, it is rolled over
     * first so its space is freed too.
     */
    public void deleteThrough(long sequence) throws IOException {
        ioLock.lock();
        try {
            synchronized (writeLock) {
                if (closed) {
                    return;
                }
                // a drained current segment is rolled once it holds a quarter of a segment: its space is
                // freed, and a trickle of appends drained one by one does not preallocate a segment each time;
                // not after a failure (sealed segments are still deleted below, which gives a full disk room)
                if (failure == null
                        && staging.position() == 0
                        && sequence >= durableSequence
                        && current.size >= segmentBytes / 4) {
                    roll(nextSequence);
                }
            }
        } finally {
            ioLock.unlock();
        }
        for (Map.Entry<Long, Segment> entry :
                segments.headMap(segments.lastKey()).entrySet()) {
            Long nextFirst = segments.higherKey(entry.getKey());
            if (nextFirst != null && nextFirst - 1 <= sequence) {
                segments.remove(entry.getKey());
                Files.deleteIfExists(entry.getValue().path);
            }
        }
    }

    /** The sequence of the last durable record (0 for a log that never had one). */
    public long lastSequence() {
        return durableSequence;
    }

    /** The sequence of the first record still on disk, or {@link #lastSequence()} + 1 when there is none. */
    public long firstSequence() {
        return segments.firstKey();
    }

    /** Bytes in the retained segment files. */
    public long sizeBytes() {
        long total = 0;
        for (Segment segment : segments.values()) {
            total += segment.size;
        }
        return total;
    }

    /** The directory holding the segments. */
    public Path directory() {
        return dir;
    }

    /** A reader of durable records from {@code fromSequence} on, in order. */
    public Cursor cursor(long fromSequence) {
        return new Cursor(fromSequence);
    }

    /** Syncs what is staged, stops the flusher and closes the file. */
    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LockSupport.unpark(flusher);
        preallocator.shutdownNow();
        try {
            flusher.join();
            // a spare segment being written must be done before close returns: nothing touches the directory after
            if (!preallocator.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Write buffer log in {}: preallocating a segment did not stop within 10 s", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ioLock.lock();
        try {
            currentChannel.close();
        } finally {
            ioLock.unlock();
        }
    }

    /** Reads records in sequence order across segments; not thread-safe (one reader, one cursor). */
    public final class Cursor implements Closeable {
        private long expected;
        private @Nullable Segment segment;
        private @Nullable FileChannel channel;
        private Frames.@Nullable Reader reader;
        private @Nullable LogRecord peeked;

        private Cursor(long fromSequence) {
            this.expected = Math.max(fromSequence, 1);
        }

        /** Up to {@code max} records (fewer when no more are durable yet), in order. */
        public List<LogRecord> next(int max) throws IOException {
            List<LogRecord> records = new ArrayList<>(Math.min(max, 1024));
            while (records.size() < max) {
                LogRecord record = nextRecord();
                if (record == null) {
                    break;
                }
                records.add(record);
            }
            return records;
        }

        /** The record {@link #next} returns next, without consuming it; null when none is durable yet. */
        public @Nullable LogRecord peek() throws IOException {
            if (peeked == null) {
                peeked = read();
            }
            return peeked;
        }

        private @Nullable LogRecord nextRecord() throws IOException {
            LogRecord record = peek();
            peeked = null;
            if (record != null) {
                expected = record.sequence() + 1;
            }
            return record;
        }

        private @Nullable LogRecord read() throws IOException {
            while (expected <= durableSequence) {
                if (reader == null && !openSegmentFor(expected)) {
                    return null;
                }
                LogRecord record = Objects.requireNonNull(reader).next();
                if (record == null) {
                    // the end of this segment: go on in the next one, if there is one yet
                    Long nextFirst = segments.higherKey(Objects.requireNonNull(segment).first);
                    if (nextFirst == null) {
                        return null;
                    }
                    record = reader.next(); // once more from the file: the segment may have been sealed since the last
                    // read
                    if (record == null) {
                        if (nextFirst > expected) {
                            log.error(
                                    "Write buffer log in {}: records {} to {} are damaged and skipped",
                                    dir,
                                    expected,
                                    nextFirst - 1);
                            expected = nextFirst;
                        }
                        closeSegment();
                        continue;
                    }
                }
                if (record.sequence() >= expected) {
                    return record;
                }
            }
            return null;
        }

        private boolean openSegmentFor(long sequence) throws IOException {
            Map.Entry<Long, Segment> entry = segments.floorEntry(sequence);
            if (entry == null) {
                entry = segments.firstEntry();
                if (entry == null) {
                    return false;
                }
                expected = entry.getKey();
            }
            segment = entry.getValue();
            channel = FileChannel.open(segment.path, StandardOpenOption.READ);
            reader = new Frames.Reader(channel, 0, maxPayload);
            return true;
        }

        private void closeSegment() throws IOException {
            if (channel != null) {
                channel.close();
            }
            channel = null;
            reader = null;
            segment = null;
        }

        @Override
        public void close() throws IOException {
            closeSegment();
        }
    }

    // --- recovery ---

    private Recovery recover() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().matches("\\d{20}\\" + SUFFIX))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            Segment first = new Segment(segmentPath(1), 1);
            if (preallocate) {
                prepareSpare();
                try {
                    Files.move(Objects.requireNonNull(preallocated).get(), first.path, StandardCopyOption.ATOMIC_MOVE);
                } catch (InterruptedException | ExecutionException e) {
                    throw new IOException("could not preallocate the first segment in " + dir, e);
                }
                preallocated = null;
            } else {
                FileChannel.open(first.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
            }
            syncDirectory();
            segments.put(1L, first);
            return new Recovery(0, 1, 0, 0, 0);
        }
        long records = 0;
        long truncated = 0;
        long damaged = 0;
        long last = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long first = Long.parseLong(file.getFileName().toString().substring(0, 20));
            boolean isLast = i == files.size() - 1;
            Segment segment = new Segment(file, first);
            try (FileChannel channel = FileChannel.open(
                    file, isLast ? StandardOpenOption.WRITE : StandardOpenOption.READ, StandardOpenOption.READ)) {
                Frames.Reader reader = new Frames.Reader(channel, 0, maxPayload);
                long expected = first;
                long sequence;
                while ((sequence = reader.skip()) >= 0) {
                    if (sequence != expected) {
                        break;
                    }
                    expected++;
                    records++;
                }
                boolean cut = sequence >= 0 || reader.damaged();
                long size = channel.size();
                if (isLast) {
                    if (cut) {
                        truncated = size - reader.offset();
                        log.warn(
                                "Write buffer log in {}: cut a torn tail of {} bytes from {} (a write was interrupted by a crash; "
                                        + "every acknowledged record is before it)",
                                dir,
                                truncated,
                                file.getFileName());
                    }
                    if (size > reader.offset()) {
                        // cut the torn tail, or the preallocated zeros: bytes past the end are never read as records
                        channel.truncate(reader.offset());
                        channel.force(true);
                    }
                    segment.size = reader.offset();
                    last = expected - 1;
                } else {
                    if (cut) {
                        damaged++;
                        log.error(
                                "Write buffer log in {}: segment {} is damaged at byte {} of {}; the records after that point "
                                        + "in it can not be read",
                                dir,
                                file.getFileName(),
                                reader.offset(),
                                size);
                    }
                    segment.size = size;
                }
            }
            segments.put(first, segment);
        }
        return new Recovery(records, segments.firstKey(), last, truncated, damaged);
    }

    private Path segmentPath(long firstSequence) {
        return dir.resolve(String.format("%020d%s", firstSequence, SUFFIX));
    }

    private void syncDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UncheckedIOException e) {
            // some file systems do not sync directories; the file's own sync still holds its data
            log.debug("could not sync directory {}: {}", dir, e.toString());
        }
    }

    private static final class Segment {
        final Path path;
        final long first;
        volatile long size;

        Segment(Path path, long first) {
            this.path = path;
            this.first = first;
        }
    }
}
