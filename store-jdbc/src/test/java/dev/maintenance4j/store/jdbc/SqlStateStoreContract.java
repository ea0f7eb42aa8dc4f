package dev.maintenance4j.store.jdbc;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.test.StateStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/** The state-store contract on a real SQL database: each test gets its own namespace in the shared tables. */
abstract class SqlStateStoreContract extends StateStoreContract {

    private String namespace;

    /** The database under test. */
    protected abstract DataSource dataSource();

    @AfterEach
    void nextNamespace() {
        namespace = null;
    }

    @Override
    protected StateStore newStore(SafeDefault safeDefault) {
        if (namespace == null) {
            namespace = "t" + UUID.randomUUID().toString().substring(0, 8);
        }
        return JdbcStateStore.builder(dataSource())
                .namespace(namespace)
                .safeDefault(safeDefault)
                .build();
    }

    @Override
    protected void corruptStoredState() throws Exception {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE maintenance_state SET state = '{\"format\":1,\"version\":\"x\"' WHERE namespace = ?")) {
            s.setString(1, namespace);
            s.executeUpdate();
        }
    }
}
