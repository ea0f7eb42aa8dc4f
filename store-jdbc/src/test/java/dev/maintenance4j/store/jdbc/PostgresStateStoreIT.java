package dev.maintenance4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.spi.AuditAction;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.testing.servers.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    @Test
    void watchersTakeTheStateTheNotificationCarriesWithoutReadingTheTable() throws Exception {
        try (JdbcStateStore store =
                JdbcStateStore.builder(dataSource).namespace("carried").build()) {
            BlockingQueue<MaintenanceState> seen = new LinkedBlockingQueue<>();
            try (StateStore.Subscription ignored = store.watch(seen::add)) {
                MaintenanceState committed = store.compareAndSet(
                        0,
                        MaintenanceState.off().toBuilder()
                                .enabled(true)
                                .reason("committed")
                                .build(),
                        new Change(AuditAction.DOWN, "ops", "test", Instant.now()));
                assertThat(poll(seen, "committed")).isEqualTo(committed);
                // a notification whose state differs from the table's: a watcher that read the table would say
                // "committed"
                MaintenanceState carried =
                        committed.toBuilder().reason("carried").build();
                try (Connection c = dataSource.getConnection();
                        PreparedStatement s = c.prepareStatement("SELECT pg_notify('maintenance_changes', ?)")) {
                    s.setString(
                            1,
                            "carried:" + carried.version() + ":"
                                    + new String(StateFormat.encode(carried), StandardCharsets.UTF_8));
                    s.execute();
                }
                assertThat(poll(seen, "carried")).isEqualTo(carried);
                // a version-only notification (older writers, states too long for a payload) is followed by a read
                try (Connection c = dataSource.getConnection();
                        PreparedStatement s = c.prepareStatement("SELECT pg_notify('maintenance_changes', ?)")) {
                    s.setString(1, "carried:" + committed.version());
                    s.execute();
                }
                assertThat(poll(seen, "committed")).isEqualTo(committed);
            }
        }
    }

    @Test
    void aStateTooLongForAPayloadIsAnnouncedByVersionOnly() {
        assertThat(PostgresNotifications.payload("ns", 7, "{\"a\":1}")).isEqualTo("ns:7:{\"a\":1}");
        assertThat(PostgresNotifications.payload("ns", 7, "x".repeat(8000))).isEqualTo("ns:7");
    }

    private static MaintenanceState poll(BlockingQueue<MaintenanceState> seen, String reason)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            MaintenanceState state = seen.poll(100, TimeUnit.MILLISECONDS);
            if (state != null && reason.equals(state.reason())) {
                return state;
            }
        }
        throw new AssertionError("no state with reason '" + reason + "' within 10 s");
    }
}
