package dev.maintenance4j.spring.boot.store;

import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spring.boot.MaintenanceProperties;
import dev.maintenance4j.spring.boot.MaintenanceStartupException;
import dev.maintenance4j.store.redis.RedisStateStore;
import dev.maintenance4j.text.Failures;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code maintenance.store=redis}: the state lives in the application's own Redis, through the Lettuce client
 * of its Spring Data Redis {@link LettuceConnectionFactory}: the {@code spring.data.redis.*} settings (host,
 * password, SSL, Sentinel, Cluster, client name, timeouts) apply, and no second client is configured. Needs
 * {@code maintenance4j-store-redis} on the class path. On a Redis Cluster the store's keys share one hash tag, so
 * they live in one slot.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({RedisStateStore.class, LettuceConnectionFactory.class})
@ConditionalOnProperty(prefix = "maintenance", name = "store", havingValue = RedisConnectionStoreConfiguration.STORE)
public class RedisConnectionStoreConfiguration {

    /** The value of {@code maintenance.store} that selects the application's Redis connection. */
    public static final String STORE = "redis";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StateStore maintenanceStateStore(
            MaintenanceProperties properties, ObjectProvider<RedisConnectionFactory> connectionFactories) {
        RedisConnectionFactory factory = connectionFactories.getIfUnique();
        if (!(factory instanceof LettuceConnectionFactory lettuce)) {
            throw new MaintenanceStartupException(
                    "maintenance.store=redis but the application has "
                            + (factory == null
                                    ? "no single Redis connection factory"
                                    : "a non-Lettuce one (" + factory.getClass().getSimpleName() + ")"),
                    "Add spring-boot-starter-data-redis with its default Lettuce client and spring.data.redis.*, "
                            + "or set maintenance.store to a URI such as redis://HOST:PORT.",
                    null);
        }
        lettuce.start(); // idempotent: the factory's own lifecycle start comes after the singletons are made
        AbstractRedisClient client = lettuce.getNativeClient();
        RedisStateStore.Builder store;
        if (client instanceof RedisClient redis) {
            store = RedisStateStore.builder(redis);
        } else if (client instanceof RedisClusterClient cluster) {
            store = RedisStateStore.builder(cluster);
        } else {
            throw new MaintenanceStartupException(
                    "maintenance.store=redis but the application's Redis client is not available",
                    "Check spring.data.redis.*, or set maintenance.store to a URI such as redis://HOST:PORT.",
                    null);
        }
        try {
            return store.namespace(properties.storeNamespace())
                    .safeDefault(properties.safeDefault())
                    .build();
        } catch (IllegalArgumentException | StoreException e) {
            throw new MaintenanceStartupException(
                    "cannot keep the maintenance state in the application's Redis: " + Failures.describe(e),
                    "Check spring.data.redis.* and that Redis is reachable.",
                    e);
        }
    }
}
