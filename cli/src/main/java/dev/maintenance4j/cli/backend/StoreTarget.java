package dev.maintenance4j.cli.backend;

import dev.maintenance4j.HistoryEntry;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.DeadLetterEntry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoredState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Operations applied to a state store directly, with compare-and-set and retries. */
public final class StoreTarget implements MaintenanceTarget {

    private final StateStore store;
    private final MaintenanceControl control;
    private final Clock clock;
    private final Actor actor;
    private @Nullable String unreadable;

    /**
     * @param defaultRetryAfter the {@code Retry-After} a new maintenance gets unless one is given, or null for none
     */
    public StoreTarget(StateStore store, Clock clock, Actor actor, java.time.@Nullable Duration defaultRetryAfter) {
        this.store = store;
        this.control = MaintenanceControl.of(store, clock, defaultRetryAfter);
        this.clock = clock;
        this.actor = actor;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public MaintenanceStatus status() {
        StoredState stored = store.readStored();
        unreadable = stored.unreadable();
        return MaintenanceStatus.of(stored.state(), clock.instant());
    }

    @Override
    public @Nullable String unreadable() {
        return unreadable;
    }

    @Override
    public Outcome enable(EnableOptions options) {
        return outcome(control.enable(options, actor));
    }

    @Override
    public Outcome disable() {
        return outcome(control.disable(actor));
    }

    @Override
    public Outcome allow(List<CidrBlock> entries) {
        return outcome(control.allow(entries, actor));
    }

    @Override
    public Outcome disallow(List<CidrBlock> entries) {
        return outcome(control.disallow(entries, actor));
    }

    @Override
    public Outcome rotateSecret() {
        return outcome(control.rotateSecret(actor));
    }

    @Override
    public Outcome clearSecret() {
        return outcome(control.clearSecret(actor));
    }

    @Override
    public List<InstanceReport> instances() {
        return control.instances();
    }

    @Override
    public void sendTestNotification() {
        throw new IllegalArgumentException(
                "notifications are sent by a running service; use --store http(s)://HOST/maintenance/api");
    }

    @Override
    public BufferStatus bufferStatus() {
        throw noWriteBuffer();
    }

    @Override
    public BufferStatus drainBuffer() {
        throw noWriteBuffer();
    }

    @Override
    public List<DeadLetterEntry> deadLetters(int limit) {
        throw noWriteBuffer();
    }

    private static IllegalArgumentException noWriteBuffer() {
        return new IllegalArgumentException(
                "the write buffer lives in the running service; use --store http(s)://HOST/maintenance/api");
    }

    @Override
    public List<HistoryEntry> history(int limit) {
        return store.history(limit).stream().map(HistoryEntry::of).toList();
    }

    private Outcome outcome(MaintenanceControl.Result result) {
        Instant now = clock.instant();
        return new Outcome(
                MaintenanceStatus.of(result.before(), now),
                MaintenanceStatus.of(result.after(), now),
                result.changed(),
                result.generatedSecret(),
                result.notice());
    }

    @Override
    public void close() {
        store.close();
    }
}
