package dev.maintenance4j.micrometer;

import dev.maintenance4j.buffer.WriteBuffer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;

/**
 * The write buffer's meters: {@code maintenance.buffer.pending}, {@code .bytes}, {@code .oldest.age}
 * (seconds), {@code .dead.letters}, {@code .drain.progress} (0 to 1), and the counters
 * {@code maintenance.buffer.drained} and {@code maintenance.buffer.duplicates}.
 */
public final class WriteBufferMetrics implements MeterBinder {

    private final WriteBuffer buffer;
    private final Clock clock;

    /** Meters for {@code buffer}, its ages read on {@code clock} (the one {@code Maintenance} reads). */
    public WriteBufferMetrics(WriteBuffer buffer, Clock clock) {
        this.buffer = buffer;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("maintenance.buffer.pending", buffer, b -> b.stats().pending())
                .description("Requests accepted into the write buffer and not yet replayed")
                .register(registry);
        Gauge.builder("maintenance.buffer.bytes", buffer, b -> b.stats().bytes())
                .baseUnit("bytes")
                .description("Bytes the write buffer holds on disk")
                .register(registry);
        Gauge.builder(
                        "maintenance.buffer.oldest.age",
                        buffer,
                        b -> b.stats().oldestPendingAge(clock.instant()).toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("How long the oldest buffered request has waited")
                .register(registry);
        Gauge.builder("maintenance.buffer.dead.letters", buffer, b -> b.stats().deadLetters())
                .description("Buffered requests that failed every replay attempt")
                .register(registry);
        Gauge.builder(
                        "maintenance.buffer.drain.progress",
                        buffer,
                        b -> b.stats().drainProgress())
                .description("Share of the running (or last) replay done, 0 to 1")
                .register(registry);
        Gauge.builder("maintenance.buffer.failed", buffer, b -> b.stats().failure() == null ? 0 : 1)
                .description("1 while the write buffer's disk fails (full or broken) and it takes no writes, else 0")
                .register(registry);
        FunctionCounter.builder(
                        "maintenance.buffer.drained", buffer, b -> b.stats().drained())
                .description("Buffered requests replayed (applied, skipped as duplicates or dead-lettered)")
                .register(registry);
        FunctionCounter.builder(
                        "maintenance.buffer.duplicates", buffer, b -> b.stats().duplicatesSkipped())
                .description("Buffered requests skipped because their idempotency key was applied already")
                .register(registry);
    }
}
