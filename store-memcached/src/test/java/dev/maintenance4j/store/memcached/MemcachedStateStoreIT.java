package dev.maintenance4j.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.test.StateStoreContract;
import dev.maintenance4j.testing.servers.MemcachedServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The state-store contract, polling propagation and outages against a real memcached. */
class MemcachedStateStoreIT extends StateStoreContract {

    @RegisterExtension
    static final MemcachedServer memcached = new MemcachedServer();

    private static MemcachedClient client;

    @BeforeAll
    static void connect() throws Exception {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(memcached.address()));
        builder.setOpTimeout(1000);
        client = builder.build();
    }

    @AfterAll
    static void disconnect() throws Exception {
        client.shutdown();
    }

    @Override
    protected boolean pushesChanges() {
        return false;
    }

    @Override
    protected StateStore newStore(SafeDefault safeDefault) {
        // the contract reads fresh namespaces on a just-started server: no waiting for a restore there
        // (MemcachedFlushIT and the fault campaign cover the wait)
        return MemcachedStateStore.builder(client)
                .namespace(namespace())
                .safeDefault(safeDefault)
                .restoreWait(Duration.ZERO)
                .build();
    }

    @Override
    protected void corruptStoredState() throws Exception {
        client.set("maintenance4j:" + namespace() + ":state", 0, "{\"format\":1,\"version\":\"x\"");
    }

    @Test
    void anAuditEntryWhoseChangeNeverCommittedIsNotHistory() throws Exception {
        StateStore store = newStore(SafeDefault.OPEN);
        MaintenanceState one = store.compareAndSet(0, down("one"), change("down"));
        // the entry of a change that crashed between writing its audit entry and its compare-and-set
        orphan(new AuditRecord(
                change("down"),
                one,
                down("never committed").toBuilder().version(2).actor("ghost").build()));
        MaintenanceState two = store.compareAndSet(1, down("two"), change("down"));
        orphan(new AuditRecord(
                change("down"),
                two,
                down("crashed last").toBuilder().version(3).actor("ghost").build()));
        assertThat(store.history(10)).extracting(r -> r.after().reason()).containsExactly("two", "one");
        assertThat(store.history(1)).extracting(r -> r.after().version()).containsExactly(2L);
        store.close();
    }

    private void orphan(AuditRecord record) throws Exception {
        long sequence = client.incr("maintenance4j:" + namespace() + ":audit:seq", 1, 1);
        client.set(
                "maintenance4j:" + namespace() + ":audit:" + sequence,
                0,
                new String(StateFormat.encodeAudit(record), StandardCharsets.UTF_8));
    }

    @Test
    void instancesFollowByPollingAndSurviveAnOutage() throws Exception {
        StoreOptions options = new StoreOptions(SafeDefault.OPEN, Duration.ofSeconds(1), Clock.systemUTC());
        String uri = "memcached://" + memcached.address() + "?namespace=outage";
        try (StateStore writerStore = StateStores.open(uri, options);
                StateStore readerStore = StateStores.open(uri, options);
                Maintenance instance = Maintenance.builder(readerStore)
                        .pollInterval(Duration.ofMillis(200))
                        .build()
                        .start()) {
            MaintenanceControl writer = MaintenanceControl.of(writerStore, Clock.systemUTC());
            writer.enable(EnableOptions.builder().reason("polled").build(), new Actor("ops", "test"));
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> "polled".equals(instance.state().reason()));

            memcached.kill();
            instance.view().refresh();
            assertThat(instance.view().storeReachable()).isFalse();
            assertThat(instance.state().reason()).isEqualTo("polled");
            assertThatThrownBy(() -> writer.disable(new Actor("ops", "test"))).isInstanceOf(StoreException.class);

            memcached.start(); // empty again: the instance restores what it knew
            await().atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .until(() -> "polled".equals(writerStore.read().reason()));
            assertThat(instance.state().reason()).isEqualTo("polled");
            assertThat(writerStore.history(5))
                    .extracting(r -> r.change().action())
                    .contains("restore");
        }
    }
}
