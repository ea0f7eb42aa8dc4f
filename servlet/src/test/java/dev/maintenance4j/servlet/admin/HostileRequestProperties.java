package dev.maintenance4j.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.buffer.BufferedRecord;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.servlet.buffer.BufferedRequest;
import dev.maintenance4j.servlet.response.ContentNegotiation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;

/**
 * Hostile text into the servlet adapter's parsers: {@code Accept} headers (the answer is a choice, never an
 * exception) and admin API bodies (a result or a 400 naming the field, never anything else).
 */
class HostileRequestProperties {

    @Property
    void acceptHeadersNeverThrow(@ForAll("acceptText") String accept) {
        ContentNegotiation.prefersJson(accept);
    }

    @Property
    void adminApiBodiesGiveOptionsOrABadRequest(@ForAll("bodies") String body) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        try {
            JsonNode node = ApiRequests.parse(body.getBytes(StandardCharsets.UTF_8));
            ApiRequests.waitFor(node);
            ApiRequests.expectedVersion(node);
            EnableOptions options = ApiRequests.enableOptions(node, clock);
            try {
                assertThat(options.applyTo(MaintenanceState.off(), clock.instant(), new SecureRandom())
                                .state())
                        .isNotNull();
            } catch (IllegalArgumentException refusedForThisState) {
                // an end in the past, say: the API answers 400 for it too
            }
        } catch (BadRequestException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void bufferedRecordsDecodeOrSayTheyAreMalformed(@ForAll("payloads") byte[] payload) {
        BufferedRecord record = new BufferedRecord(1, Instant.EPOCH, "k", payload, false);
        try {
            assertThat(BufferedRequest.decode(record).method()).isNotNull();
        } catch (IOException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(b -> {
                    byte[] withFormat = new byte[b.length + 1];
                    withFormat[0] = 2;
                    System.arraycopy(b, 0, withFormat, 1, b.length);
                    return withFormat;
                }));
    }

    @Provide
    Arbitrary<String> acceptText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings()
                        .withChars("application/json;q=0.123456789,text/html*+ ")
                        .ofMaxLength(300),
                Arbitraries.of("application/json;q=NaN", "text/html;q=-1", "*/*;q=1.0000001", ";;;,,,", "q=0.5"));
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> fields = Arbitraries.of(
                "reason",
                "mode",
                "duration",
                "until",
                "startsAt",
                "retryAfter",
                "refresh",
                "allow",
                "secret",
                "generateSecret",
                "redirect",
                "status",
                "clear",
                "expectedVersion",
                "wait",
                "bogus");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings()
                        .ofMaxLength(30)
                        .map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of(
                        "null",
                        "true",
                        "[]",
                        "{}",
                        "[\"10.0.0.1/8\"]",
                        "\"PT9999999999999H\"",
                        "\"+PT2000000000000000H\"",
                        "1e400",
                        "[\"until\",\"retry\"]",
                        "\"//evil.example\"",
                        "302",
                        "\"3000000d\""));
        Arbitrary<String> objects = Arbitraries.maps(fields, values)
                .ofMaxSize(5)
                .map(map -> {
                    StringBuilder json = new StringBuilder("{");
                    map.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                            .append('"')
                            .append(k)
                            .append("\":")
                            .append(v));
                    return json.append('}').toString();
                });
        return Arbitraries.oneOf(
                objects, Arbitraries.strings().ofMaxLength(60), Arbitraries.of("", "[]", "null", "{", "{\"a\":"));
    }
}
