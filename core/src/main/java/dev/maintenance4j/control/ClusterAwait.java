package dev.maintenance4j.control;

import dev.maintenance4j.spi.InstanceReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Waits until every live instance has applied a state version and, when asked, has no write in
 * progress that the state blocks: the safe point before a migration. No reference system offers this;
 * one tells its users to sleep for ten seconds.
 */
public final class ClusterAwait {

    private final Supplier<List<InstanceReport>> instances;
    private final Clock clock;
    private final Duration pollEvery;

    private ClusterAwait(Supplier<List<InstanceReport>> instances, Clock clock, Duration pollEvery) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pollEvery = pollEvery;
    }

    /** Waits on the reports {@code instances} returns (a store's, or an admin API's). */
    public static ClusterAwait of(Supplier<List<InstanceReport>> instances, Clock clock) {
        return new ClusterAwait(instances, clock, Duration.ofMillis(200));
    }

    /**
     * Polls until done or the timeout.
     *
     * @param version       the version every live instance must have applied
     * @param drainWrites   also wait for blocked writes in progress to finish
     * @param timeout       how long to wait
     * @param progress      told about each instance once it is done, as it happens
     * @return the outcome, naming the instances still lagging on timeout
     */
    public Result await(long version, boolean drainWrites, Duration timeout, Consumer<InstanceReport> progress)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        Set<String> announced = new HashSet<>();
        while (true) {
            Instant now = clock.instant();
            List<InstanceReport> live = new ArrayList<>();
            List<InstanceReport> lagging = new ArrayList<>();
            for (InstanceReport report : instances.get()) {
                if (!report.isLiveAt(now)) {
                    continue;
                }
                live.add(report);
                boolean done = report.appliedVersion() >= version && (!drainWrites || report.inFlightBlocked() == 0);
                if (done) {
                    if (announced.add(report.id())) {
                        progress.accept(report);
                    }
                } else {
                    lagging.add(report);
                }
            }
            if (lagging.isEmpty()) {
                return new Result(true, live, List.of());
            }
            if (!now.isBefore(deadline)) {
                return new Result(false, live, lagging);
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    /**
     * @param done     every live instance got there
     * @param live     the live instances seen last
     * @param laggards those that had not, on timeout
     */
    public record Result(boolean done, List<InstanceReport> live, List<InstanceReport> laggards) {
        public Result {
            live = List.copyOf(live);
            laggards = List.copyOf(laggards);
        }
    }
}
