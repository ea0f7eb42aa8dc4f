package dev.maintenance4j.benchmarks;

import dev.maintenance4j.buffer.WriteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The write buffer's numbers: durable appends per second of 1 KiB records from 1, 4 and 16 threads
 * (each append synced before it returns), the drain rate into a handler that does nothing, and the
 * time to open a buffer holding one million records (checksums of every record verified).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.maintenance4j.benchmarks.BufferBenchmark [seconds-per-run] [recovery-records] [dir]
 * </pre>
 */
public final class BufferBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int recoveryRecords = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("buffer-bench");
        byte[] record = new byte[1024];
        System.out.printf("durable appends of 1 KiB records, %d s per run, directory %s%n", seconds, base);
        for (int threads : new int[] {1, 4, 16}) {
            Path dir = base.resolve("appends-" + threads);
            try (WriteBuffer buffer =
                    WriteBuffer.builder(dir).maxBytes(Long.MAX_VALUE).build()) {
                DurableLogComparison.appends(() -> r -> buffer.append(null, r), record, threads, 2); // warm-up
                long appended =
                        DurableLogComparison.appends(() -> r -> buffer.append(null, r), record, threads, seconds);
                System.out.printf("  %2d thread(s): %,10.0f appends/s%n", threads, appended / (double) seconds);
            }
            DurableLogComparison.delete(dir);
        }

        Path dir = base.resolve("recovery");
        try (WriteBuffer buffer =
                WriteBuffer.builder(dir).maxBytes(Long.MAX_VALUE).build()) {
            long start = System.nanoTime();
            fill(buffer, record, recoveryRecords);
            System.out.printf("filled %,d records in %.1f s%n", recoveryRecords, (System.nanoTime() - start) / 1e9);
        }
        long start = System.nanoTime();
        try (WriteBuffer buffer =
                WriteBuffer.builder(dir).maxBytes(Long.MAX_VALUE).build()) {
            double recovery = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "recovery (open, every checksum verified) of %,d records: %.2f s%n", buffer.pending(), recovery);
            long drainStart = System.nanoTime();
            LongAdder drained = new LongAdder();
            buffer.drain(r -> drained.increment()).get(30, TimeUnit.MINUTES);
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            System.out.printf(
                    "drain into a no-op handler: %,d records in %.2f s = %,.0f records/s%n",
                    drained.sum(), drainSeconds, drained.sum() / drainSeconds);
        }
        DurableLogComparison.delete(base);
    }

    /** Fills the buffer fast: many threads, so many records share each sync. */
    private static void fill(WriteBuffer buffer, byte[] record, int records) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        int threads = 64;
        for (int t = 0; t < threads; t++) {
            int share = records / threads + (t < records % threads ? 1 : 0);
            Thread worker = new Thread(() -> {
                try {
                    for (int i = 0; i < share; i++) {
                        buffer.append(null, record);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }
}
