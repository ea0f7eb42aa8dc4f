package dev.maintenance4j.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.testing.servers.MemcachedServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code flush_all} under a running instance, with a writer that knows no state (the CLI) acting at
 * once: it must wait for the instance to restore the state and build on it, never write an "off"
 * version 1 on top of the lost state (which reopened the service in 3 of 5 trials before).
 */
class MemcachedFlushIT {

    @RegisterExtension
    static final MemcachedServer memcached = new MemcachedServer();

    private static final Actor OPS = new Actor("ops", "test");

    @Test
    void aWriterRightAfterAFlushBuildsOnTheRestoredStateAndVersionsGoOn() throws Exception {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(memcached.address()));
        builder.setOpTimeout(1000);
        MemcachedClient client = builder.build();
        try (MemcachedStateStore instanceStore =
                        MemcachedStateStore.builder(client).namespace("flush").build();
                Maintenance instance = Maintenance.builder(instanceStore)
                        .pollInterval(Duration.ofMillis(300))
                        .build()
                        .start()) {
            try (MemcachedStateStore setup =
                    MemcachedStateStore.builder(client).namespace("flush").build()) {
                MaintenanceControl.of(setup, Clock.systemUTC())
                        .enable(
                                EnableOptions.builder()
                                        .reason("survives flushes")
                                        .build(),
                                OPS);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "survives flushes".equals(instance.state().reason()));
            for (int trial = 1; trial <= 5; trial++) {
                long before = instance.state().version();
                client.flushAll();
                try (MemcachedStateStore cli =
                        MemcachedStateStore.builder(client).namespace("flush").build()) {
                    MaintenanceState status = cli.read();
                    assertThat(status.enabled())
                            .as("trial %d: status right after the flush", trial)
                            .isTrue();
                    assertThat(status.version()).isEqualTo(before);
                    client.flushAll();
                    MaintenanceState after = MaintenanceControl.of(cli, Clock.systemUTC())
                            .allow(List.of(CidrBlock.parse("192.0.2." + trial)), OPS)
                            .after();
                    assertThat(after.enabled())
                            .as("trial %d: the change is built on the restored state", trial)
                            .isTrue();
                    assertThat(after.reason()).isEqualTo("survives flushes");
                    assertThat(after.version()).isEqualTo(before + 1);
                }
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> instance.state().version() == before + 1);
                assertThat(instance.state().enabled()).isTrue();
            }
        } finally {
            client.shutdown();
        }
    }
}
