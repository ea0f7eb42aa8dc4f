package dev.maintenance4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.Mode;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminProtocolTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void whatTheCliSendsTheServiceReadsAsTheSameOptions() {
        EnableOptions everything = EnableOptions.builder()
                .mode(Mode.of("read-only"))
                .reason("Database upgrade")
                .retryAfter(Duration.ofMinutes(15))
                .refresh(Duration.ofSeconds(30))
                .allowed(List.of(CidrBlock.parse("10.0.0.0/8")))
                .secret("s3cret-s3cret-s3cret")
                .startsAt(NOW.plusSeconds(60))
                .until(NOW.plusSeconds(3600))
                .redirect("/status")
                .statusCode(423)
                .build();
        EnableOptions durationAndClear = EnableOptions.builder()
                .generateSecret(true)
                .duration(Duration.ofHours(2))
                .clear(Set.of(EnableOptions.Setting.REFRESH, EnableOptions.Setting.RETRY))
                .build();
        for (EnableOptions sent : List.of(everything, durationAndClear)) {
            byte[] json = AdminProtocol.write(DownRequest.of(sent, 7L, Duration.ofMinutes(2)));
            DownRequest read = AdminProtocol.readRequest(json, DownRequest.class);
            assertThat(read.toOptions(CLOCK)).isEqualTo(sent);
            assertThat(read.expectedVersion()).isEqualTo(7L);
            assertThat(read.waitFor()).isEqualTo(Duration.ofMinutes(2));
        }
        assertThat(new String(
                        AdminProtocol.write(DownRequest.of(EnableOptions.none(), null, null)), StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }

    @Test
    void aNumberIsSecondsAndTextTakesTheCliForms() {
        DownRequest read = request("{\"retryAfter\":1800,\"refresh\":\"30s\",\"until\":\"+2h\"}");
        EnableOptions options = read.toOptions(CLOCK);
        assertThat(options.retryAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.refresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.until()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(request("").toOptions(CLOCK)).isEqualTo(EnableOptions.none());
    }

    @Test
    void everyRefusalNamesItsFieldAndSaysWhatItMustBe() {
        String[][] cases = {
            {"{\"mode\":\"sideways\"}", "mode", "unknown mode 'sideways'"},
            {"{\"duration\":\"soon\"}", "duration", "is not a duration"},
            {"{\"retryAfter\":-5}", "retryAfter", ""},
            {"{\"retryAfter\":true}", "retryAfter", "retryAfter must be a string or a number of seconds"},
            {"{\"allow\":[\"10.0.0.1/8\"]}", "allow", "did you mean 10.0.0.0/8"},
            {"{\"allow\":\"10.0.0.0/8\"}", "allow", "allow must be an array of IP addresses or CIDR blocks"},
            {"{\"allow\":[7]}", "allow", "allow must be an array of IP addresses or CIDR blocks"},
            {"{\"redirect\":\"//evil.example\"}", "redirect", "local path"},
            {"{\"status\":42}", "status", "status must be one of [200, 403, 404, 410, 423, 429, 500, 502, 503, 504]"},
            {"{\"status\":\"503\"}", "status", "status must be an HTTP status code"},
            {"{\"status\":503.5}", "status", "status must be an HTTP status code"},
            {"{\"duration\":\"3000000d\"}", "duration", "at most 366d"},
            {"{\"retryAfter\":\"30\"}", "retryAfter", "has no unit"},
            {"{\"clear\":[\"mode\"]}", "clear", "not a setting that can be cleared"},
            {"{\"clear\":[\"until\"],\"duration\":\"1h\"}", null, "give until or clear it, not both"},
            {"{\"secret\":\"short\"}", "secret", "16 to 128"},
            {"{\"reason\":7}", "reason", "reason must be a string"},
            {"{\"generateSecret\":\"yes\"}", "generateSecret", "generateSecret must be true or false"},
            {"{\"bogus\":true}", "bogus", "unknown field 'bogus'; expected one of [allow, clear, duration"},
            {"{\"expectedVersion\":\"x\"}", "expectedVersion", "expectedVersion must be a non-negative integer"},
            {"{\"expectedVersion\":-1}", "expectedVersion", "expectedVersion must be a non-negative integer"},
            {"{\"wait\":\"11m\"}", "wait", "wait must be positive and at most 10m"},
            {"{\"duration\":\"10m\",\"until\":\"+1h\"}", "until", "not both"},
            {"{not json", null, "malformed JSON"},
            {"[1]", null, "the body must be one JSON object"},
            {"null", null, "the body must be one JSON object"},
            {"{} {}", null, "the body must be one JSON object"},
        };
        for (String[] c : cases) {
            InvalidRequestException refused = catchThrowableOfType(
                    InvalidRequestException.class, () -> request(c[0]).toOptions(CLOCK));
            assertThat(refused).as(c[0]).isNotNull();
            assertThat(refused.field()).as(c[0]).isEqualTo(c[1]);
            assertThat(refused.getMessage()).as(c[0]).contains(c[2]);
        }
        InvalidRequestException tooLarge = catchThrowableOfType(
                InvalidRequestException.class,
                () -> AdminProtocol.readRequest(new byte[AdminProtocol.MAX_REQUEST_BYTES + 1], ChangeRequest.class));
        assertThat(tooLarge.getMessage()).isEqualTo("the body must be at most 65536 bytes");
    }

    @Test
    void entriesNeedAtLeastOneAddressOrBlock() {
        assertThat(AdminProtocol.readRequest(bytes("{\"entries\":[\"10.0.0.0/8\",\"::1\"]}"), EntriesRequest.class)
                        .blocks())
                .containsExactly(CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("::1"));
        InvalidRequestException empty = catchThrowableOfType(
                InvalidRequestException.class,
                () -> AdminProtocol.readRequest(bytes("{\"entries\":[]}"), EntriesRequest.class)
                        .blocks());
        assertThat(empty.field()).isEqualTo("entries");
        InvalidRequestException unknown = catchThrowableOfType(
                InvalidRequestException.class,
                () -> AdminProtocol.readRequest(bytes("{\"reason\":\"x\"}"), ChangeRequest.class));
        assertThat(unknown.getMessage()).isEqualTo("unknown field 'reason'; expected one of [expectedVersion, wait]");
    }

    @Test
    void aReceiptCarriesTheStatusAtTheTopAndReadsBack() {
        MaintenanceState after = MaintenanceState.off().toBuilder()
                .enabled(true)
                .reason("Upgrade")
                .since(NOW)
                .version(4)
                .build();
        ChangeReceipt receipt = new ChangeReceipt(
                MaintenanceStatus.of(after, NOW),
                true,
                MaintenanceStatus.of(MaintenanceState.off(), NOW),
                "generated-secret-1234",
                new ChangeReceipt.ClusterWait(true, List.of(), List.of()),
                false,
                null);
        String json = AdminProtocol.writeString(receipt);
        assertThat(json)
                .startsWith("{\"active\":true,\"enabled\":true")
                .contains("\"version\":4", "\"changed\":true", "\"wait\":{\"done\":true")
                .doesNotContain("pending", "message");
        assertThat(AdminProtocol.readAnswer(bytes(json), ChangeReceipt.class)).isEqualTo(receipt);
        assertThat(AdminProtocol.readAnswer(
                        bytes(json.replace("{\"active\"", "{\"addedLater\":1,\"active\"")), ChangeReceipt.class))
                .isEqualTo(receipt);
    }

    @Test
    void contributedStatusFieldsSitBesideTheOthersAndTheRestReadsBack() {
        StatusDocument document = new StatusDocument(
                MaintenanceStatus.of(MaintenanceState.off(), NOW),
                null,
                null,
                List.of(),
                new StatusDocument.StoreStatus("file:/tmp/state.json", true, NOW, null),
                List.of(),
                null,
                Map.of("notifications", Map.of("failed", 0)));
        String json = AdminProtocol.writeString(document);
        assertThat(json).contains("\"notifications\":{\"failed\":0}").doesNotContain("buffer", "contributed");
        StatusDocument read = AdminProtocol.readAnswer(bytes(json), StatusDocument.class);
        assertThat(read.status()).isEqualTo(document.status());
        assertThat(read.store()).isEqualTo(document.store());
        assertThat(read.contributed()).isEmpty();
    }

    private static DownRequest request(String json) {
        return AdminProtocol.readRequest(bytes(json), DownRequest.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
