package dev.maintenance4j.spring.boot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.testing.servers.RedisClusterServer;
import dev.maintenance4j.testing.servers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** {@code maintenance.store=redis} on a real Redis: the application's own Lettuce client, not a second one. */
class RedisConnectionStoreIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    static final RedisClusterServer cluster = new RedisClusterServer();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MaintenanceAutoConfiguration.class))
                .withPropertyValues("maintenance.store=redis", "maintenance.store-namespace=orders");
    }

    @Test
    void theStateLivesInTheApplicationsRedisThroughItsOwnClient() {
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        factory.afterPropertiesSet();
        runner().withBean(RedisConnectionFactory.class, () -> factory).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(StateStore.class);
            assertThat(context.getBean(StateStore.class).describe()).isEqualTo("redis maintenance4j:{orders}:state");
            context.getBean(Maintenance.class)
                    .control()
                    .enable(EnableOptions.builder().reason("Failover").build(), new Actor("ops", "it"));
            try (var connection = factory.getConnection()) {
                assertThat(connection.keyCommands().exists("maintenance4j:{orders}:state".getBytes()))
                        .isTrue();
            }
            context.getBean(Maintenance.class).close();
            context.getBean(StateStore.class).close();
            RedisClient client = (RedisClient) factory.getNativeClient();
            try (StatefulRedisConnection<String, String> stillUsable = client.connect()) {
                assertThat(stillUsable.sync().ping())
                        .as("closing the store leaves the application's client running")
                        .isEqualTo("PONG");
            }
        });
    }

    @Test
    void onARedisClusterTheStateLivesThereThroughTheApplicationsClusterClient() {
        RedisClusterConfiguration nodes = new RedisClusterConfiguration(cluster.uris().stream()
                .map(uri -> uri.substring("redis://".length()))
                .toList());
        LettuceConnectionFactory factory = new LettuceConnectionFactory(nodes);
        factory.afterPropertiesSet();
        try {
            runner().withBean(RedisConnectionFactory.class, () -> factory).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(StateStore.class);
                assertThat(factory.getNativeClient()).isInstanceOf(RedisClusterClient.class);
                context.getBean(Maintenance.class)
                        .control()
                        .enable(EnableOptions.builder().reason("Failover").build(), new Actor("ops", "it"));
                try (var connection = factory.getClusterConnection()) {
                    assertThat(connection.keyCommands().exists("maintenance4j:{orders}:state".getBytes()))
                            .isTrue();
                }
                context.getBean(Maintenance.class).view().refresh();
                assertThat(context.getBean(Maintenance.class).state().reason()).isEqualTo("Failover");
            });
        } finally {
            factory.destroy();
        }
    }

    @Test
    void withoutARedisConnectionStartupFailsWithOneLineSayingWhatToDo() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining(
                            "maintenance.store=redis but the application has no single Redis connection factory");
        });
    }
}
