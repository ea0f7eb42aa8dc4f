package dev.maintenance4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.net.IpAllowList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StateFormatTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final MaintenanceState FULL = MaintenanceState.builder()
            .version(4)
            .enabled(true)
            .mode(Mode.READ_ONLY)
            .reason("upgrade")
            .since(T0)
            .startsAt(T0)
            .until(T0.plusSeconds(600))
            .retryAfter(Duration.ofSeconds(60))
            .refresh(Duration.ofSeconds(30))
            .allowed(IpAllowList.parse(List.of("10.0.0.0/8")))
            .secret(BypassSecret.generate(new SecureRandom()).stored())
            .redirect("/status")
            .statusCode(503)
            .actor("alice")
            .build();
    private static final InstanceReport REPORT =
            new InstanceReport("web-1", "web", T0, 4, 2, 1, 0, T0, Duration.ofSeconds(2));

    @Test
    void everyFieldWrittenIsDocumentedInTheCoreReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> fields = new ArrayList<>();
        fields.addAll(fieldNames(StateFormat.encode(FULL)));
        fields.addAll(fieldNames(StateFormat.encodeAudit(
                new AuditRecord(new Change("down", "alice", "cli@host", T0), MaintenanceState.off(), FULL))));
        fields.addAll(fieldNames(StateFormat.encodeInstance(REPORT)));
        assertThat(fields)
                .hasSizeGreaterThan(30)
                .allSatisfy(field ->
                        assertThat(readme).as("the README documents " + field).contains("`" + field + "`"));
    }

    @Test
    void everyValueSurvivesTheRoundTrip() {
        AuditRecord record = new AuditRecord(new Change("down", "alice", "cli@host", T0), MaintenanceState.off(), FULL);
        assertThat(StateFormat.decode(StateFormat.encode(FULL))).isEqualTo(FULL);
        assertThat(StateFormat.decodeAudit(StateFormat.encodeAudit(record))).isEqualTo(record);
        assertThat(StateFormat.decodeInstance(StateFormat.encodeInstance(REPORT)))
                .isEqualTo(REPORT);
        InstanceReport other = new InstanceReport("web-2", "web", T0, 3, 0, 0, 5, T0, Duration.ofSeconds(2));
        assertThat(StateFormat.decodeInstances(StateFormat.encodeInstances(List.of(REPORT, other))))
                .isEqualTo(Map.of("web-1", REPORT, "web-2", other));
    }

    @Test
    void aNewerFormatIsRefusedByName() {
        byte[] newer =
                "{\"format\":2,\"version\":1,\"enabled\":true,\"mode\":\"full\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StateFormat.decode(newer))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("written by a newer maintenance4j");
    }

    @Test
    void unreadableDataDecodesToTheSafeDefaultWithTheReason() {
        StoredState stored =
                StoredState.decode("{\"format\":1".getBytes(StandardCharsets.UTF_8), SafeDefault.CLOSED, "test");
        assertThat(stored.readable()).isFalse();
        assertThat(stored.state()).isEqualTo(SafeDefault.CLOSED.state());
        assertThat(stored.unreadable()).startsWith("not valid JSON");
        assertThat(StoredState.decode(null, SafeDefault.OPEN, "test").unreadable())
                .isEqualTo("the value is missing");
    }

    @Test
    void aCommitChecksTheVersionAndNeverGoesBack() {
        Change change = new Change("down", "bob", "api", T0);
        Commit commit = Commit.over(StoredState.of(FULL), 4, MaintenanceState.off(), change, () -> 99);
        assertThat(commit.next().version()).isEqualTo(5);
        assertThat(commit.next().actor()).isEqualTo("bob");
        assertThat(commit.audit().before()).isEqualTo(FULL);
        assertThat(commit.audit().after()).isEqualTo(commit.next());
        assertThatThrownBy(() -> Commit.over(StoredState.of(FULL), 3, MaintenanceState.off(), change, () -> 99))
                .isInstanceOf(VersionConflictException.class);
        StoredState unreadable = StoredState.unreadable(SafeDefault.OPEN.state(), "bad");
        assertThat(Commit.over(unreadable, 0, MaintenanceState.off(), change, () -> 7)
                        .next()
                        .version())
                .as("over an unreadable state, versions go on from the store's highest")
                .isEqualTo(8);
        Commit renumbered = commit.above(9);
        assertThat(renumbered.next().version())
                .as("a writer that saw 9 commits 10")
                .isEqualTo(10);
        assertThat(renumbered.audit().after()).isEqualTo(renumbered.next());
        assertThat(renumbered.audit().before()).isEqualTo(FULL);
        assertThat(commit.above(4)).as("already above what was seen").isSameAs(commit);
    }

    private static List<String> fieldNames(byte[] json) {
        List<String> names = new ArrayList<>();
        collect(JsonMapper.shared().readTree(json), names);
        return names;
    }

    private static void collect(JsonNode node, List<String> names) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            names.add(field.getKey());
            if (field.getValue().isObject()
                    && !field.getKey().equals("before")
                    && !field.getKey().equals("after")) {
                collect(field.getValue(), names);
            }
        }
    }
}
