package dev.maintenance4j.store.redis;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.test.StateStoreContract;
import dev.maintenance4j.testing.servers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The state-store contract against a real redis-server. */
class RedisStateStoreIT extends StateStoreContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static RedisClient client;
    private String namespace;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    @AfterEach
    void nextNamespace() {
        namespace = null;
    }

    @Override
    protected StateStore newStore(SafeDefault safeDefault) {
        if (namespace == null) {
            namespace = "t" + UUID.randomUUID().toString().substring(0, 8);
        }
        return RedisStateStore.builder(client)
                .namespace(namespace)
                .safeDefault(safeDefault)
                .build();
    }

    @Override
    protected void corruptStoredState() {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync()
                    .hset(
                            "maintenance4j:{" + namespace + "}:state",
                            "state",
                            "{\"format\":1,\"version\":\"not a number\"");
        }
    }
}
