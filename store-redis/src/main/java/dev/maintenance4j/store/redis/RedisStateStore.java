package dev.maintenance4j.store.redis;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.AuditAction;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.Commit;
import dev.maintenance4j.spi.InstanceRegistry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.Listeners;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StateFormatException;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.spi.VersionConflictException;
import dev.maintenance4j.time.Durations;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state in Redis under a dedicated hash per namespace ({@code maintenance4j:{ns}:state},
 * no TTL), so flushes of other keys or databases never touch it.
 *
 * <ul>
 *   <li>Compare-and-set, the audit entry (a stream, {@code maintenance4j:{ns}:audit}) and the change
 *       notification (pub/sub channel {@code maintenance4j:{ns}:changes}, carrying the stored state) happen
 *       in one Lua script: atomic, and no change is ever announced that was not stored.</li>
 *   <li>{@link #watch} subscribes to the channel; Lettuce resubscribes after a reconnect, and the
 *       instances' polling catches anything missed in between.</li>
 *   <li>The state survives {@code FLUSHALL}: running instances write back the state they know
 *       ({@link #restoreIfAbsent}, audited as {@code restore}) as soon as they see it gone. A reader or
 *       writer that knows no state itself (the CLI) and finds the key gone while instances are subscribed
 *       asks them to restore at once (a {@code restore} message on the channel) and waits for it, up to
 *       {@link Builder#restoreWait(Duration)}: so {@code maint status} never reports a flushed state as
 *       off, and no change is ever built on top of a lost state (versions go on from the restored one).</li>
 *   <li>Change notifications are handled on a thread of this store, never on Lettuce's event loop,
 *       where a blocking read could wait for the very thread it blocks.</li>
 * </ul>
 * Key names use a hash tag ({@code {ns}}) so all keys of a namespace live in one Redis Cluster slot.
 */
public final class RedisStateStore implements StateStore, InstanceRegistry {

    private static final Logger log = LoggerFactory.getLogger(RedisStateStore.class);

    private static final String CAS = """
            local current = redis.call('HGET', KEYS[1], 'version') or ''
            if current ~= ARGV[1] then return {0, tonumber(current) or 0} end
            redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3])
            redis.call('HDEL', KEYS[1], 'restored')
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', '10000', '*', 'version', ARGV[2], 'record', ARGV[4])
            redis.call('PUBLISH', KEYS[3], ARGV[3])
            return {1, tonumber(ARGV[2])}
            """;

    /**
     * What a reader that finds the state gone publishes to ask the instances to restore it, followed by
     * a request id; instances that never saw a state count themselves out under the id's key, so the
     * reader of a store that was simply never written stops waiting once every subscriber answered.
     */
    static final String RESTORE_REQUEST = "restore:";

    private static final String RESTORE = """
            local stored = redis.call('HGET', KEYS[1], 'version')
            if stored and (redis.call('HGET', KEYS[1], 'restored') ~= '1' or (tonumber(stored) or 0) >= tonumber(ARGV[1])) then
                return 0
            end
            redis.call('HSET', KEYS[1], 'version', ARGV[1], 'state', ARGV[2], 'restored', '1')
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', '10000', '*', 'version', ARGV[1], 'record', ARGV[3])
            redis.call('PUBLISH', KEYS[3], ARGV[2])
            return 1
            """;

    /** A {@link RedisClient} (one Redis, or Sentinel) or a {@link RedisClusterClient}. */
    private final AbstractRedisClient client;

    private final boolean ownsClient;
    private final @Nullable ClientResources ownedResources;
    private final String stateKey;
    private final String auditKey;
    private final String channel;
    private final String instancesKey;
    private final SafeDefault safeDefault;
    private final Clock clock;
    private final String origin;
    private final Duration timeout;
    private final Duration restoreWait;
    private volatile @Nullable StatefulConnection<String, String> connection;
    private volatile @Nullable RedisClusterCommands<String, String> commands;
    private final Listeners<MaintenanceState> listeners = new Listeners<>();
    private @Nullable StatefulRedisPubSubConnection<String, String> pubSub;
    private @Nullable ExecutorService notifications;
    /** The highest version this store read, wrote or restored: 0 for one that never saw a state. */
    private volatile long seenVersion;

    private RedisStateStore(Builder b) {
        this.client = b.client;
        this.ownsClient = b.ownsClient;
        this.ownedResources = b.ownedResources;
        this.stateKey = "maintenance4j:{" + b.namespace + "}:state";
        this.auditKey = "maintenance4j:{" + b.namespace + "}:audit";
        this.channel = "maintenance4j:{" + b.namespace + "}:changes";
        this.instancesKey = "maintenance4j:{" + b.namespace + "}:instances";
        this.safeDefault = b.safeDefault;
        this.clock = b.clock;
        this.origin = b.origin;
        this.timeout = b.timeout;
        this.restoreWait = b.restoreWait;
        try {
            redis();
        } catch (StoreException e) {
            // an unreachable Redis is the view's business (it applies the safe default); retried on use
            log.warn("Redis is not reachable yet: {}", e.getMessage());
        }
    }

    /**
     * A store on this client (which the caller keeps and closes). Give the client {@code ClientResources}
     * with a short {@code reconnectDelay} (as stores opened from a URI have: at most 1 s) so running
     * instances are back soon after a Redis restart to write back the state it lost.
     */
    public static Builder builder(RedisClient client) {
        return new Builder(client, false);
    }

    /**
     * A store on a Redis Cluster through this client (which the caller keeps and closes). The store's keys share
     * one hash tag ({@code {namespace}}), so they live in one slot and its scripts run on that slot's master;
     * change notifications are cluster-wide pub/sub.
     */
    public static Builder builder(RedisClusterClient client) {
        return new Builder(client, false);
    }

    /** A store that owns the client and shuts it down on {@link #close()} (used for URIs). */
    /** A store that shuts down {@code client} and then {@code resources} when it closes. */
    static Builder owning(AbstractRedisClient client, ClientResources resources) {
        Builder builder = new Builder(client, true);
        builder.ownedResources = resources;
        return builder;
    }

    /** The connection, made on first use; Lettuce reconnects it by itself after that. */
    private RedisClusterCommands<String, String> redis() {
        RedisClusterCommands<String, String> sync = commands;
        if (sync == null) {
            synchronized (this) {
                sync = commands;
                if (sync == null) {
                    try {
                        if (client instanceof RedisClusterClient cluster) {
                            StatefulRedisClusterConnection<String, String> c = cluster.connect();
                            c.setTimeout(timeout);
                            connection = c;
                            sync = c.sync();
                        } else {
                            StatefulRedisConnection<String, String> c = ((RedisClient) client).connect();
                            c.setTimeout(timeout);
                            connection = c;
                            sync = c.sync();
                        }
                    } catch (RedisException e) {
                        throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
                    }
                    commands = sync;
                }
            }
        }
        return sync;
    }

    @Override
    public StoredState readStored() {
        return stateOf(currentHash());
    }

    /**
     * The state hash. Gone while instances are subscribed, and this store is no instance itself (it has
     * no listeners: the CLI, the admin API's writers): the instances are asked to restore it, and the
     * hash is read again until it is back or {@code restoreWait} has passed. A store that read a state
     * before knows it was lost: it waits for the instances even while none is subscribed, since after a
     * Redis restart they are still reconnecting, so no change is built on the lost state.
     */
    private Map<String, String> currentHash() {
        if (pubSub == null && !listeners.isEmpty()) {
            subscribe();
        }
        Map<String, String> hash = hgetall();
        if (!hash.isEmpty() || !listeners.isEmpty() || restoreWait.isZero()) {
            return hash;
        }
        try {
            long subscribers = subscribers();
            if (subscribers == 0 && seenVersion == 0) {
                return hash; // no instance is running, and this store never saw a state: there is nothing to restore
            }
            String requestId = UUID.randomUUID().toString();
            boolean asked = false;
            long deadline = System.nanoTime() + restoreWait.toNanos();
            while (hash.isEmpty() && System.nanoTime() < deadline) {
                if (!asked && subscribers > 0) {
                    redis().publish(channel, RESTORE_REQUEST + requestId);
                    asked = true;
                }
                Thread.sleep(5);
                hash = hgetall();
                if (!asked) {
                    subscribers = subscribers();
                    continue;
                }
                String nothingKnown = redis().get(nothingKnownKey(requestId));
                if (hash.isEmpty() && nothingKnown != null && Long.parseLong(nothingKnown) >= subscribers) {
                    return hash; // every instance answered that it never saw a state: there is nothing to restore
                }
            }
        } catch (RedisException e) {
            throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the instances to restore the state", e);
        }
        if (!hash.isEmpty()) {
            log.info(
                    "Maintenance state key {} was gone; the running instances restored version {}",
                    stateKey,
                    hash.get("version"));
        }
        return hash;
    }

    private long subscribers() {
        RedisClusterCommands<String, String> redis = redis();
        if (redis instanceof RedisAdvancedClusterCommands<String, String> cluster) {
            // PUBSUB NUMSUB counts one node's subscribers; on a cluster they are spread over every node
            long all = 0;
            for (Map<String, Long> node : cluster.all().commands().pubsubNumsub(channel)) {
                Long count = node.get(channel);
                all += count == null ? 0 : count;
            }
            return all;
        }
        Long subscribers = redis.pubsubNumsub(channel).get(channel);
        return subscribers == null ? 0 : subscribers;
    }

    private Map<String, String> hgetall() {
        try {
            Map<String, String> hash = redis().hgetall(stateKey);
            return hash == null ? Map.of() : hash;
        } catch (RedisException e) {
            throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
        }
    }

    private StoredState stateOf(Map<String, String> hash) {
        if (hash.isEmpty()) {
            return StoredState.of(MaintenanceState.off());
        }
        String json = hash.get("state");
        StoredState stored = StoredState.decode(
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), safeDefault, "Redis key " + stateKey);
        if (stored.readable()) {
            seenVersion = Math.max(seenVersion, stored.state().version());
        }
        return stored;
    }

    @Override
    public boolean restoreIfAbsent(MaintenanceState known) {
        if (known.version() == 0) {
            return false;
        }
        AuditRecord record = new AuditRecord(
                new Change(AuditAction.RESTORE, "maintenance4j", origin, clock.instant()),
                MaintenanceState.off(),
                known);
        try {
            Long restored = redis().eval(
                            RESTORE,
                            ScriptOutputType.INTEGER,
                            new String[] {stateKey, auditKey, channel},
                            Long.toString(known.version()),
                            new String(StateFormat.encode(known), StandardCharsets.UTF_8),
                            new String(StateFormat.encodeAudit(record), StandardCharsets.UTF_8));
            seenVersion = Math.max(seenVersion, known.version());
            return restored != null && restored == 1;
        } catch (RedisException e) {
            throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public MaintenanceState compareAndSet(long expectedVersion, MaintenanceState proposed, Change change) {
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(change, "change");
        // the guard is the raw version field read together with the state: it also holds when the stored
        // state was unreadable and decoded as the safe default
        Map<String, String> hash = currentHash();
        String storedVersion = hash.get("version");
        long seenBefore = seenVersion; // read before stateOf(hash) raises it to the stored version
        Commit commit = Commit.over(stateOf(hash), expectedVersion, proposed, change, () -> parseVersion(storedVersion))
                .above(seenBefore);
        List<Object> result = commit(storedVersion, commit);
        if (((Long) result.get(0)) == 0) {
            throw new VersionConflictException(expectedVersion, (Long) result.get(1));
        }
        seenVersion = Math.max(seenVersion, commit.next().version());
        return commit.next();
    }

    /**
     * One round trip instead of two when the writer has just read a readable state from this store: the
     * script's version check guards the write as before. An empty store (the read found nothing: it may
     * have been flushed, and instances are asked to restore first) and an unreadable state take the full
     * path, and so does a check that fails here, which reads again and reports a real conflict.
     */
    @Override
    public MaintenanceState compareAndSet(StoredState read, MaintenanceState proposed, Change change) {
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(change, "change");
        long expectedVersion = read.state().version();
        if (!read.readable() || expectedVersion == 0) {
            return compareAndSet(expectedVersion, proposed, change);
        }
        Commit commit = Commit.over(read, expectedVersion, proposed, change, () -> expectedVersion)
                .above(seenVersion);
        List<Object> result = commit(Long.toString(expectedVersion), commit);
        if (((Long) result.get(0)) == 0) {
            return compareAndSet(expectedVersion, proposed, change);
        }
        seenVersion = Math.max(seenVersion, commit.next().version());
        return commit.next();
    }

    /** Runs the compare-and-set script: {@code [1, version]} when written, {@code [0, stored version]} when not. */
    private List<Object> commit(@Nullable String storedVersion, Commit commit) {
        MaintenanceState next = commit.next();
        AuditRecord record = commit.audit();
        List<Object> result;
        try {
            result = redis().eval(
                            CAS,
                            ScriptOutputType.MULTI,
                            new String[] {stateKey, auditKey, channel},
                            storedVersion == null ? "" : storedVersion,
                            Long.toString(next.version()),
                            new String(StateFormat.encode(next), StandardCharsets.UTF_8),
                            new String(StateFormat.encodeAudit(record), StandardCharsets.UTF_8));
        } catch (RedisException e) {
            throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
        }
        return result;
    }

    private static long parseVersion(@Nullable String field) {
        try {
            return field == null ? 0 : Math.max(0, Long.parseLong(field.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public List<AuditRecord> history(int limit) {
        StateStore.requireHistoryLimit(limit);
        List<StreamMessage<String, String>> messages;
        try {
            messages = redis().xrevrange(auditKey, Range.create("-", "+"), Limit.from(limit));
        } catch (RedisException e) {
            throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
        }
        List<AuditRecord> records = new ArrayList<>();
        for (StreamMessage<String, String> message : messages) {
            String json = message.getBody().get("record");
            try {
                records.add(
                        StateFormat.decodeAudit(json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8)));
            } catch (StateFormatException e) {
                log.warn("Skipping unreadable audit entry {} in {}: {}", message.getId(), auditKey, e.getMessage());
            }
        }
        return records;
    }

    @Override
    public synchronized Subscription watch(Consumer<MaintenanceState> listener) {
        Subscription subscription = listeners.add(listener);
        subscribe();
        return subscription;
    }

    /** Subscribes once; a failed attempt is retried on the next read (polling reads regularly). */
    private synchronized void subscribe() {
        if (pubSub == null && !listeners.isEmpty()) {
            try {
                if (notifications == null) {
                    notifications = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "maintenance4j-redis-changes");
                        t.setDaemon(true);
                        return t;
                    });
                }
                ExecutorService handler = notifications;
                StatefulRedisPubSubConnection<String, String> subscriber = client instanceof RedisClusterClient cluster
                        ? cluster.connectPubSub()
                        : ((RedisClient) client).connectPubSub();
                subscriber.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String ch, String message) {
                        // called on Lettuce's event loop: a change that carries its state is decoded and handed on
                        // here, without a thread hop; anything that needs a read goes to the handler, because
                        // reading here could wait for this very thread
                        if (applyCarried(message)) {
                            return;
                        }
                        try {
                            handler.execute(() -> onChange(message));
                        } catch (RejectedExecutionException closed) {
                            // the store is closing
                        }
                    }
                });
                subscriber.sync().subscribe(channel);
                pubSub = subscriber;
            } catch (RedisException e) {
                log.warn(
                        "Cannot subscribe to {} now ({}); changes arrive by polling until Redis answers",
                        channel,
                        e.getMessage());
            }
        }
    }

    /**
     * Hands on the state a change notification carries: instances learn it even when the key is flushed before
     * they could read it, so the state they write back is never older than an acknowledged change.
     *
     * @return false when the message carries no readable state (a restore request, an unreadable state): it
     *     takes a read
     */
    private boolean applyCarried(String message) {
        if (!message.startsWith("{")) {
            return false;
        }
        StoredState carried = StoredState.decode(
                message.getBytes(StandardCharsets.UTF_8), safeDefault, "change notification on " + channel);
        if (!carried.readable()) {
            return false;
        }
        seenVersion = Math.max(seenVersion, carried.state().version());
        listeners.publish(carried.state());
        return true;
    }

    private void onChange(String message) {
        MaintenanceState state;
        try {
            state = read();
            if (message.startsWith(RESTORE_REQUEST) && state.version() == 0 && seenVersion == 0) {
                String key = nothingKnownKey(message.substring(RESTORE_REQUEST.length()));
                redis().incr(key);
                redis().expire(key, 60);
            }
        } catch (StoreException | RedisException e) {
            log.debug("change notification on {} but the read failed: {}", channel, e.getMessage());
            return;
        }
        listeners.publish(state);
    }

    private String nothingKnownKey(String requestId) {
        return auditKey.substring(0, auditKey.length() - "audit".length()) + "restore-none:" + requestId;
    }

    @Override
    public Optional<InstanceRegistry> instanceRegistry() {
        return Optional.of(this);
    }

    /** Reports live in one hash, {@code maintenance4j:{ns}:instances}, a field per instance. */
    @Override
    public void heartbeat(InstanceReport report) {
        try {
            redis().hset(
                            instancesKey,
                            report.id(),
                            new String(StateFormat.encodeInstance(report), StandardCharsets.UTF_8));
        } catch (RedisException e) {
            throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public List<InstanceReport> reports() {
        Map<String, String> all;
        try {
            all = redis().hgetall(instancesKey);
        } catch (RedisException e) {
            throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
        }
        List<InstanceReport> reports = new ArrayList<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            try {
                reports.add(StateFormat.decodeInstance(e.getValue().getBytes(StandardCharsets.UTF_8)));
            } catch (StateFormatException bad) {
                forget(e.getKey());
            }
        }
        return reports;
    }

    @Override
    public void forget(String instanceId) {
        try {
            redis().hdel(instancesKey, instanceId);
        } catch (RedisException e) {
            throw new StoreException("Redis is unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "redis " + stateKey;
    }

    @Override
    public synchronized void close() {
        if (pubSub != null) {
            pubSub.close();
        }
        if (notifications != null) {
            notifications.shutdownNow();
        }
        StatefulConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (ownedResources != null) {
            ownedResources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Keys of this store, for operators and tests. */
    public List<String> keys() {
        return List.of(stateKey, auditKey, instancesKey);
    }

    /** Builds {@link RedisStateStore}s; setters validate at once. */
    public static final class Builder {
        private final AbstractRedisClient client;
        private final boolean ownsClient;
        private @Nullable ClientResources ownedResources;
        private String namespace = "default";
        private SafeDefault safeDefault = SafeDefault.OPEN;
        private Duration timeout = Duration.ofSeconds(2);
        private Duration restoreWait = Duration.ofSeconds(2);
        private Clock clock = Clock.systemUTC();
        private String origin = "instance";

        private Builder(AbstractRedisClient client, boolean ownsClient) {
            this.client = Objects.requireNonNull(client, "client");
            this.ownsClient = ownsClient;
        }

        /** Separates services sharing one Redis (letters, digits, {@code . _ -}). */
        public Builder namespace(String namespace) {
            this.namespace = StateStores.requireNamespace(namespace);
            return this;
        }

        public Builder safeDefault(SafeDefault safeDefault) {
            this.safeDefault = Objects.requireNonNull(safeDefault, "safeDefault");
            return this;
        }

        /** How long a command may take before the store counts as unreachable (default 2 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.requirePositive(timeout, "timeout");
            return this;
        }

        /**
         * How long a reader that is no instance waits for the running instances to restore a state that is
         * gone (default 2 s; they answer in milliseconds). Zero reads a gone state as off at once.
         */
        public Builder restoreWait(Duration wait) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("restoreWait must not be negative, but was " + wait);
            }
            this.restoreWait = wait;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Who restores a vanished key, in the audit log (default {@code instance}). */
        public Builder origin(String origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /**
         * Connects.
         *
         * @throws StoreException when Redis can not be reached
         */
        public RedisStateStore build() {
            return new RedisStateStore(this);
        }
    }
}
