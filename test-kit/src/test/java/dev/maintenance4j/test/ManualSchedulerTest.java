package dev.maintenance4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<String> ran = new ArrayList<>();

    private Runnable record(String name) {
        return () -> ran.add(name + "@" + Duration.between(T0, clock.instant()).toMillis());
    }

    @Test
    void nothingRunsUntilTimeIsMovedAndThenEachTaskRunsAtItsDueTimeInOrder() {
        scheduler.schedule(record("b"), Duration.ofMillis(200));
        scheduler.schedule(record("a"), Duration.ofMillis(100));
        scheduler.schedule(record("c"), Duration.ofMillis(200));
        assertThat(ran).isEmpty();
        assertThat(scheduler.runDue()).isZero();

        scheduler.advance(Duration.ofMillis(150));
        assertThat(ran).containsExactly("a@100");
        assertThat(clock.instant()).isEqualTo(T0.plusMillis(150));

        scheduler.advance(Duration.ofMillis(50));
        assertThat(ran).containsExactly("a@100", "b@200", "c@200");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aPeriodicTaskRunsAgainAfterEachDelayUntilCancelled() {
        Scheduler.Task task = scheduler.scheduleWithFixedDelay(record("poll"), Duration.ZERO, Duration.ofSeconds(5));
        scheduler.runDue();
        scheduler.advance(Duration.ofSeconds(12));
        assertThat(ran).containsExactly("poll@0", "poll@5000", "poll@10000");

        task.cancel();
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(ran).hasSize(3);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aTaskScheduledByATaskWithNoDelayRunsInTheSameStep() {
        scheduler.schedule(
                () -> {
                    ran.add("first");
                    scheduler.execute(record("second"));
                },
                Duration.ofMillis(10));
        scheduler.advance(Duration.ofMillis(10));
        assertThat(ran).containsExactly("first", "second@10");
    }

    @Test
    void aCancelledOneShotTaskNeverRuns() {
        scheduler.schedule(record("never"), Duration.ofSeconds(1)).cancel();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(ran).isEmpty();
    }
}
