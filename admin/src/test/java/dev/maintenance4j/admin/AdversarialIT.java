package dev.maintenance4j.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.testing.TestServer;
import dev.maintenance4j.store.file.FileStateStore;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adversarial review's black-box probes, kept as one suite: a filter behind a trusted proxy that
 * appends {@code X-Forwarded-For}, an admin API with a token, full maintenance with an allow-list and a
 * secret. Every probe must be refused without a 5xx and without changing the state.
 */
class AdversarialIT {

    private static final String TOKEN = "adversarial-admin-token-0123456789";
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FileStateStore store;
    private static Maintenance maintenance;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        store = FileStateStore.builder(Files.createTempDirectory("adversarial").resolve("state.json"))
                .build();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMillis(200))
                .build()
                .start();
        MaintenanceAdminServlet admin = MaintenanceAdminServlet.builder(maintenance)
                .authenticator(BearerTokenAuthenticator.of("ops", TOKEN))
                .trustedProxies(List.of("127.0.0.1"))
                .build();
        server = TestServer.start(
                MaintenanceFilter.builder(maintenance)
                        .options(HttpOptions.builder()
                                .trustedProxies(List.of("127.0.0.1"))
                                .build())
                        .build(),
                admin);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        maintenance.close();
        store.close();
    }

    @BeforeEach
    void fullMaintenanceWithAnAllowListAndASecret() throws Exception {
        assertThat(api(
                                "POST",
                                "/maintenance/api/enable",
                                "{\"mode\":\"full\",\"allow\":[\"203.0.113.5\"],\"generateSecret\":true}")
                        .statusCode())
                .isEqualTo(200);
        maintenance.view().refresh();
    }

    private static HttpResponse<String> api(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (!List.of(headers).contains("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long version() throws Exception {
        HttpResponse<String> status = http.send(
                HttpRequest.newBuilder(URI.create(server.url("/maintenance/api/status")))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JsonMapper.shared().readTree(status.body()).get("version").longValue();
    }

    /** Sends raw bytes, so no client cleans the path up on the way. */
    private static int raw(String requestLine, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: x\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream()
                    .write(request.append("Connection: close\r\n\r\n")
                            .toString()
                            .getBytes(StandardCharsets.ISO_8859_1));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @Test
    void pathTricksTowardsExemptPathsReachNoBlockedRoute() throws Exception {
        for (String trick : List.of(
                "/orders/..;/actuator/health",
                "/orders/..;/..;/actuator/health/readiness",
                "/orders;/../actuator/health",
                "/orders/%2e%2e/actuator/health",
                "/orders/%2E%2E/%2e%2e/actuator/health",
                "/actuator/health/..;/../orders",
                "/maintenance/..;/orders",
                "/maintenance/%2e%2e/orders",
                "/maintenance;x=1/../orders",
                "/%2e/actuator/health",
                "//actuator/health/../../orders",
                "/orders%2f..%2factuator%2fhealth",
                "/orders%5c..%5cactuator%5chealth",
                "/health;/../orders",
                "/health/..;/orders",
                "/actuator/health%00/../orders")) {
            int status = raw("GET " + trick + " HTTP/1.1");
            assertThat(status)
                    .as(trick)
                    .isIn(400, 404, 503); // refused by the container, or the maintenance response: never the app
        }
    }

    @Test
    void aClientCanNotChooseItsAddressThroughTheOtherHeaderFamily() throws Exception {
        assertThat(raw("GET /orders HTTP/1.1", "Forwarded: for=203.0.113.5", "X-Forwarded-For: 198.51.100.9"))
                .isEqualTo(503);
        assertThat(raw("GET /orders HTTP/1.1", "X-Forwarded-For: 203.0.113.5, 198.51.100.9"))
                .isEqualTo(503);
        assertThat(raw("GET /orders HTTP/1.1", "X-Forwarded-For: 203.0.113.5"))
                .as("the allowed client through the proxy")
                .isEqualTo(200);
    }

    @Test
    void absurdValuesAreRefusedWithA400AndChangeNothing() throws Exception {
        long version = version();
        for (String body : List.of(
                "{\"duration\":\"3000000d\"}",
                "{\"duration\":\"PT9999999999999H\"}",
                "{\"until\":\"+PT2000000000000000H\"}",
                "{\"until\":\"+10000-01-01T00:00:00Z\"}",
                "{\"retryAfter\":\"99999999d\"}",
                "{\"status\":302}",
                "{\"status\":401}",
                "{\"redirect\":\"/caf\\u00e9\"}",
                "{\"redirect\":\"//evil.example\"}",
                "{\"clear\":[\"version\"]}")) {
            HttpResponse<String> response = api("POST", "/maintenance/api/enable", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            JsonNode error = JsonMapper.shared().readTree(response.body());
            assertThat(error.get("message").stringValue()).as(body).isNotBlank();
        }
        assertThat(version()).isEqualTo(version);
    }

    @Test
    void crossSiteAndNonJsonChangesAreRefused() throws Exception {
        long version = version();
        assertThat(api("POST", "/maintenance/api/disable", "{}", "Origin", "https://evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(api("POST", "/maintenance/api/disable", "{}", "Sec-Fetch-Site", "cross-site")
                        .statusCode())
                .isEqualTo(403);
        for (String type :
                List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            assertThat(api("POST", "/maintenance/api/disable", "{}", "Content-Type", type)
                            .statusCode())
                    .as(type)
                    .isEqualTo(415);
            assertThat(api("POST", "/maintenance/api/buffer/drain", "{}", "Content-Type", type)
                            .statusCode())
                    .as(type)
                    .isEqualTo(415);
            assertThat(api("POST", "/maintenance/api/notify/test", "{}", "Content-Type", type)
                            .statusCode())
                    .as(type)
                    .isEqualTo(415);
        }
        assertThat(version()).isEqualTo(version);
    }
}
