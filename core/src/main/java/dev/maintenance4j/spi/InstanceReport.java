package dev.maintenance4j.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one running instance reports about itself through the store, so operators (and
 * {@code maint down --wait}) know when every instance has applied a change and drained its requests.
 *
 * @param id              a unique id per process
 * @param host            the host name
 * @param startedAt       when the instance started
 * @param appliedVersion  the state version its in-memory view has applied
 * @param inFlight        requests in progress
 * @param inFlightBlocked requests in progress of operation classes the applied state blocks
 * @param bufferedWrites  writes waiting in its write buffer (0 without one)
 * @param lastSeen        when it reported
 * @param heartbeat       how often it reports; it counts as gone after three missed reports
 */
public record InstanceReport(
        String id,
        String host,
        Instant startedAt,
        long appliedVersion,
        long inFlight,
        long inFlightBlocked,
        long bufferedWrites,
        Instant lastSeen,
        Duration heartbeat) {

    public InstanceReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException("instance id must have 1 to 200 characters, but was '" + id + "'");
        }
    }

    /** How long a report is kept after the instance last reported: long enough to see that it went away. */
    public static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

    /** True while the instance has reported within three heartbeats. */
    public boolean isLiveAt(Instant now) {
        return lastSeen.plus(heartbeat.multipliedBy(3)).isAfter(now);
    }

    /** True once the report is older than {@link #FORGOTTEN_AFTER}: registries then delete it. */
    public boolean isForgottenAt(Instant now) {
        return lastSeen.plus(FORGOTTEN_AFTER).isBefore(now);
    }
}
