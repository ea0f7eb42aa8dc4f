package dev.maintenance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.control.Actor;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.store.file.FileStateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MaintTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private Path stateFile;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() {
        stateFile = dir.resolve("state.json");
    }

    private int run(String... args) {
        return runWithEnv(Map.of("MAINTENANCE4J_STORE", "file:" + stateFile), args);
    }

    private int runWithEnv(Map<String, String> env, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                env,
                Clock.fixed(NOW, ZoneOffset.UTC),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new Actor("alice", "cli@test"));
        return Maint.run(args, environment);
    }

    private JsonNode json() {
        return JsonMapper.shared().readTree(out.toString());
    }

    @Test
    void downStatusUpRoundTrip() {
        assertThat(run(
                        "down",
                        "--reason",
                        "Database upgrade",
                        "--for",
                        "30m",
                        "--retry",
                        "120s",
                        "--allow",
                        "10.0.0.0/8",
                        "--allow",
                        "2001:db8::/32",
                        "--refresh",
                        "60s",
                        "--redirect",
                        "/status",
                        "--status",
                        "503"))
                .isZero();
        assertThat(out.toString()).contains("ON (full)", "Database upgrade", "10.0.0.0/8, 2001:db8::/32");

        assertThat(run("status", "--json")).isZero();
        JsonNode status = json();
        assertThat(status.get("active").booleanValue()).isTrue();
        assertThat(status.get("mode").stringValue()).isEqualTo("full");
        assertThat(status.get("reason").stringValue()).isEqualTo("Database upgrade");
        assertThat(status.get("since").stringValue()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(status.get("until").stringValue()).isEqualTo("2026-11-23T10:30:00Z");
        assertThat(status.get("startsAt").isNull()).isTrue();
        assertThat(status.get("retryAfterSeconds").longValue()).isEqualTo(1800);
        assertThat(status.get("allowed"))
                .extracting(JsonNode::stringValue)
                .containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(status.get("version").longValue()).isEqualTo(1);

        assertThat(run("up")).isZero();
        assertThat(run("status", "--json")).isZero();
        assertThat(json().get("active").booleanValue()).isFalse();
        assertThat(json().get("version").longValue()).isEqualTo(2);
    }

    @Test
    void upWhenAlreadyUpIsANoOpWithExitZero() {
        assertThat(run("up")).isZero();
        assertThat(out.toString()).contains("Nothing to change.");
        assertThat(stateFile).doesNotExist();
    }

    @Test
    void rerunningDownUpdatesOptionsAndRepeatingItChangesNothing() {
        run("down", "--reason", "first", "--mode", "read-only");
        assertThat(run("down", "--reason", "second", "--json")).isZero();
        assertThat(json().get("reason").stringValue()).isEqualTo("second");
        assertThat(json().get("mode").stringValue()).isEqualTo("read-only");
        assertThat(json().get("changed").booleanValue()).isTrue();
        assertThat(run("down", "--reason", "second", "--json")).isZero();
        assertThat(json().get("changed").booleanValue()).isFalse();
        assertThat(json().get("version").longValue()).isEqualTo(2);
    }

    @Test
    void withSecretPrintsTheSecretOnceAndStoresOnlyItsHash() throws Exception {
        assertThat(run("down", "--with-secret", "--json")).isZero();
        String secret = json().get("secret").stringValue();
        assertThat(secret).hasSize(32);
        assertThat(Files.readString(stateFile)).doesNotContain(secret);
        assertThat(run("status", "--json")).isZero();
        assertThat(out.toString()).doesNotContain(secret);
        assertThat(json().get("secretFingerprint").isString()).isTrue();

        assertThat(run("secret", "--rotate")).isZero();
        assertThat(out.toString()).contains("Bypass secret (shown once");
        assertThat(out.toString()).doesNotContain(secret);
    }

    @Test
    void scheduledWindowIsAnnouncedButNotActive() {
        assertThat(run("down", "--at", "+2h", "--for", "1h", "--json")).isZero();
        JsonNode s = json();
        assertThat(s.get("active").booleanValue()).isFalse();
        assertThat(s.get("scheduled").booleanValue()).isTrue();
        assertThat(s.get("startsAt").stringValue()).isEqualTo("2026-11-23T12:00:00Z");
        assertThat(s.get("until").stringValue()).isEqualTo("2026-11-23T13:00:00Z");
        run("status");
        assertThat(out.toString()).contains("SCHEDULED (full) from 2026-11-23T12:00:00Z (in 2h)");
    }

    @Test
    void allowAndDisallowEditTheList() {
        assertThat(run("allow", "10.0.0.0/8", "192.0.2.7", "::1")).isZero();
        assertThat(run("disallow", "192.0.2.7", "--json")).isZero();
        assertThat(json().get("allowed")).extracting(JsonNode::stringValue).containsExactly("10.0.0.0/8", "::1");
    }

    @Test
    void historyShowsWhoDidWhatNewestFirst() {
        run("down", "--reason", "one");
        run("allow", "10.0.0.0/8");
        run("up");
        assertThat(run("history", "--json")).isZero();
        JsonNode history = json();
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("action").stringValue()).isEqualTo("up");
        assertThat(history.get(0).get("actor").stringValue()).isEqualTo("alice");
        assertThat(history.get(0).get("origin").stringValue()).isEqualTo("cli@test");
        assertThat(history.get(0).get("before").get("active").booleanValue()).isTrue();
        assertThat(history.get(2).get("after").get("reason").stringValue()).isEqualTo("one");
        assertThat(run("history", "--limit", "1")).isZero();
        assertThat(out.toString().lines())
                .hasSize(2)
                .last()
                .asString()
                .contains("up", "alice (cli@test)", "full \"one\"", "-> off");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "down --allow 10.0.0.1/8",
                "down --allow not-an-ip",
                "down --retry -5",
                "down --retry 0",
                "down --mode sideways",
                "down --until yesterday",
                "down --at 2026-13-01T00:00",
                "down --for 10m --until +1h",
                "down --secret short",
                "down --secret abcdefghijklmnopqrstuvwxyz --with-secret",
                "down --redirect https://evil.example/",
                "down --redirect //evil.example",
                "down --status 42",
                "down --until 2020-01-01T00:00:00Z",
                "down --bogus",
                "allow",
                "allow 300.1.1.1",
                "history --limit 0",
                "secret",
                "frobnicate",
                "dwn",
                "down --for 30",
                "down --for 3000000d",
                "down --retry 2026-12-01T10:00",
                "down --retry 367d",
                "down --status 302",
                "down --redirect ",
                "down --clear mode",
                "down --clear until --for 1h",
                "down --at +2h --until +1h",
                "down --until +PT2000000000000000H",
            })
    void badArgumentsExitTwoWithOneLineAndLeaveTheStateUntouched(String args) throws Exception {
        run("down", "--reason", "before");
        byte[] before = Files.readAllBytes(stateFile);
        int exit = run(args.split(" "));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1).first().asString().startsWith("maint: ");
        assertThat(out.toString()).isEmpty();
        assertThat(Files.readAllBytes(stateFile)).isEqualTo(before);
    }

    @Test
    void badArgumentMessagesSayWhatIsWrong() {
        run("down", "--allow", "10.0.0.1/8");
        assertThat(err.toString()).contains("did you mean 10.0.0.0/8");
        run("down", "--mode", "sideways");
        assertThat(err.toString())
                .contains("unknown mode 'sideways', expected one of full, read-only, emergency, test");
        run("down", "--retry", "-5");
        assertThat(err.toString()).contains("'-5' is not a duration");
    }

    @Test
    void storeComesFromTheOptionThenTheEnvironmentThenTheDefault() {
        Path other = dir.resolve("other.json");
        assertThat(run("--store", "file:" + other, "down")).isZero();
        assertThat(other).exists();
        assertThat(stateFile).doesNotExist();
        assertThat(run("down", "--store", other.toString()))
                .isZero(); // a bare path is a file, option after the command too
        assertThat(out.toString()).contains("Nothing to change.");
        assertThat(runWithEnv(Map.of(), "status")).isZero();
        assertThat(out.toString()).contains("var/maintenance/state.json");
    }

    @Test
    void unknownStoreSchemeIsABadArgument() {
        assertThat(run("--store", "gopher://x", "status")).isEqualTo(2);
        assertThat(err.toString()).contains("no state store for 'gopher://x'");
    }

    @Test
    void anUnreachableStoreFailsWithExitOne() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        assertThat(run("--store", "file:" + blocker.resolve("state.json"), "down"))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("maint: cannot");
    }

    @Test
    void notifyTestNeedsARunningService() {
        assertThat(run("notify", "test")).isEqualTo(2);
        assertThat(err.toString()).contains("notifications are sent by a running service");
        assertThat(run("notify", "bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown notify action 'bogus'");
    }

    @Test
    void bufferNeedsARunningServiceAndAKnownAction() {
        assertThat(run("buffer", "status")).isEqualTo(2);
        assertThat(err.toString()).contains("the write buffer lives in the running service");
        assertThat(run("buffer", "flush")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown buffer action 'flush'");
        assertThat(run("buffer", "dead-letters", "--limit", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--limit must be from 1 to 1000");
    }

    @Test
    void everySubcommandAnswersHelpWithExitZero() {
        Set<String> commands = MaintCommand.commandLine(new CliEnvironment(
                        Map.of(),
                        Clock.systemUTC(),
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()),
                        new Actor("a", "b")))
                .getSubcommands()
                .keySet();
        assertThat(commands)
                .contains("down", "up", "status", "allow", "disallow", "history", "secret", "notify", "buffer");
        for (String command : commands) {
            for (String flag : new String[] {"--help", "-h"}) {
                assertThat(run(command, flag)).as("maint %s %s", command, flag).isZero();
                assertThat(out.toString()).as("maint %s %s", command, flag).contains("Usage: maint " + command);
                assertThat(err.toString()).isEmpty();
            }
        }
    }

    @Test
    void aCommandIsRequiredNamesEveryCommand() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString())
                .contains("a command is required: down, up, status, allow, disallow, history, secret, notify, buffer");
    }

    @Test
    void unknownCommandsAndOptionsGetOneLineWithASuggestion() {
        assertThat(run("dwn")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("maint: unknown command 'dwn' — did you mean 'down'? (see 'maint --help')"
                        + System.lineSeparator());
        assertThat(run("down", "--reasn", "x")).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("maint: unknown option '--reasn' for 'maint down' — did you mean '--reason'?")
                .doesNotContain("Unmatched argument");
    }

    @Test
    void durationsNeedAUnitAndADateInRetryPointsToUntil() {
        assertThat(run("down", "--for", "30")).isEqualTo(2);
        assertThat(err.toString()).contains("'30' has no unit; durations need one: 30s, 30m or 30h");
        assertThat(run("down", "--retry", "2026-12-01T10:00")).isEqualTo(2);
        assertThat(err.toString()).contains("is a time, not a duration: give an end time with --until");
        assertThat(run("down", "--for", "3000000d")).isEqualTo(2);
        assertThat(err.toString()).contains("--for must be at most 366d, but was 3000000d");
        assertThat(run("down", "--at", "+2h", "--until", "+1h")).isEqualTo(2);
        assertThat(err.toString()).contains("--until must be after --at");
    }

    @Test
    void rerunningDownSaysWhatChanged() {
        run("down", "--reason", "db", "--retry", "60s");
        assertThat(run("down", "--retry", "120s")).isZero();
        assertThat(out.toString()).startsWith("Updated: retry-after 60s → 120s" + System.lineSeparator());
        assertThat(run("down", "--reason", "db v2", "--redirect", "/status")).isZero();
        assertThat(out.toString()).startsWith("Updated: reason \"db\" → \"db v2\"; redirect none → /status");
        assertThat(run("down", "--retry", "120s")).isZero();
        assertThat(out.toString()).startsWith("Nothing to change.");
    }

    @Test
    void aNewMaintenanceHasADefaultRetryHintAndSettingsClearWhileItStaysOn() {
        assertThat(run("down", "--reason", "db", "--json")).isZero();
        assertThat(json().get("retryAfterSeconds").longValue()).isEqualTo(300);
        run("down", "--redirect", "/status", "--for", "1h", "--status", "502", "--refresh", "30s");
        assertThat(run(
                        "down",
                        "--clear",
                        "redirect,until",
                        "--clear",
                        "status",
                        "--clear",
                        "retry",
                        "--clear",
                        "refresh"))
                .isZero();
        assertThat(out.toString())
                .contains(
                        "Updated: ",
                        "until 2026-11-23T11:00:00Z → none",
                        "redirect /status → none",
                        "status code 502 → 503",
                        "refresh 30s → none");
        assertThat(run("status", "--json")).isZero();
        JsonNode s = json();
        assertThat(s.get("active").booleanValue()).isTrue();
        assertThat(s.get("reason").stringValue()).isEqualTo("db");
        assertThat(s.get("until").isNull()).isTrue();
        assertThat(s.get("redirect").isNull()).isTrue();
        assertThat(s.get("retryAfterSeconds").isNull()).isTrue();
        assertThat(s.get("statusCode").intValue()).isEqualTo(503);
        assertThat(s.get("version").longValue()).isEqualTo(3);
    }

    @Test
    void storeFailuresNameNoJavaClass() throws Exception {
        Path directory = dir.resolve("a-directory");
        Files.createDirectories(directory);
        assertThat(run("--store", "file:" + directory, "status")).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("maint: cannot read maintenance state file")
                .doesNotContain("java.", "Exception");
    }

    @Test
    void statusOnAnUnreadableStateSaysSoWithItsOwnExitCodeAndKeepsOneCopy() throws Exception {
        run("down", "--reason", "db");
        Files.writeString(stateFile, "{\"format\":1,");
        for (int i = 0; i < 3; i++) {
            assertThat(run("status")).isEqualTo(3);
        }
        assertThat(out.toString())
                .startsWith("Maintenance  UNKNOWN: the stored state is unreadable (not valid JSON")
                .contains("Running instances keep serving their last good state")
                .doesNotContain("OFF");
        assertThat(run("status", "--json")).isEqualTo(3);
        assertThat(json().get("unreadable").stringValue()).startsWith("not valid JSON");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("state.json.corrupt-")))
                    .hasSize(1);
        }
        assertThat(run("up")).isZero(); // rewrites it, and versions go on
        assertThat(run("status", "--json")).isZero();
        assertThat(json().get("unreadable").isNull()).isTrue();
        assertThat(json().get("version").longValue()).isEqualTo(2);
    }

    @Test
    void aChangeNoRunningInstanceWillSeeIsFlaggedNamingTheStore() {
        assertThat(run("down", "--reason", "db")).isZero();
        assertThat(err.toString())
                .isEqualTo("maint: warning: no running instance reports to file:" + stateFile
                        + "; a service using another store will not see this change (check its maintenance.store)"
                        + System.lineSeparator());
        assertThat(run("down", "--reason", "db")).isZero();
        assertThat(err.toString()).as("nothing changed: nothing to warn about").isEmpty();
    }

    @Test
    void waitingForOneInstanceSaysSoInTheSingular() {
        try (FileStateStore store = FileStateStore.builder(stateFile).build()) {
            store.heartbeat(new InstanceReport(
                    "web-1", "host-a", NOW.minusSeconds(60), 99, 0, 0, 0, NOW, Duration.ofSeconds(5)));
        }
        assertThat(run("down", "--reason", "db", "--wait", "--timeout", "5s")).isZero();
        assertThat(out.toString())
                .contains("ready  web-1 (host-a)", "The live instance is ready.")
                .doesNotContain("All 1");
    }

    @Test
    void theDefaultRetryHintIsConfigurable() {
        Map<String, String> env = new HashMap<>(Map.of("MAINTENANCE4J_STORE", "file:" + stateFile));
        env.put("MAINTENANCE4J_DEFAULT_RETRY", "15m");
        assertThat(runWithEnv(env, "down", "--json")).isZero();
        assertThat(json().get("retryAfterSeconds").longValue()).isEqualTo(900);
        run("up");
        env.put("MAINTENANCE4J_DEFAULT_RETRY", "0s");
        assertThat(runWithEnv(env, "down", "--json")).isZero();
        assertThat(json().get("retryAfterSeconds").isNull()).as("0s: none").isTrue();
        env.put("MAINTENANCE4J_DEFAULT_RETRY", "soon");
        assertThat(runWithEnv(env, "status")).isEqualTo(2);
        assertThat(err.toString()).startsWith("maint: $MAINTENANCE4J_DEFAULT_RETRY: 'soon' is not a duration");
        assertThat(run("down", "--help")).isZero();
        assertThat(out.toString()).contains("Default: 5m for a new maintenance", "$MAINTENANCE4J_DEFAULT_RETRY");
    }
}
