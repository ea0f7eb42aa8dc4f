package dev.maintenance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.control.Actor;
import dev.maintenance4j.testing.servers.PostgresServer;
import dev.maintenance4j.testing.servers.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** The CLI on redis:// and jdbc:postgresql:// stores, against real servers. */
class CliOnSharedStoresIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    private StringWriter out;
    private StringWriter err;

    private int maint(String store, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Maint.run(
                args,
                new CliEnvironment(
                        Map.of("MAINTENANCE4J_STORE", store),
                        Clock.systemUTC(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new Actor("ops", "cli@test")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "postgres"})
    void downStatusHistoryUp(String kind) {
        String store = kind.equals("redis")
                ? redis.uri() + "?namespace=cli"
                : postgres.jdbcUrl() + "&maintenanceNamespace=cli";
        assertThat(maint(store, "down", "--reason", "shared " + kind, "--allow", "10.0.0.0/8"))
                .as(err.toString())
                .isZero();
        assertThat(maint(store, "status", "--json")).isZero();
        assertThat(JsonMapper.shared().readTree(out.toString()).get("reason").stringValue())
                .isEqualTo("shared " + kind);
        assertThat(maint(store, "up")).isZero();
        assertThat(maint(store, "history", "--json")).isZero();
        assertThat(JsonMapper.shared().readTree(out.toString())).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://", "jdbc:postgresql://127.0.0.1:1/x?user=u"})
    void unreachableStoresFailWithExitOne(String store) {
        assertThat(maint(store, "status")).isIn(1, 2);
        assertThat(err.toString()).startsWith("maint: ");
    }
}
