package dev.maintenance4j.buffer;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The child JVM {@link WriteBufferCrashIT} kills with SIGKILL.
 *
 * <ul>
 *   <li>{@code append DIR THREADS}: appends 1 KiB records from many threads for ever, printing
 *       {@code A position key} after each append returned (acknowledged).</li>
 *   <li>{@code drain DIR LEDGER}: drains into a ledger file (one synced line per applied record), the
 *       way an application applies writes; for a record marked redelivered it first looks in the ledger.
 *       A record not so marked whose key is already in the ledger would be a buffer bug: it prints
 *       {@code VIOLATION}.</li>
 * </ul>
 */
public final class CrashingBufferProcess {

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        Path dir = Path.of(args[1]);
        if (args[0].equals("append")) {
            append(dir, Integer.parseInt(args[2]), out);
        } else {
            drain(dir, Path.of(args[2]), out);
        }
    }

    static byte[] payloadFor(String key) {
        byte[] payload = new byte[1024];
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = k[i % k.length];
        }
        return payload;
    }

    private static void append(Path dir, int threads, PrintStream out) throws Exception {
        WriteBuffer buffer = WriteBuffer.builder(dir)
                .segmentBytes(256 * 1024)
                .maxBytes(Long.MAX_VALUE)
                .build();
        String run = Long.toString(System.nanoTime(), 36);
        out.println("ready");
        out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; ; i++) {
                        String key = run + "-" + thread + "-" + i;
                        Receipt receipt = buffer.append(key, payloadFor(key));
                        synchronized (out) {
                            out.println("A " + receipt.position() + " " + key);
                            out.flush();
                        }
                    }
                } catch (Exception e) {
                    synchronized (out) {
                        out.println("ERROR " + e);
                        out.flush();
                    }
                }
            });
            writer.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void drain(Path dir, Path ledger, PrintStream out) throws Exception {
        Set<String> applied = new HashSet<>();
        try (FileChannel file = FileChannel.open(
                        ledger, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                WriteBuffer buffer = WriteBuffer.builder(dir).batchSize(64).build()) {
            // The ledger stands in for the application's database, whose commits are atomic. A plain
            // file write is not: SIGKILL can cut it at a page boundary. Roll back such a torn line first.
            byte[] bytes = Files.readAllBytes(ledger);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            file.truncate(end);
            file.position(end);
            for (String line :
                    new String(bytes, 0, end, StandardCharsets.US_ASCII).lines().toList()) {
                applied.add(line.substring(line.indexOf(' ') + 1));
            }
            out.println("ready");
            out.flush();
            buffer.drain(record -> {
                        if (applied.contains(record.idempotencyKey())) {
                            if (record.redelivered()) {
                                return; // applied before the crash; the application's own check finds it
                            }
                            out.println("VIOLATION " + record.position() + " " + record.idempotencyKey());
                            out.flush();
                        }
                        if (!Arrays.equals(record.payload(), payloadFor(record.idempotencyKey()))) {
                            out.println("VIOLATION payload " + record.position());
                            out.flush();
                        }
                        file.write(ByteBuffer.wrap((record.position() + " " + record.idempotencyKey() + "\n")
                                .getBytes(StandardCharsets.US_ASCII)));
                        file.force(false);
                        applied.add(record.idempotencyKey());
                    })
                    .get();
            out.println("done");
            out.flush();
        }
    }
}
