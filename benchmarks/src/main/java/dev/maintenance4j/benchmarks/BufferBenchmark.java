package dev.maintenance4j.benchmarks;

import dev.maintenance4j.buffer.WriteBuffer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The write buffer's numbers, one step per run so that {@code benchmarks/write-buffer.sh} can interleave
 * rounds and open the filled buffer in a fresh JVM, as a restarted service does. Each step prints {@code
 * name value} lines for the script to collect.
 *
 * <ul>
 *   <li>{@code appends SECONDS DIR}: durable appends per second of 1 KiB records from 1, 4 and 16 threads (each
 *       append returns after the fdatasync that covers it), and the disk's own bound for 16 threads: each
 *       thread has one record in flight, so a sync covers at most 16 records, and 16 times the rate of a 16 KiB
 *       write plus fdatasync over allocated blocks (what the log does per group) is the most any log that
 *       acknowledges only synced records can reach.
 *   <li>{@code fill RECORDS DIR}: fills a buffer with 64 threads (records per second).
 *   <li>{@code recover DIR}: opens the buffer left by {@code fill} (every frame read, every checksum verified),
 *       then drains it into a handler that does nothing: the open's time, the time from the JVM's start until
 *       the buffer is open, and the drain rate.
 * </ul>
 */
public final class BufferBenchmark {

    private static final byte[] RECORD = new byte[1024];

    private BufferBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && !(args.length == 2 && args[0].equals("recover"))) {
            System.err.println(
                    "usage: BufferBenchmark appends SECONDS DIR | fill RECORDS DIR | recover DIR (see benchmarks/write-buffer.sh)");
            System.exit(2);
        }
        switch (args[0]) {
            case "appends" -> appends(Integer.parseInt(args[1]), Path.of(args[2]));
            case "fill" -> fill(Integer.parseInt(args[1]), Path.of(args[2]));
            case "recover" -> recover(Path.of(args[1]));
            default -> {
                System.err.println("unknown step " + args[0] + ": use appends, fill or recover");
                System.exit(2);
            }
        }
    }

    private static void appends(int seconds, Path base) throws Exception {
        for (int threads : new int[] {1, 4, 16}) {
            Path dir = base.resolve("appends-" + threads);
            try (WriteBuffer buffer =
                    WriteBuffer.builder(dir).maxBytes(Long.MAX_VALUE).build()) {
                DurableLogComparison.appends(() -> r -> buffer.append(null, r), RECORD, threads, 2); // warm-up
                long appended =
                        DurableLogComparison.appends(() -> r -> buffer.append(null, r), RECORD, threads, seconds);
                System.out.printf("appends-%d %.0f%n", threads, appended / (double) seconds);
            }
            DurableLogComparison.delete(dir);
        }
        double syncs = groupSyncs(base.resolve("disk"), seconds);
        System.out.printf("disk-16k-syncs %.0f%n", syncs);
        System.out.printf("bound-16 %.0f%n", 16 * syncs);
    }

    /** Writes of 16 KiB over a preallocated file, each followed by fdatasync, one at a time, per second. */
    private static double groupSyncs(Path dir, int seconds) throws Exception {
        Files.createDirectories(dir);
        ByteBuffer group = ByteBuffer.allocateDirect(16 * 1024);
        long fileBytes = 64L * 1024 * 1024;
        try (FileChannel channel = FileChannel.open(
                dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(1024 * 1024);
            for (long at = 0; at < fileBytes; at += zeros.capacity()) {
                zeros.clear();
                channel.write(zeros, at);
            }
            channel.force(true);
            long syncs = 0;
            long at = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                group.clear();
                channel.write(group, at);
                channel.force(false);
                at = (at + group.capacity()) % fileBytes;
                syncs++;
            }
            return syncs / (double) seconds;
        } finally {
            DurableLogComparison.delete(dir);
        }
    }

    /** Fills the buffer fast: many threads, so many records share each sync. */
    private static void fill(int records, Path dir) throws Exception {
        DurableLogComparison.delete(dir);
        try (WriteBuffer buffer =
                WriteBuffer.builder(dir).maxBytes(Long.MAX_VALUE).build()) {
            long start = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            int threads = 64;
            for (int t = 0; t < threads; t++) {
                int share = records / threads + (t < records % threads ? 1 : 0);
                Thread worker = new Thread(() -> {
                    try {
                        for (int i = 0; i < share; i++) {
                            buffer.append(null, RECORD);
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
            System.out.printf("fill %.0f%n", records / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static void recover(Path dir) throws Exception {
        long start = System.nanoTime();
        try (WriteBuffer buffer =
                WriteBuffer.builder(dir).maxBytes(Long.MAX_VALUE).build()) {
            double open = (System.nanoTime() - start) / 1e9;
            double sinceJvmStart = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
            System.out.printf("recovered-records %d%n", buffer.pending());
            System.out.printf("recovery-open-s %.3f%n", open);
            System.out.printf("recovery-jvm-s %.3f%n", sinceJvmStart);
            long drainStart = System.nanoTime();
            LongAdder drained = new LongAdder();
            buffer.drain(r -> drained.increment()).get(30, TimeUnit.MINUTES);
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            System.out.printf("drain %.0f%n", drained.sum() / drainSeconds);
        }
        DurableLogComparison.delete(dir);
    }
}
