package dev.maintenance4j.store.memcached;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.AuditAction;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.Commit;
import dev.maintenance4j.spi.InstanceRegistry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StateFormatException;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.spi.VersionConflictException;
import dev.maintenance4j.text.Failures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state in Memcached: compare-and-set with {@code gets}/{@code cas} (or {@code add} for the
 * first write), no expiry. Memcached has no push, so {@link #watch} never fires and instances follow
 * changes by polling. The audit is kept beside the state as numbered entries, each written before its
 * change, so no committed change lacks one; {@link #history} shows only the entries of committed
 * changes. Memcached may evict under memory pressure, and {@code flush_all} or a restart empties
 * it: running instances write back the state they know ({@link #restoreIfAbsent}, audited) at their
 * next poll. A reader that is no instance (the CLI) and finds the state gone on a server that shows
 * signs of a loss (an instance reports a version, or with no reports the server was flushed or evicts) waits for that
 * restore, up to {@link Builder#restoreWait(java.time.Duration)}, so no change is built on a lost
 * state. A restore is marked, so a newer one may replace it, and a change is kept by its writer until every
 * running instance holds it ({@link #mayDropChanges}), so a loss right after a change does not take it.
 * Instance reports share one key, updated with gets/cas.
 */
public final class MemcachedStateStore implements StateStore, InstanceRegistry {

    private static final Logger log = LoggerFactory.getLogger(MemcachedStateStore.class);
    private static final int NO_EXPIRY = 0;
    /** Marks a state an instance wrote back after a loss, which a newer restore may replace (a change never is). */
    private static final String RESTORED = "restored:";

    private final MemcachedClient client;
    private final boolean ownsClient;
    private final String stateKey;
    private final String auditSequenceKey;
    private final String auditPrefix;
    private final String instancesKey;
    private final SafeDefault safeDefault;
    private final Clock clock;
    private final Duration restoreWait;
    private volatile boolean watched;

    private MemcachedStateStore(Builder b) {
        this.client = b.client;
        this.ownsClient = b.ownsClient;
        this.stateKey = "maintenance4j:" + b.namespace + ":state";
        this.auditSequenceKey = "maintenance4j:" + b.namespace + ":audit:seq";
        this.auditPrefix = "maintenance4j:" + b.namespace + ":audit:";
        this.instancesKey = "maintenance4j:" + b.namespace + ":instances";
        this.safeDefault = b.safeDefault;
        this.clock = b.clock;
        this.restoreWait = b.restoreWait;
    }

    /** A store on this client (which the caller keeps and shuts down). */
    public static Builder builder(MemcachedClient client) {
        return new Builder(client, false);
    }

    static Builder owning(MemcachedClient client) {
        return new Builder(client, true);
    }

    @Override
    public StoredState readStored() {
        GetsResponse<String> response = currentResponse();
        return response == null ? StoredState.of(MaintenanceState.off()) : decode(response.getValue());
    }

    /** The stored state; gone on a server that may have lost it, read again until an instance restored it. */
    private @Nullable GetsResponse<String> currentResponse() {
        GetsResponse<String> response = gets();
        if (response != null || watched || restoreWait.isZero() || !mayHaveLostData()) {
            return response;
        }
        long deadline = System.nanoTime() + restoreWait.toNanos();
        while (response == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for the instances to restore the state", e);
            }
            response = gets();
        }
        if (response != null) {
            log.info("Maintenance state key {} was gone; a running instance restored it", stateKey);
        }
        return response;
    }

    /**
     * True when a state may have been lost: an instance reports having applied a version, or (with no
     * reports, which a flush or a restart takes too) the server was flushed, evicts, or started less than
     * two minutes ago. A fresh namespace whose
     * instances all report version 0 has nothing to restore, so its first change does not wait.
     */
    private boolean mayHaveLostData() {
        try {
            String registry = client.get(instancesKey);
            if (registry != null) {
                for (InstanceReport report : reports()) {
                    if (report.appliedVersion() > 0) {
                        return true;
                    }
                }
                return false;
            }
            for (Map<String, String> stats : client.getStats().values()) {
                if (positive(stats.get("cmd_flush"))
                        || positive(stats.get("evictions"))
                        || recentlyStarted(stats.get("uptime"))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw unreachable(e);
        }
    }

    /** A server up for less than two minutes may have restarted empty under running instances that have not reported yet. */
    private static boolean recentlyStarted(@Nullable String uptimeSeconds) {
        try {
            return uptimeSeconds != null && Long.parseLong(uptimeSeconds.strip()) < 120;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean positive(@Nullable String stat) {
        return stat != null && !stat.equals("0");
    }

    /**
     * Memcached keeps nothing across a restart or {@code flush_all} and pushes nothing, so a change can go
     * before any instance read it.
     */
    @Override
    public boolean mayDropChanges() {
        return true;
    }

    /**
     * Writes {@code known} back, marked as a restore, when no state is stored, or over a restore of an older
     * version (two instances restoring after a loss, one of them behind: the newer wins); never over a change.
     */
    @Override
    public boolean restoreIfAbsent(MaintenanceState known) {
        if (known.version() == 0) {
            return false;
        }
        // the audit entry first, as for a change: whoever reads the restored state finds its record
        long entry = audit(new AuditRecord(
                new Change(AuditAction.RESTORE, "maintenance4j", "instance", clock.instant()),
                MaintenanceState.off(),
                known));
        String restored = RESTORED + new String(StateFormat.encode(known), StandardCharsets.UTF_8);
        try {
            for (int attempt = 0; attempt < 10; attempt++) {
                if (client.add(stateKey, NO_EXPIRY, restored)) {
                    return true;
                }
                GetsResponse<String> stored = client.gets(stateKey);
                if (stored == null) {
                    continue; // gone again: add once more
                }
                String value = stored.getValue();
                if (value == null
                        || !value.startsWith(RESTORED)
                        || decode(value).state().version() >= known.version()) {
                    break; // a change, or a restore at least as new
                }
                if (client.cas(stateKey, NO_EXPIRY, restored, stored.getCas())) {
                    return true;
                }
            }
        } catch (Exception e) {
            forgetAudit(entry);
            throw unreachable(e);
        }
        forgetAudit(entry); // another instance restored it first
        return false;
    }

    private @Nullable GetsResponse<String> gets() {
        try {
            return client.gets(stateKey);
        } catch (Exception e) {
            throw unreachable(e);
        }
    }

    /** The stored value: the state's JSON, after {@value #RESTORED} when an instance wrote it back. */
    private StoredState decode(@Nullable String value) {
        String json = value != null && value.startsWith(RESTORED) ? value.substring(RESTORED.length()) : value;
        return StoredState.decode(
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), safeDefault, "Memcached key " + stateKey);
    }

    @Override
    public MaintenanceState compareAndSet(long expectedVersion, MaintenanceState proposed, Change change) {
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(change, "change");
        GetsResponse<String> response = currentResponse();
        StoredState stored = response == null ? StoredState.of(MaintenanceState.off()) : decode(response.getValue());
        // over an unreadable state, versions go on from the audit sequence, which counts at least one entry per version
        Commit commit = Commit.over(stored, expectedVersion, proposed, change, this::auditSequence);
        MaintenanceState next = commit.next();
        String json = new String(StateFormat.encode(next), StandardCharsets.UTF_8);
        // the audit entry goes first, so no committed change lacks one; an entry whose change did not commit
        // (a lost race, a crash in between) is never shown: history() follows the chain of committed states
        long auditEntry = audit(commit.audit());
        boolean written;
        try {
            written = response == null
                    ? client.add(stateKey, NO_EXPIRY, json)
                    : client.cas(stateKey, NO_EXPIRY, json, response.getCas());
        } catch (Exception e) {
            throw unreachable(e);
        }
        if (!written) {
            forgetAudit(auditEntry);
            throw new VersionConflictException(expectedVersion, read().version());
        }
        return next;
    }

    private long auditSequence() {
        try {
            String sequence = client.get(auditSequenceKey);
            return sequence == null ? 0 : Long.parseLong(sequence.strip());
        } catch (NumberFormatException e) {
            return 0;
        } catch (Exception e) {
            throw unreachable(e);
        }
    }

    /** Appends an audit entry; returns its sequence number. */
    private long audit(AuditRecord record) {
        try {
            long sequence = client.incr(auditSequenceKey, 1, 1);
            client.set(
                    auditPrefix + sequence,
                    NO_EXPIRY,
                    new String(StateFormat.encodeAudit(record), StandardCharsets.UTF_8));
            return sequence;
        } catch (Exception e) {
            throw unreachable(e);
        }
    }

    /** Drops the entry of a change that lost its race (best effort: history() would skip it anyway). */
    private void forgetAudit(long sequence) {
        try {
            client.delete(auditPrefix + sequence);
        } catch (Exception e) {
            log.debug("could not drop the audit entry of a lost race: {}", e.toString());
        }
    }

    /**
     * The audit history, newest first, following the chain of committed states back from the stored one:
     * an entry counts when its {@code after} is the state the chain expects at that point (its
     * {@code before} is then expected next), so entries of changes that never committed are left out.
     * Restores annotate the chain without moving it; after an evicted entry the chain goes on from the
     * next older one.
     */
    @Override
    public List<AuditRecord> history(int limit) {
        StateStore.requireHistoryLimit(limit);
        try {
            String sequence = client.get(auditSequenceKey);
            if (sequence == null) {
                return List.of();
            }
            long last = Long.parseLong(sequence.strip());
            List<String> keys = new ArrayList<>();
            for (long n = last; n >= 1 && keys.size() < limit * 2L + 16; n--) {
                keys.add(auditPrefix + n);
            }
            Map<String, String> values = client.get(keys);
            GetsResponse<String> stored = gets();
            StoredState committed = stored == null ? StoredState.of(MaintenanceState.off()) : decode(stored.getValue());
            MaintenanceState expected = committed.readable() ? committed.state() : null;
            List<AuditRecord> records = new ArrayList<>();
            for (String key : keys) {
                if (records.size() == limit) {
                    break;
                }
                String json = values.get(key);
                if (json == null) {
                    continue; // evicted, or dropped after a lost race
                }
                AuditRecord record;
                try {
                    record = StateFormat.decodeAudit(json.getBytes(StandardCharsets.UTF_8));
                } catch (StateFormatException e) {
                    log.warn("Skipping unreadable audit entry {}: {}", key, e.getMessage());
                    continue;
                }
                if (expected == null) {
                    records.add(record); // the stored state is unreadable: nothing to follow
                } else if (AuditAction.RESTORE.is(record.change().action())) {
                    if (record.after().version() <= expected.version()) {
                        records.add(record);
                    }
                } else if (record.after().version() < expected.version()
                        || (record.after().version() == expected.version()
                                && record.after().sameSettingsAs(expected))) {
                    records.add(record);
                    expected = record.before();
                }
                // else: a change that never committed
            }
            return records;
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw unreachable(e);
        }
    }

    @Override
    public Optional<InstanceRegistry> instanceRegistry() {
        return Optional.of(this);
    }

    /** Reports live in one key holding a JSON object by instance id, updated with gets/cas. */
    @Override
    public void heartbeat(InstanceReport report) {
        updateRegistry(all -> all.put(report.id(), report));
    }

    @Override
    public void forget(String instanceId) {
        updateRegistry(all -> all.remove(instanceId));
    }

    private void updateRegistry(Consumer<Map<String, InstanceReport>> update) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                GetsResponse<String> current = client.gets(instancesKey);
                Map<String, InstanceReport> all = current == null || current.getValue() == null
                        ? new LinkedHashMap<>()
                        : StateFormat.decodeInstances(current.getValue().getBytes(StandardCharsets.UTF_8));
                update.accept(all);
                String json = new String(StateFormat.encodeInstances(all.values()), StandardCharsets.UTF_8);
                boolean stored = current == null
                        ? client.add(instancesKey, NO_EXPIRY, json)
                        : client.cas(instancesKey, NO_EXPIRY, json, current.getCas());
                if (stored) {
                    return;
                }
            } catch (StateFormatException e) {
                log.warn(
                        "The instance registry {} is unreadable ({}); starting it again", instancesKey, e.getMessage());
                deleteRegistry();
            } catch (StoreException e) {
                throw e;
            } catch (Exception e) {
                throw unreachable(e);
            }
        }
        throw new StoreException("instance registry in Memcached is too contended");
    }

    private void deleteRegistry() {
        try {
            client.delete(instancesKey);
        } catch (Exception e) {
            throw unreachable(e);
        }
    }

    @Override
    public List<InstanceReport> reports() {
        String json;
        try {
            json = client.get(instancesKey);
        } catch (Exception e) {
            throw unreachable(e);
        }
        if (json == null) {
            return List.of();
        }
        try {
            return new ArrayList<>(StateFormat.decodeInstances(json.getBytes(StandardCharsets.UTF_8))
                    .values());
        } catch (StateFormatException e) {
            log.warn("The instance registry {} is unreadable: {}", instancesKey, e.getMessage());
            return List.of();
        }
    }

    /** Memcached has no push: this subscription never fires; instances poll. */
    @Override
    public Subscription watch(Consumer<MaintenanceState> listener) {
        Objects.requireNonNull(listener, "listener");
        watched = true; // an instance: it restores a lost state itself, and never waits for others to
        return () -> {};
    }

    @Override
    public String describe() {
        return "memcached " + stateKey;
    }

    @Override
    public void close() {
        if (ownsClient) {
            try {
                client.shutdown();
            } catch (Exception e) {
                log.debug("shutting the Memcached client down: {}", e.toString());
            }
        }
    }

    private static StoreException unreachable(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new StoreException("Memcached is unreachable: " + Failures.describe(e), e);
    }

    /** Builds {@link MemcachedStateStore}s; setters validate at once. */
    public static final class Builder {
        private final MemcachedClient client;
        private final boolean ownsClient;
        private String namespace = "default";
        private SafeDefault safeDefault = SafeDefault.OPEN;
        private Clock clock = Clock.systemUTC();
        private Duration restoreWait = Duration.ofSeconds(6);

        private Builder(MemcachedClient client, boolean ownsClient) {
            this.client = Objects.requireNonNull(client, "client");
            this.ownsClient = ownsClient;
        }

        /** Separates services sharing one Memcached (letters, digits, {@code . _ -}). */
        public Builder namespace(String namespace) {
            this.namespace = StateStores.requireNamespace(namespace);
            return this;
        }

        public Builder safeDefault(SafeDefault safeDefault) {
            this.safeDefault = Objects.requireNonNull(safeDefault, "safeDefault");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long a reader that is no instance waits for the instances to restore a state that is gone
         * when the server shows signs of a loss (default 6 s: instances poll every 1 to 5 s). Zero reads a
         * gone state as off at once.
         */
        public Builder restoreWait(Duration wait) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("restoreWait must not be negative, but was " + wait);
            }
            this.restoreWait = wait;
            return this;
        }

        public MemcachedStateStore build() {
            return new MemcachedStateStore(this);
        }
    }
}
