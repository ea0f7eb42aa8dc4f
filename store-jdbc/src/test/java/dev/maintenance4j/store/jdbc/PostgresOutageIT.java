package dev.maintenance4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.testing.servers.PostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgreSQL killed and restarted under running instances (stores opened from URIs, pooled); concurrent writers. */
class PostgresOutageIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private String uri;

    @BeforeEach
    void namespace() throws Exception {
        postgres.start();
        uri = postgres.jdbcUrl() + "&maintenanceNamespace=n"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private StateStore store() {
        StateStore store =
                StateStores.open(uri, new StoreOptions(SafeDefault.OPEN, Duration.ofSeconds(1), Clock.systemUTC()));
        closing.add(store);
        return store;
    }

    private Maintenance instance() {
        Maintenance m = Maintenance.builder(store())
                .pollInterval(Duration.ofMillis(300))
                .build()
                .start();
        closing.add(m);
        return m;
    }

    @Test
    void instancesKeepServingTheLastStateWhilePostgresIsDownAndResyncAfter() throws Exception {
        Maintenance instance = instance();
        StateStore writer = store();
        MaintenanceControl control = MaintenanceControl.of(writer, Clock.systemUTC());
        control.enable(EnableOptions.builder().reason("before the outage").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "before the outage".equals(instance.state().reason()));

        postgres.kill();
        instance.view().refresh();
        assertThat(instance.view().storeReachable()).isFalse();
        assertThat(instance.state().reason()).isEqualTo("before the outage");
        assertThat(instance.decide(MaintenanceRequest.of("GET", "/orders")).outcome())
                .isEqualTo(Outcome.BLOCKED);
        assertThatThrownBy(() -> control.disable(new Actor("ops", "test")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unreachable");

        postgres.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> instance.view().storeReachable());
        assertThat(instance.state().reason()).isEqualTo("before the outage");
        // LISTEN was re-established: a change arrives without waiting for the next poll
        control.enable(EnableOptions.builder().reason("after the outage").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "after the outage".equals(instance.state().reason()));
    }

    @Test
    void afterAFastRestartLikePgCtlRestartMFastChangesArriveByPushAgain() throws Exception {
        Maintenance instance = Maintenance.builder(store())
                .pollInterval(Duration.ofMinutes(10)) // no poll in this test: only the LISTEN feed brings changes
                .build()
                .start();
        closing.add(instance);
        StateStore writer = store();
        MaintenanceControl control = MaintenanceControl.of(writer, Clock.systemUTC());
        control.enable(EnableOptions.builder().reason("before the restart").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "before the restart".equals(instance.state().reason()));

        postgres.restartFast();
        assertThat(instance.state().reason()).as("served throughout").isEqualTo("before the restart");
        // every pooled connection of the writer was closed by the restart: the first change after it succeeds
        // all the same, on a fresh connection
        control.enable(EnableOptions.builder().reason("after the restart").build(), new Actor("ops", "test"));
        assertThat(writer.read().reason()).isEqualTo("after the restart");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> "after the restart".equals(instance.state().reason()));
        assertThat(writer.history(10))
                .extracting(r -> r.change().action())
                .as("one change each, none lost or doubled")
                .containsExactly("down", "down");
    }

    @Test
    void aHealthCheckReportsTheDatabaseDownWithinTwoSecondsNotAtTheNextPoll() throws Exception {
        Maintenance instance = Maintenance.builder(store())
                .pollInterval(Duration.ofSeconds(30))
                .build()
                .start();
        closing.add(instance);
        assertThat(instance.view().checkStore(Duration.ofSeconds(1))).isTrue();
        postgres.kill();
        long stopped = System.nanoTime();
        // a health endpoint polled every 200 ms, as probes do
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !instance.view().checkStore(Duration.ofSeconds(1)));
        assertThat(Duration.ofNanos(System.nanoTime() - stopped))
                .as("a second of age, a second of connect timeout")
                .isLessThan(Duration.ofMillis(2500));
        postgres.start();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> instance.view().checkStore(Duration.ofSeconds(1)));
    }

    @Test
    void aStoreOpenedWhileTheDatabaseIsDownWorksOnceItIsUp() throws Exception {
        postgres.kill();
        StateStore store = store(); // does not fail: the view applies the safe default meanwhile
        assertThatThrownBy(store::read).isInstanceOf(StoreException.class);
        postgres.start();
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> !store.read().enabled());
        assertThat(MaintenanceControl.of(store, Clock.systemUTC())
                        .enable(EnableOptions.none(), new Actor("ops", "test"))
                        .after()
                        .version())
                .isEqualTo(1);
    }
}
