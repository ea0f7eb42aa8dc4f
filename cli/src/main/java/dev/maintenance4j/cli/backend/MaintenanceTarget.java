package dev.maintenance4j.cli.backend;

import dev.maintenance4j.HistoryEntry;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.DeadLetterEntry;
import dev.maintenance4j.spi.InstanceReport;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the CLI's commands act on: a state store directly ({@link StoreTarget}) or a running
 * service's admin API ({@link AdminApiTarget}). Both apply the same operations with the same
 * semantics, so a command reads the same either way.
 */
public interface MaintenanceTarget extends AutoCloseable {

    /** For output, such as {@code file:/srv/var/state.json} or {@code https://host/maintenance/api}. */
    String describe();

    MaintenanceStatus status();

    /**
     * Why the stored state was unreadable at the last {@link #status()} (which then gave the safe
     * default), or null when it was read. A running service's admin API answers with the state it
     * serves, so only a store read directly can say this.
     */
    default @Nullable String unreadable() {
        return null;
    }

    Outcome enable(EnableOptions options);

    Outcome disable();

    Outcome allow(List<CidrBlock> entries);

    Outcome disallow(List<CidrBlock> entries);

    Outcome rotateSecret();

    Outcome clearSecret();

    /**
     * Asks the service to send a test notification to every configured target.
     *
     * @throws IllegalArgumentException when this backend can not send notifications (a bare store)
     */
    void sendTestNotification();

    /**
     * The running service's write buffer: counts and replay progress.
     *
     * @throws IllegalArgumentException when this backend has no write buffer (a bare store)
     */
    BufferStatus bufferStatus();

    /**
     * Starts replaying the running service's write buffer now, even while maintenance is on.
     *
     * @return the buffer's status as the replay starts
     * @throws IllegalArgumentException when this backend has no write buffer (a bare store)
     */
    BufferStatus drainBuffer();

    /**
     * The newest {@code limit} buffered requests that failed every replay attempt.
     *
     * @throws IllegalArgumentException when this backend has no write buffer (a bare store)
     */
    List<DeadLetterEntry> deadLetters(int limit);

    /** The instances reporting to the store (empty where the store keeps no registry). */
    List<InstanceReport> instances();

    /** The audit history, newest first. */
    List<HistoryEntry> history(int limit);

    @Override
    void close();

    /**
     * The result of a change.
     *
     * @param before          the state it changed, or null when the service did not say
     * @param status          the state after it
     * @param changed         false when nothing needed to change
     * @param generatedSecret a generated secret to show once, or null
     * @param notice          what the operator must know besides, such as a change held by one instance while
     *                        the store is unreachable; or null
     */
    record Outcome(
            @Nullable MaintenanceStatus before,
            MaintenanceStatus status,
            boolean changed,
            @Nullable String generatedSecret,
            @Nullable String notice) {}
}
