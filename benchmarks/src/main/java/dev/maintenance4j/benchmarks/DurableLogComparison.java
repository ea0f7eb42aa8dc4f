package dev.maintenance4j.benchmarks;

import com.squareup.tape2.QueueFile;
import dev.maintenance4j.buffer.WriteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;

/**
 * The durable-log comparison behind buffer/README.md's "why not a library": 1 KiB appends per second from 1
 * and 16 threads, side by side in one run, into the write buffer (each append returns after fdatasync, with
 * group commit), Square's Tape {@code QueueFile} (its file opened {@code rwd}: each add written through),
 * Chronicle Queue as shipped (memory-mapped, nothing synced) and with an msync after each append
 * ({@code SyncMode.SYNC} and {@code sync()}), and the disk's own rate of a 1 KiB write plus
 * {@code fdatasync} ({@code FileChannel.force(false)}), one at a time.
 *
 * <pre>
 * benchmarks/durable-logs.sh [seconds-per-run=10] [rounds=3] [dir]
 * </pre>
 */
public final class DurableLogComparison {

    private DurableLogComparison() {}

    /** Per-thread state of a log: Chronicle appenders belong to one thread. */
    interface Appender {
        void append(byte[] record) throws Exception;
    }

    private interface Opened extends AutoCloseable {
        Appender appender();
    }

    private interface Contender {
        Opened open(Path dir) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("durable-logs");
        byte[] record = new byte[1024];
        List<String> names = List.of(
                "maintenance4j WriteBuffer (fdatasync, group commit)",
                "Tape QueueFile (rwd: each add written through)",
                "Chronicle Queue as shipped (no sync)",
                "Chronicle Queue, msync after each append",
                "the disk: 1 KiB write + fdatasync, one at a time");
        List<Contender> contenders = List.of(
                DurableLogComparison::writeBuffer,
                DurableLogComparison::tape,
                dir -> chronicle(dir, false),
                dir -> chronicle(dir, true),
                DurableLogComparison::fdatasync);
        System.out.printf("1 KiB appends/s, %d s per run, %d rounds, directory %s%n", seconds, rounds, base);
        System.out.printf("%-52s %8s %s%n", "log", "threads", "appends/s per round");
        for (int threads : new int[] {1, 16}) {
            List<List<Double>> rates = new ArrayList<>();
            for (int c = 0; c < contenders.size(); c++) {
                rates.add(new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (int c = 0; c < contenders.size(); c++) { // interleaved: drift hits every log alike
                    Path dir = base.resolve("c" + c + "-t" + threads + "-r" + round);
                    Files.createDirectories(dir);
                    try (Opened log = contenders.get(c).open(dir)) {
                        appends(log::appender, record, threads, 1); // warm-up
                        rates.get(c).add(appends(log::appender, record, threads, seconds) / (double) seconds);
                    }
                    delete(dir);
                }
            }
            for (int c = 0; c < contenders.size(); c++) {
                StringBuilder line = new StringBuilder();
                for (double rate : rates.get(c)) {
                    line.append(String.format("%,12.0f", rate));
                }
                List<Double> sorted = rates.get(c).stream().sorted().toList();
                line.append(String.format(
                        "   min / median / max %,.0f / %,.0f / %,.0f",
                        sorted.get(0), sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1)));
                System.out.printf("%-52s %8d %s%n", names.get(c), threads, line);
            }
        }
        delete(base);
    }

    private static Opened writeBuffer(Path dir) throws IOException {
        WriteBuffer buffer = WriteBuffer.builder(dir).maxBytes(Long.MAX_VALUE).build();
        return opened(() -> record -> buffer.append(null, record), buffer::close);
    }

    private static Opened tape(Path dir) throws IOException {
        QueueFile queue = new QueueFile.Builder(dir.resolve("queue").toFile()).build();
        return opened(
                () -> record -> {
                    synchronized (queue) { // QueueFile is not thread-safe
                        queue.add(record);
                    }
                },
                queue::close);
    }

    private static Opened chronicle(Path dir, boolean sync) {
        ChronicleQueue queue = ChronicleQueue.singleBuilder(dir)
                .syncMode(sync ? SyncMode.SYNC : SyncMode.NONE)
                .build();
        return opened(
                () -> {
                    ExcerptAppender appender = queue.createAppender();
                    Bytes<?> bytes = Bytes.allocateElasticDirect(1024);
                    return record -> {
                        bytes.clear();
                        bytes.write(record);
                        appender.writeBytes(bytes);
                        if (sync) {
                            appender.sync();
                        }
                    };
                },
                queue::close);
    }

    private static Opened fdatasync(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(
                dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return opened(
                () -> record -> {
                    synchronized (channel) {
                        channel.write(ByteBuffer.wrap(record));
                        channel.force(false);
                    }
                },
                channel::close);
    }

    private static Opened opened(Supplier<Appender> appenders, AutoCloseable close) {
        return new Opened() {
            @Override
            public Appender appender() {
                return appenders.get();
            }

            @Override
            public void close() throws Exception {
                close.close();
            }
        };
    }

    /** Appends {@code record} from {@code threads} threads, each with its own appender, for {@code seconds}; returns how many. */
    static long appends(Supplier<Appender> appenders, byte[] record, int threads, int seconds)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder count = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                Appender appender = appenders.get();
                try {
                    while (!stop.get()) {
                        appender.append(record);
                        count.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        return count.sum();
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
