package dev.maintenance4j.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBufferTest {

    @TempDir
    Path dir;

    private WriteBuffer.Builder buffer() {
        return WriteBuffer.builder(dir)
                .segmentBytes(4096)
                .batchSize(16)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    @Test
    void aNewBufferDirectoryIsTheOwnersOnly() throws Exception {
        Path fresh = dir.resolve("fresh");
        try (WriteBuffer buffer = WriteBuffer.builder(fresh).build()) {
            buffer.append("k", bytes("a buffered request"));
        }
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void drainsInAppendOrderAcrossSegmentsAndRestarts() throws Exception {
        try (WriteBuffer buffer = buffer().build()) {
            for (int i = 1; i <= 100; i++) {
                Receipt receipt = buffer.append("key-" + i, bytes("write " + i));
                assertThat(receipt.position()).isEqualTo(i);
                assertThat(receipt.idempotencyKey()).isEqualTo("key-" + i);
            }
        }
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = buffer().build()) {
            assertThat(buffer.pending()).isEqualTo(100);
            for (int i = 101; i <= 150; i++) {
                buffer.append("key-" + i, bytes("write " + i));
            }
            WriteBuffer.DrainResult result =
                    buffer.drain(r -> applied.add(text(r.payload()))).get(30, TimeUnit.SECONDS);
            assertThat(result.applied()).isEqualTo(150);
            assertThat(buffer.pending()).isZero();
            assertThat(buffer.stats().bytes())
                    .as("drained segments are deleted")
                    .isZero();
        }
        assertThat(applied).containsExactlyElementsOf(writes(1, 150));
        try (WriteBuffer buffer = buffer().build()) {
            assertThat(buffer.pending())
                    .as("drained records stay drained after a restart")
                    .isZero();
            assertThat(buffer.append(null, bytes("next")).position()).isEqualTo(151);
        }
    }

    @Test
    void aKeyAppliedOnceIsSkippedWhenItComesAgainEvenAfterARestart() throws Exception {
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = buffer().build()) {
            buffer.append("order-1", bytes("first"));
            buffer.append("order-1", bytes("client retried"));
            buffer.append("order-2", bytes("second"));
            WriteBuffer.DrainResult result =
                    buffer.drain(r -> applied.add(text(r.payload()))).get(30, TimeUnit.SECONDS);
            assertThat(result.applied()).isEqualTo(2);
            assertThat(result.duplicatesSkipped()).isEqualTo(1);
        }
        try (WriteBuffer buffer = buffer().build()) {
            buffer.append("order-2", bytes("retried after the restart"));
            buffer.append("order-3", bytes("third"));
            buffer.drain(r -> applied.add(text(r.payload()))).get(30, TimeUnit.SECONDS);
            assertThat(buffer.stats().duplicatesSkipped()).isEqualTo(1);
        }
        assertThat(applied).containsExactly("first", "second", "third");
    }

    @Test
    void keysOutsideTheDeduplicationWindowAreAppliedAgain() throws Exception {
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = buffer().deduplication(Duration.ofDays(1), 2).build()) {
            buffer.append("a", bytes("a1"));
            buffer.append("b", bytes("b1"));
            buffer.append("c", bytes("c1"));
            buffer.append("a", bytes("a2")); // only the last two keys are remembered
            buffer.append("c", bytes("c2"));
            buffer.drain(r -> applied.add(text(r.payload()))).get(30, TimeUnit.SECONDS);
        }
        assertThat(applied).containsExactly("a1", "b1", "c1", "a2");
    }

    @Test
    void aRecordThatKeepsFailingIsRetriedThenDeadLetteredAndTheDrainGoesOn() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = buffer().maxAttempts(3).build()) {
            buffer.append("ok-1", bytes("ok 1"));
            buffer.append("poison", bytes("poison"));
            buffer.append("ok-2", bytes("ok 2"));
            WriteBuffer.DrainResult result = buffer.drain(r -> {
                        if (text(r.payload()).equals("poison")) {
                            attempts.incrementAndGet();
                            throw new IllegalStateException("constraint violated");
                        }
                        applied.add(text(r.payload()));
                    })
                    .get(30, TimeUnit.SECONDS);
            assertThat(result.deadLettered()).isEqualTo(1);
            assertThat(attempts).hasValue(3);
            assertThat(applied).containsExactly("ok 1", "ok 2");
            BufferStats stats = buffer.stats();
            assertThat(stats.deadLetters()).isEqualTo(1);
            assertThat(stats.pending()).isZero();
            assertThat(stats.lastError()).isEqualTo("IllegalStateException: constraint violated");
        }
        try (WriteBuffer buffer = buffer().build()) {
            List<DeadLetter> dead = buffer.deadLetters(10);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).record().position()).isEqualTo(2);
            assertThat(dead.get(0).record().idempotencyKey()).isEqualTo("poison");
            assertThat(text(dead.get(0).record().payload())).isEqualTo("poison");
            assertThat(dead.get(0).attempts()).isEqualTo(3);
            assertThat(dead.get(0).lastError()).contains("constraint violated");
            assertThat(buffer.stats().deadLetters()).isEqualTo(1);
        }
    }

    @Test
    void aRejectedRecordIsDeadLetteredAtOnceWithoutRetries() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = buffer().maxAttempts(5).build()) {
            buffer.append("ok-1", bytes("ok 1"));
            buffer.append("bad", bytes("bad"));
            buffer.append("ok-2", bytes("ok 2"));
            WriteBuffer.DrainResult result = buffer.drain(r -> {
                        if (text(r.payload()).equals("bad")) {
                            attempts.incrementAndGet();
                            throw new RejectedRecordException("the upstream answered 400");
                        }
                        applied.add(text(r.payload()));
                    })
                    .get(30, TimeUnit.SECONDS);
            assertThat(result.deadLettered()).isEqualTo(1);
            assertThat(attempts).hasValue(1);
            assertThat(applied).containsExactly("ok 1", "ok 2");
            List<DeadLetter> dead = buffer.deadLetters(10);
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.lastError()).isEqualTo("RejectedRecordException: the upstream answered 400");
            });
        }
    }

    @Test
    void aHandlerThatRecoversWithinItsAttemptsKeepsTheOrder() throws Exception {
        AtomicInteger failures = new AtomicInteger(2);
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = buffer().maxAttempts(5).build()) {
            for (int i = 1; i <= 5; i++) {
                buffer.append(null, bytes("write " + i));
            }
            buffer.drain(r -> {
                        if (text(r.payload()).equals("write 3") && failures.getAndDecrement() > 0) {
                            throw new IOException("database still locked");
                        }
                        applied.add(text(r.payload()));
                    })
                    .get(30, TimeUnit.SECONDS);
            assertThat(buffer.stats().deadLetters()).isZero();
        }
        assertThat(applied).containsExactlyElementsOf(writes(1, 5));
    }

    @Test
    void aFullBufferRefusesTheAppendAndWritesNothing() throws Exception {
        try (WriteBuffer buffer = buffer().maxBytes(2048).build()) {
            int accepted = 0;
            while (true) {
                try {
                    buffer.append(null, new byte[100]);
                    accepted++;
                } catch (BufferFullException e) {
                    assertThat(e).hasMessageContaining("full");
                    break;
                }
            }
            assertThat(accepted).isBetween(10, 20);
            assertThat(buffer.pending()).isEqualTo(accepted);
            assertThat(buffer.stats().appendedThrough()).isEqualTo(accepted);
        }
    }

    @Test
    void badKeysAreRefused() throws IOException {
        try (WriteBuffer buffer = buffer().build()) {
            assertThatThrownBy(() -> buffer.append("", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> buffer.append("with space", bytes("x")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> buffer.append("k".repeat(201), bytes("x")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> buffer.append("ключ", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
            assertThat(buffer.pending()).isZero();
        }
    }

    @Test
    void aClosedBufferRefusesToDrainOrAppendClearly() throws IOException {
        WriteBuffer buffer = buffer().build();
        buffer.close();
        buffer.close(); // idempotent
        assertThatThrownBy(() -> buffer.drain(r -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> buffer.append(null, bytes("x")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
        try (WriteBuffer buffer = buffer().build()) {
            assertThatThrownBy(() -> buffer().build())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void statsShowPendingAgeAndDrainProgress() throws Exception {
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WriteBuffer buffer = buffer().build()) {
            assertThat(buffer.stats().oldestPendingAt()).isNull();
            assertThat(buffer.stats().drainProgress()).isEqualTo(1.0);
            for (int i = 1; i <= 64; i++) {
                buffer.append(null, bytes("write " + i));
            }
            BufferStats before = buffer.stats();
            assertThat(before.pending()).isEqualTo(64);
            assertThat(before.bytes()).isPositive();
            assertThat(before.oldestPendingAt()).isNotNull();
            var run = buffer.drain(r -> {
                if (r.position() == 33) {
                    halfway.countDown();
                    release.await();
                }
            });
            assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            BufferStats during = buffer.stats();
            assertThat(during.draining()).isTrue();
            assertThat(during.drainedThrough()).isEqualTo(32);
            assertThat(during.drainProgress()).isEqualTo(0.5);
            assertThat(during.drainRatePerSecond()).isPositive();
            release.countDown();
            run.get(10, TimeUnit.SECONDS);
            BufferStats after = buffer.stats();
            assertThat(after.draining()).isFalse();
            assertThat(after.pending()).isZero();
            assertThat(after.drained()).isEqualTo(64);
            assertThat(after.oldestPendingAt()).isNull();
            assertThat(after.drainProgress()).isEqualTo(1.0);
        }
    }

    @Test
    void stoppingADrainLeavesTheRestPendingForTheNextOne() throws Exception {
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = buffer().build()) {
            for (int i = 1; i <= 40; i++) {
                buffer.append(null, bytes("write " + i));
            }
            WriteBuffer.DrainResult first = buffer.drain(r -> {
                        applied.add(text(r.payload()));
                        if (r.position() == 10) {
                            buffer.stopDraining();
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            assertThat(first.stopped()).isTrue();
            assertThat(applied).containsExactlyElementsOf(writes(1, 10));
            assertThat(buffer.pending()).isEqualTo(30);
        }
        try (WriteBuffer buffer = buffer().build()) {
            assertThat(buffer.pending()).isEqualTo(30);
            buffer.drain(r -> applied.add(text(r.payload()))).get(10, TimeUnit.SECONDS);
        }
        assertThat(applied).containsExactlyElementsOf(writes(1, 40));
    }

    @Test
    void recordsOfABatchACrashInterruptedComeAgainMarkedRedelivered() throws Exception {
        try (WriteBuffer buffer = buffer().build()) {
            for (int i = 1; i <= 20; i++) {
                buffer.append("k" + i, bytes("write " + i));
            }
            // the process "dies" inside the handler of record 5: the batch 1..16 was begun, nothing recorded
            var run = buffer.drain(r -> {
                if (r.position() == 5) {
                    throw new OutOfMemoryError("simulated death mid-batch");
                }
            });
            assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(OutOfMemoryError.class);
        }
        List<BufferedRecord> delivered = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = buffer().build()) {
            assertThat(buffer.pending()).isEqualTo(20);
            buffer.drain(delivered::add).get(10, TimeUnit.SECONDS);
        }
        assertThat(delivered).hasSize(20);
        assertThat(delivered.subList(0, 16)).allMatch(BufferedRecord::redelivered);
        assertThat(delivered.subList(16, 20)).noneMatch(BufferedRecord::redelivered);
    }

    private static List<String> writes(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("write " + i);
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
