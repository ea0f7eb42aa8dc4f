package dev.maintenance4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.servlet.testing.TestServer;
import dev.maintenance4j.store.file.FileStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response path with end times at and beyond what an HTTP-date can hold: a hostile state file
 * naming year 10000 used to turn every blocked request into a 500 (the {@code Retry-After} formatter
 * threw outside the filter's own try); and {@code Retry-After} on a day with one digit is IMF-fixdate.
 */
class ResponseNeverFailsIT {

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void aStateFileWithAnEndPastYear9999GivesTheSafeDefaultNotAServerError() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, stateJson("+10000-01-01T00:00:00Z"), StandardCharsets.UTF_8);
        for (SafeDefault safeDefault : SafeDefault.values()) {
            try (FileStateStore store = FileStateStore.builder(file)
                            .safeDefault(safeDefault)
                            .build();
                    Maintenance maintenance = Maintenance.builder(store)
                            .pollInterval(Duration.ofMinutes(5))
                            .build()
                            .start();
                    TestServer server = TestServer.start(
                            MaintenanceFilter.builder(maintenance).build())) {
                HttpResponse<String> response = get(server, "/orders");
                assertThat(response.statusCode())
                        .as("safe default %s", safeDefault)
                        .isEqualTo(safeDefault == SafeDefault.OPEN ? 200 : 503);
            }
        }
    }

    @Test
    void anEndAtTheLastSecondAnHttpDateHoldsIsServed() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, stateJson("9999-12-31T23:59:59Z"), StandardCharsets.UTF_8);
        try (FileStateStore store = FileStateStore.builder(file).build();
                Maintenance maintenance = Maintenance.builder(store)
                        .pollInterval(Duration.ofMinutes(5))
                        .build()
                        .start();
                TestServer server =
                        TestServer.start(MaintenanceFilter.builder(maintenance).build())) {
            HttpResponse<String> response = get(server, "/orders");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("Fri, 31 Dec 9999 23:59:59 GMT");
        }
    }

    @Test
    void retryAfterOnADayWithOneDigitHasTwoDigitsAsRfc9110Requires() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, stateJson("2030-12-01T10:00:00Z"), StandardCharsets.UTF_8);
        Clock clock = Clock.fixed(Instant.parse("2030-11-30T10:00:00Z"), ZoneOffset.UTC);
        try (FileStateStore store = FileStateStore.builder(file).clock(clock).build();
                Maintenance maintenance = Maintenance.builder(store)
                        .clock(clock)
                        .pollInterval(Duration.ofMinutes(5))
                        .build()
                        .start();
                TestServer server =
                        TestServer.start(MaintenanceFilter.builder(maintenance).build())) {
            HttpResponse<String> response = get(server, "/orders");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("Sun, 01 Dec 2030 10:00:00 GMT");
        }
    }

    private static String stateJson(String until) {
        return """
                {"enabled":true,"mode":"full","reason":"hostile","since":"2026-01-01T00:00:00Z","until":"%s","statusCode":503,"version":7}
                """.formatted(until);
    }

    private static HttpResponse<String> get(TestServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url(path)))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
