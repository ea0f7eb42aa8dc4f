package dev.maintenance4j.protocol;

import dev.maintenance4j.spi.InstanceReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A running instance as the admin API reports it: its last report and whether it is live now.
 *
 * @param heartbeatMillis how often it reports
 * @param live            it reported within three heartbeats
 */
public record InstanceStatus(
        String id,
        String host,
        Instant startedAt,
        long appliedVersion,
        long inFlight,
        long inFlightBlocked,
        long bufferedWrites,
        Instant lastSeen,
        long heartbeatMillis,
        boolean live) {

    public static InstanceStatus of(InstanceReport r, Instant now) {
        return new InstanceStatus(
                r.id(),
                r.host(),
                r.startedAt(),
                r.appliedVersion(),
                r.inFlight(),
                r.inFlightBlocked(),
                r.bufferedWrites(),
                r.lastSeen(),
                r.heartbeat().toMillis(),
                r.isLiveAt(now));
    }

    public static List<InstanceStatus> of(List<InstanceReport> reports, Instant now) {
        return reports.stream().map(r -> of(r, now)).toList();
    }

    /** The report this was made from. */
    public InstanceReport report() {
        return new InstanceReport(
                id,
                host,
                startedAt,
                appliedVersion,
                inFlight,
                inFlightBlocked,
                bufferedWrites,
                lastSeen,
                Duration.ofMillis(heartbeatMillis));
    }
}
