package dev.maintenance4j.store.jdbc;

import dev.maintenance4j.testing.servers.PostgresServer;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** The state-store contract against a real PostgreSQL started from the installed binaries. */
class PostgresStateStoreIT extends SqlStateStoreContract {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void connect() {
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
