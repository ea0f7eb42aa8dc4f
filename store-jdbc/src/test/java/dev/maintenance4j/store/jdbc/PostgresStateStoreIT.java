package dev.maintenance4j.store.jdbc;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.test.StateStoreContract;
import dev.maintenance4j.testing.servers.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** The state-store contract against a real PostgreSQL started from the installed binaries. */
class PostgresStateStoreIT extends StateStoreContract {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    private static DataSource dataSource;
    private String namespace;

    @BeforeAll
    static void dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(postgres.jdbcUrl());
        dataSource = ds;
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
    protected void corruptStoredState() throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl());
                PreparedStatement s = c.prepareStatement(
                        "UPDATE maintenance_state SET state = '{\"format\":1,\"version\":\"x\"' WHERE namespace = ?")) {
            s.setString(1, namespace);
            s.executeUpdate();
        }
    }
}
