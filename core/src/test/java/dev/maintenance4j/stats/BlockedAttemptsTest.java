package dev.maintenance4j.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.operation.OperationClass;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BlockedAttemptsTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void countsTotalLastMinuteAndFirstAndLastPerClass() {
        BlockedAttempts attempts = new BlockedAttempts();
        attempts.record(OperationClass.WRITE, T.toEpochMilli());
        attempts.record(OperationClass.WRITE, T.plusSeconds(30).toEpochMilli());
        attempts.record(OperationClass.WRITE, T.plusSeconds(90).toEpochMilli());
        attempts.record(OperationClass.READ, T.plusSeconds(91).toEpochMilli());

        BlockedAttempts.Snapshot write = attempts.snapshot(OperationClass.WRITE, T.plusSeconds(95));
        assertThat(write.total()).isEqualTo(3);
        assertThat(write.lastMinute()).isEqualTo(1);
        assertThat(write.firstBlockedAt()).isEqualTo(T);
        assertThat(write.lastBlockedAt()).isEqualTo(T.plusSeconds(90));
        assertThat(attempts.snapshot(T.plusSeconds(95)))
                .extracting(BlockedAttempts.Snapshot::operationClass)
                .containsExactly(OperationClass.WRITE, OperationClass.READ);
        assertThat(attempts.snapshot(OperationClass.ADMIN, T)).isNull();
        assertThat(attempts.snapshot(OperationClass.WRITE, T.plusSeconds(1000)).lastMinute())
                .isZero();
        // per minute, oldest first: T and T+30s share minute 10:00, T+90s is 10:01 (the current minute at T+95s)
        assertThat(write.perMinute()).hasSize(60).endsWith(2L, 1L);
        assertThat(write.perMinute().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    }
}
