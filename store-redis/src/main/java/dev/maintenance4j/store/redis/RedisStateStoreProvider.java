package dev.maintenance4j.store.redis;

import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStoreProvider;
import dev.maintenance4j.spi.StoreOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@link RedisStateStore}s from {@code redis://[user:password@]host[:port][/db][?namespace=name]}
 * and {@code rediss://} (TLS) URIs; the store owns the client it creates. That client tries to reconnect
 * at most a second apart ({@link #RECONNECT_DELAY}): Lettuce's default backs off to 30 s, and after a Redis
 * restart the running instances must be back within about a second, to write back a state Redis lost
 * before a new {@code maint} process (which knows no state) finds it gone with nobody to restore it.
 */
public final class RedisStateStoreProvider implements StateStoreProvider {

    /** Reconnect attempts from 10 ms apart, doubling, to at most one second apart. */
    static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

    @Override
    public List<String> schemes() {
        return List.of("redis", "rediss");
    }

    @Override
    public Optional<StateStore> open(String uri, StoreOptions options) {
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            return Optional.empty();
        }
        String namespace = "default";
        String redisUri = uri;
        int query = uri.indexOf('?');
        if (query >= 0) {
            for (String pair : uri.substring(query + 1).split("&")) {
                if (pair.startsWith("namespace=")) {
                    namespace = pair.substring("namespace=".length());
                }
            }
            redisUri = uri.substring(0, query);
        }
        RedisURI parsed;
        try {
            parsed = RedisURI.create(redisUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed Redis URI '" + uri + "': " + e.getMessage(), e);
        }
        ClientResources resources =
                DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        RedisClient client = RedisClient.create(resources, parsed);
        try {
            return Optional.of(RedisStateStore.owning(client, resources)
                    .namespace(namespace)
                    .safeDefault(options.safeDefault())
                    .clock(options.clock())
                    .build());
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }
}
