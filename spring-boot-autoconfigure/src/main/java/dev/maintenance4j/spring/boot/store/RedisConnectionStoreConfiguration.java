package dev.maintenance4j.spring.boot.store;

import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spring.boot.MaintenanceProperties;
import dev.maintenance4j.spring.boot.MaintenanceStartupException;
import dev.maintenance4j.store.redis.RedisStateStore;
import dev.maintenance4j.text.Failures;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
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
 * password, SSL, Sentinel, client name, timeouts) apply, and no second client is configured. Needs
 * {@code maintenance4j-store-redis} on the class path; Redis Cluster is not supported (the store's Lua
 * compare-and-set and change feed use one node).
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
        if (!(client instanceof RedisClient redis)) {
            throw new MaintenanceStartupException(
                    "maintenance.store=redis but the application's Redis client is "
                            + (client == null
                                    ? "not available"
                                    : "a cluster's (" + client.getClass().getSimpleName() + ")"),
                    "Keep the maintenance state on a single Redis (or Sentinel) with maintenance.store=redis://HOST:PORT.",
                    null);
        }
        try {
            return RedisStateStore.builder(redis)
                    .namespace(properties.storeNamespace())
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
