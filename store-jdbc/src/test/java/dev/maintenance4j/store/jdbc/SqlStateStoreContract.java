package dev.maintenance4j.store.jdbc;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.test.StateStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;

/** The state-store contract on a real SQL database: each test gets its own namespace in the shared tables. */
abstract class SqlStateStoreContract extends StateStoreContract {

    /** The database under test. */
    protected abstract DataSource dataSource();

    @Override
    protected StateStore newStore(SafeDefault safeDefault) {
        return JdbcStateStore.builder(dataSource())
                .namespace(namespace())
                .safeDefault(safeDefault)
                .build();
    }

    @Override
    protected void corruptStoredState() throws Exception {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE maintenance_state SET state = '{\"format\":1,\"version\":\"x\"' WHERE namespace = ?")) {
            s.setString(1, namespace());
            s.executeUpdate();
        }
    }
}
