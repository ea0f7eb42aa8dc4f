package dev.maintenance4j.store.redis;

import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStoreProvider;
import dev.maintenance4j.spi.StoreOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.util.List;
import java.util.Optional;

/**
 * Opens {@link RedisStateStore}s from {@code redis://[user:password@]host[:port][/db][?namespace=name]}
 * and {@code rediss://} (TLS) URIs; the store owns the client it creates.
 */
public final class RedisStateStoreProvider implements StateStoreProvider {

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
        RedisClient client = RedisClient.create(parsed);
        try {
            return Optional.of(RedisStateStore.owning(client)
                    .namespace(namespace)
                    .safeDefault(options.safeDefault())
                    .clock(options.clock())
                    .build());
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }
}
