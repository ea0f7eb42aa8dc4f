package dev.maintenance4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.testing.servers.MariaDbServer;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The same contract against a real MariaDB started from the installed binaries: the store is generic
 * JDBC, not PostgreSQL only. MariaDB has no push, so changes are polled.
 */
class MariaDbStateStoreIT extends SqlStateStoreContract {

    @RegisterExtension
    static final MariaDbServer mariadb = new MariaDbServer();

    private static MariaDbDataSource dataSource;

    @BeforeAll
    static void connect() throws Exception {
        dataSource = new MariaDbDataSource(mariadb.jdbcUrl());
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected boolean pushesChanges() {
        return false;
    }

    @Test
    void opensFromAJdbcUri() {
        try (StateStore fromUri = StateStores.open(
                mariadb.jdbcUrl() + "&maintenanceNamespace=uri",
                new StoreOptions(SafeDefault.OPEN, Duration.ofSeconds(1), Clock.systemUTC()))) {
            assertThat(fromUri.compareAndSet(0, down("from a URI"), change("down"))
                            .version())
                    .isEqualTo(1);
            assertThat(fromUri.read().reason()).isEqualTo("from a URI");
            assertThat(fromUri.describe()).contains("maintenance_state");
        }
    }
}
