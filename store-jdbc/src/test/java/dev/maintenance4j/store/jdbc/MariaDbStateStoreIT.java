package dev.maintenance4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.test.StateStoreContract;
import dev.maintenance4j.testing.servers.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The same contract against a real MariaDB started from the installed binaries: the store is generic
 * JDBC, not PostgreSQL only. MariaDB has no push, so changes are polled.
 */
class MariaDbStateStoreIT extends StateStoreContract {

    @RegisterExtension
    static final MariaDbServer mariadb = new MariaDbServer();

    private static MariaDbDataSource dataSource;
    private String namespace;

    @BeforeAll
    static void dataSource() throws Exception {
        dataSource = new MariaDbDataSource(mariadb.jdbcUrl());
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
        return JdbcStateStore.builder(dataSource)
                .namespace(namespace)
                .safeDefault(safeDefault)
                .build();
    }

    @Override
    protected boolean pushesChanges() {
        return false;
    }

    @Override
    protected void corruptStoredState() throws Exception {
        try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl());
                PreparedStatement s = c.prepareStatement(
                        "UPDATE maintenance_state SET state = '{\"format\":1,\"version\":\"x\"' WHERE namespace = ?")) {
            s.setString(1, namespace);
            s.executeUpdate();
        }
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
