package dev.maintenance4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.control.EnableOptions;
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

/** Hostile admin API bodies: options, or a refusal with a message (and a field), never anything else. */
class AdminRequestProperties {

    @Property
    void enableBodiesGiveOptionsOrARefusal(@ForAll("bodies") String body) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        try {
            DownRequest request = AdminProtocol.readRequest(body.getBytes(StandardCharsets.UTF_8), DownRequest.class);
            request.waitFor();
            EnableOptions options = request.toOptions(clock);
            try {
                assertThat(options.applyTo(MaintenanceState.off(), clock.instant(), new SecureRandom())
                                .state())
                        .isNotNull();
            } catch (IllegalArgumentException refusedForThisState) {
                // an end in the past, say: the API answers 400 for it too
            }
        } catch (InvalidRequestException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
        }
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
