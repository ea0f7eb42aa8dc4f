package dev.maintenance4j.spring.boot.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.testing.servers.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code maintenance.store=datasource} on a real PostgreSQL: the application's own pool, no second one. */
class DataSourceStoreIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MaintenanceAutoConfiguration.class))
                .withPropertyValues("maintenance.store=datasource", "maintenance.store-namespace=orders");
    }

    private static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setPoolName("application-pool");
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    @Test
    void theStateLivesInTheApplicationsDatabaseThroughItsOwnPool() {
        try (HikariDataSource applicationPool = pool()) {
            // the test owns the pool (no destroy method): what closes it at context close can only be the store
            runner().withBean(DataSource.class, () -> applicationPool, bean -> bean.setDestroyMethodName(""))
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(StateStore.class);
                        assertThat(context.getBean(StateStore.class).describe())
                                .isEqualTo("jdbc maintenance_state/orders");
                        Maintenance maintenance = context.getBean(Maintenance.class);
                        maintenance
                                .control()
                                .enable(
                                        EnableOptions.builder()
                                                .reason("Schema migration")
                                                .build(),
                                        new Actor("ops", "it"));
                        try (Connection connection = applicationPool.getConnection();
                                Statement statement = connection.createStatement();
                                ResultSet rows = statement.executeQuery(
                                        "select count(*) from maintenance_state where namespace = 'orders'")) {
                            rows.next();
                            assertThat(rows.getInt(1)).isEqualTo(1);
                        }
                        assertThat(applicationPool.getHikariPoolMXBean().getTotalConnections())
                                .as("the store borrowed from the application's pool")
                                .isPositive();
                    });
            assertThat(applicationPool.isClosed())
                    .as("closing the store leaves the application's pool open")
                    .isFalse();
        }
    }

    @Test
    void withoutADataSourceStartupFailsWithOneLineSayingWhatToDo() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("maintenance.store=datasource but the application has no DataSource");
        });
    }
}
