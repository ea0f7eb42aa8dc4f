package dev.maintenance4j.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of a child JVM, during heavy appends and during a drain. */
class WriteBufferCrashIT {

    @TempDir
    Path dir;

    @Test
    void sigkillDuringHeavyAppendsLosesNoAcknowledgedRecord() throws Exception {
        Path buffer = dir.resolve("buffer");
        long drainedSoFar = 0;
        for (int round = 0; round < 5; round++) {
            Map<String, Long> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean failed = new AtomicBoolean();
            Process child = start("append", buffer.toString(), "16");
            BufferedReader out = reader(child);
            assertThat(out.readLine()).isEqualTo("ready");
            Thread reader = new Thread(() -> out.lines().forEach(line -> {
                if (line.startsWith("A ")) {
                    String[] parts = line.split(" ");
                    acknowledged.put(parts[2], Long.parseLong(parts[1]));
                } else {
                    failed.set(true);
                }
            }));
            reader.start();
            int target = ThreadLocalRandom.current().nextInt(500, 5000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < target) {
                assertThat(System.nanoTime()).as("appends made progress").isLessThan(deadline);
                assertThat(child.isAlive()).isTrue();
                Thread.sleep(1);
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            assertThat(failed).as("the child printed only acknowledgements").isFalse();

            Map<Long, String> recovered = new LinkedHashMap<>();
            try (WriteBuffer opened = WriteBuffer.builder(buffer).build()) {
                assertThat(opened.pending()).isGreaterThanOrEqualTo(acknowledged.size());
                opened.drain(record -> {
                            assertThat(record.payload())
                                    .isEqualTo(CrashingBufferProcess.payloadFor(record.idempotencyKey()));
                            recovered.put(record.position(), record.idempotencyKey());
                        })
                        .get(60, TimeUnit.SECONDS);
            }
            List<Long> positions = new ArrayList<>(recovered.keySet());
            for (int i = 0; i < positions.size(); i++) {
                assertThat(positions.get(i)).as("gapless, in order").isEqualTo(drainedSoFar + 1 + i);
            }
            acknowledged.forEach((key, position) -> assertThat(recovered.get(position))
                    .as("acknowledged record %d survives", position)
                    .isEqualTo(key));
            drainedSoFar += recovered.size();
        }
    }

    @Test
    void sigkillDuringADrainAppliesEveryRecordOnceAndInOrder() throws Exception {
        Path buffer = dir.resolve("buffer");
        Path ledger = dir.resolve("ledger.txt");
        int records = 3000;
        try (WriteBuffer opened = WriteBuffer.builder(buffer).build()) {
            for (int i = 0; i < records; i++) {
                String key = "k-" + i;
                opened.append(key, CrashingBufferProcess.payloadFor(key));
            }
        }
        int kills = 0;
        for (int round = 0; round < 50; round++) {
            Process child = start("drain", buffer.toString(), ledger.toString());
            BufferedReader out = reader(child);
            assertThat(out.readLine()).isEqualTo("ready");
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> out.lines().forEach(lines::add));
            reader.start();
            long before = lineCount(ledger);
            long target = before + ThreadLocalRandom.current().nextInt(50, 600);
            while (child.isAlive() && lineCount(ledger) < target) {
                Thread.sleep(1);
            }
            if (child.isAlive()) {
                child.destroyForcibly();
                kills++;
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            assertThat(lines)
                    .as("no record applied twice without being marked redelivered")
                    .noneMatch(l -> l.startsWith("VIOLATION"));
            if (lines.contains("done")) {
                break;
            }
        }
        assertThat(kills).as("the drain was killed at least once").isGreaterThan(0);
        List<String> applied = Files.readAllLines(ledger);
        assertThat(applied).hasSize(records);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < applied.size(); i++) {
            assertThat(applied.get(i)).isEqualTo((i + 1) + " k-" + i);
            assertThat(keys.add(applied.get(i))).isTrue();
        }
        try (WriteBuffer opened = WriteBuffer.builder(buffer).build()) {
            assertThat(opened.pending()).isZero();
        }
    }

    private static long lineCount(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static Process start(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), CrashingBufferProcess.class.getName()));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }
}
