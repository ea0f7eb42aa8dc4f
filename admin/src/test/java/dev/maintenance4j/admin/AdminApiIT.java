package dev.maintenance4j.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.testing.TestServer;
import dev.maintenance4j.store.file.FileStateStore;
import dev.maintenance4j.test.EventStreamClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API and public status on a real Tomcat, over real HTTP. */
class AdminApiIT {

    private static final String TOKEN = "test-admin-token-0123456789";
    private static FileStateStore store;
    private static Maintenance maintenance;
    private static TestServer server;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        store = FileStateStore.builder(Files.createTempDirectory("admin-api").resolve("state.json"))
                .build();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMillis(200))
                .build()
                .start();
        MaintenanceAdminServlet admin = MaintenanceAdminServlet.builder(maintenance)
                .authenticator(BearerTokenAuthenticator.of("ops-token", TOKEN))
                .build();
        server = TestServer.start(MaintenanceFilter.builder(maintenance).build(), admin);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        maintenance.close();
        store.close();
    }

    @BeforeEach
    void up() throws Exception {
        post("/maintenance/api/disable", "{}");
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(String path) throws Exception {
        return get(path, "Authorization", "Bearer " + TOKEN);
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return post(path, json, "Bearer " + TOKEN);
    }

    private static HttpResponse<String> post(String path, String json, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> raw(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusedAdminTokensAreThrottledPerClient() throws Exception {
        // from ::1, so the other tests' client (127.0.0.1) is not affected
        Function<String, HttpRequest> status =
                token -> HttpRequest.newBuilder(URI.create(server.ipv6Url("/maintenance/api/status")))
                        .header("Authorization", "Bearer " + token)
                        .build();
        for (int i = 0; i < 10; i++) {
            assertThat(http.send(status.apply("wrong-token-guess-" + i), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
        }
        assertThat(admin("/maintenance/api/status").statusCode())
                .as("another client is not affected")
                .isEqualTo(200);
        HttpResponse<String> throttled = http.send(status.apply(TOKEN), HttpResponse.BodyHandlers.ofString());
        assertThat(throttled.statusCode())
                .as("not even a right token is checked for a minute")
                .isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(json(throttled).get("message").stringValue()).contains("wait a minute");
    }

    @Test
    void stateChangingCallsMustBeJsonAndFromThisSite() throws Exception {
        long version = json(admin("/maintenance/api/status")).get("version").longValue();
        // a plain form or a "simple" cross-site request can not send application/json
        assertThat(raw("/maintenance/api/enable", "").statusCode())
                .as("no Content-Type")
                .isEqualTo(415);
        assertThat(raw("/maintenance/api/enable", "reason=x", "Content-Type", "application/x-www-form-urlencoded")
                        .statusCode())
                .isEqualTo(415);
        assertThat(raw("/maintenance/api/notify/test", "{}", "Content-Type", "text/plain")
                        .statusCode())
                .isEqualTo(415);
        HttpResponse<String> unsupported =
                raw("/maintenance/api/buffer/drain", "", "Content-Type", "multipart/form-data; boundary=x");
        assertThat(unsupported.statusCode()).isEqualTo(415);
        assertThat(json(unsupported).get("message").stringValue()).contains("Content-Type: application/json");
        // a browser's own word on where the call comes from
        HttpResponse<String> foreign = raw(
                "/maintenance/api/enable", "{}", "Content-Type", "application/json", "Origin", "https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(json(foreign).get("message").stringValue()).contains("cross-site");
        assertThat(raw(
                                "/maintenance/api/enable",
                                "{}",
                                "Content-Type",
                                "application/json",
                                "Sec-Fetch-Site",
                                "cross-site")
                        .statusCode())
                .isEqualTo(403);
        assertThat(raw(
                                "/maintenance/api/enable",
                                "{}",
                                "Content-Type",
                                "application/json",
                                "Sec-Fetch-Site",
                                "same-site")
                        .statusCode())
                .isEqualTo(403);
        assertThat(json(admin("/maintenance/api/status")).get("version").longValue())
                .as("nothing changed")
                .isEqualTo(version);
        // this site's own page, and clients that are no browser, go on
        String self = server.url("/").replaceAll("/$", "");
        assertThat(raw(
                                "/maintenance/api/enable",
                                "{}",
                                "Content-Type",
                                "application/json; charset=UTF-8",
                                "Origin",
                                self)
                        .statusCode())
                .isEqualTo(200);
        assertThat(raw(
                                "/maintenance/api/disable",
                                "{}",
                                "Content-Type",
                                "application/json",
                                "Sec-Fetch-Site",
                                "same-origin")
                        .statusCode())
                .isEqualTo(200);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    @Test
    void enableStatusAndDisableWithAnAuditedActor() throws Exception {
        HttpResponse<String> enabled = post(
                "/maintenance/api/enable",
                "{\"reason\":\"Migrating\",\"mode\":\"read-only\",\"duration\":\"30m\",\"retryAfter\":120,\"allow\":[\"10.0.0.0/8\"],\"generateSecret\":true}");
        assertThat(enabled.statusCode()).isEqualTo(200);
        JsonNode after = json(enabled);
        assertThat(after.get("active").booleanValue()).isTrue();
        assertThat(after.get("mode").stringValue()).isEqualTo("read-only");
        assertThat(after.get("secret").stringValue()).hasSize(32);
        assertThat(after.get("changed").booleanValue()).isTrue();

        JsonNode status = json(admin("/maintenance/api/status"));
        assertThat(status.get("reason").stringValue()).isEqualTo("Migrating");
        assertThat(status.get("message").stringValue()).isEqualTo("Migrating");
        assertThat(status.get("allowed")).extracting(JsonNode::stringValue).containsExactly("10.0.0.0/8");
        assertThat(status.get("estimatedCompletion").isString()).isTrue();
        assertThat(status.get("store").get("reachable").booleanValue()).isTrue();
        assertThat(status.get("blockedOperations"))
                .extracting(n -> n.get("operationClass").stringValue())
                .contains("READ", "WRITE", "ADMIN");
        assertThat(status.toString()).doesNotContain(after.get("secret").stringValue());

        assertThat(post("/maintenance/api/allow", "{\"entries\":[\"192.0.2.0/24\",\"::1\"]}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(json(post("/maintenance/api/disallow", "{\"entries\":[\"10.0.0.0/8\"]}"))
                        .get("allowed"))
                .extracting(JsonNode::stringValue)
                .containsExactly("192.0.2.0/24", "::1");
        assertThat(json(post("/maintenance/api/disable", "{}")).get("active").booleanValue())
                .isFalse();

        JsonNode history = json(admin("/maintenance/api/history?limit=4"));
        assertThat(history).hasSize(4);
        assertThat(history.get(0).get("action").stringValue()).isEqualTo("up");
        assertThat(history.get(0).get("actor").stringValue()).isEqualTo("ops-token");
        assertThat(history.get(0).get("origin").stringValue()).isEqualTo("api 127.0.0.1");
        assertThat(history.get(3).get("action").stringValue()).isEqualTo("down");
    }

    @Test
    void requestsWithoutAValidTokenGet401AndChangeNothing() throws Exception {
        long version = json(admin("/maintenance/api/status")).get("version").longValue();
        for (String auth : new String[] {null, "Bearer wrong-token-wrong-token", "Basic dXNlcjpwYXNz", "Bearer "}) {
            HttpResponse<String> response = post("/maintenance/api/enable", "{}", auth);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(json(response).get("status").intValue()).isEqualTo(401);
        }
        assertThat(get("/maintenance/api/status").statusCode()).isEqualTo(401);
        assertThat(json(admin("/maintenance/api/status")).get("version").longValue())
                .isEqualTo(version);
    }

    @Test
    void malformedBodiesGet400NamingTheField() throws Exception {
        long version = json(admin("/maintenance/api/status")).get("version").longValue();
        String[][] cases = {
            {"{\"mode\":\"sideways\"}", "mode", "unknown mode 'sideways'"},
            {"{\"duration\":\"soon\"}", "duration", "is not a duration"},
            {"{\"retryAfter\":-5}", "retryAfter", ""},
            {"{\"allow\":[\"10.0.0.1/8\"]}", "allow", "did you mean 10.0.0.0/8"},
            {"{\"allow\":\"10.0.0.0/8\"}", "allow", "must be an array"},
            {"{\"redirect\":\"//evil.example\"}", "redirect", "local path"},
            {"{\"status\":42}", "status", "status must be one of [200, 403, 404, 410, 423, 429, 500, 502, 503, 504]"},
            {"{\"status\":302}", "status", "but was 302"},
            {"{\"duration\":\"PT9999999999999H\"}", "duration", "duration must be at most 366d"},
            {"{\"duration\":\"3000000d\"}", "duration", "at most 366d"},
            {"{\"until\":\"+PT2000000000000000H\"}", "until", "too far in the future"},
            {"{\"retryAfter\":\"30\"}", "retryAfter", "has no unit"},
            {"{\"clear\":[\"mode\"]}", "clear", "not a setting that can be cleared"},
            {"{\"clear\":[\"until\"],\"duration\":\"1h\"}", null, "give until or clear it, not both"},
            {"{\"secret\":\"short\"}", "secret", "16 to 128"},
            {"{\"reason\":7}", "reason", "must be a string"},
            {"{\"bogus\":true}", "bogus", "unknown field 'bogus'"},
            {"{\"expectedVersion\":\"x\"}", "expectedVersion", "non-negative integer"},
            {"{\"duration\":\"10m\",\"until\":\"+1h\"}", "until", "not both"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = post("/maintenance/api/enable", c[0]);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            JsonNode error = json(response);
            assertThat(error.path("field").isString() ? error.get("field").stringValue() : null)
                    .as(c[0])
                    .isEqualTo(c[1]);
            assertThat(error.get("message").stringValue()).as(c[0]).contains(c[2]);
        }
        HttpResponse<String> notJson = post("/maintenance/api/enable", "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("message").stringValue()).startsWith("malformed JSON");
        assertThat(post("/maintenance/api/allow", "{\"entries\":[]}").statusCode())
                .isEqualTo(400);
        assertThat(admin("/maintenance/api/history?limit=0").statusCode()).isEqualTo(400);
        assertThat(json(admin("/maintenance/api/status")).get("version").longValue())
                .isEqualTo(version);
    }

    @Test
    void staleVersionsGet409() throws Exception {
        long version = json(admin("/maintenance/api/status")).get("version").longValue();
        assertThat(post("/maintenance/api/enable", "{\"reason\":\"first\",\"expectedVersion\":" + version + "}")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> stale =
                post("/maintenance/api/enable", "{\"reason\":\"second\",\"expectedVersion\":" + version + "}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).get("message").stringValue()).contains("expected version " + version);
        assertThat(json(admin("/maintenance/api/status")).get("reason").stringValue())
                .isEqualTo("first");
    }

    @Test
    void publicStatusShowsOnlyWhatABannerNeedsAndRevalidatesCheaply() throws Exception {
        post(
                "/maintenance/api/enable",
                "{\"reason\":\"Back soon\",\"until\":\"+1h\",\"allow\":[\"10.0.0.0/8\"],\"generateSecret\":true}");
        HttpResponse<String> first = get("/maintenance/status.json");
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode status = json(first);
        assertThat(status.get("active").booleanValue()).isTrue();
        assertThat(status.get("message").stringValue()).isEqualTo("Back soon");
        assertThat(status.get("until").isString()).isTrue();
        assertThat(first.body()).doesNotContain("10.0.0.0", "secret", "actor");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/maintenance/status.json", "If-None-Match", etag).statusCode())
                .isEqualTo(304);

        post("/maintenance/api/disable", "{}");
        post("/maintenance/api/enable", "{\"startsAt\":\"+2h\",\"duration\":\"1h\"}");
        HttpResponse<String> changed = get("/maintenance/status.json", "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        JsonNode scheduled = json(changed);
        assertThat(scheduled.get("active").booleanValue()).isFalse();
        assertThat(scheduled.get("upcoming").get("startsAt").isString()).isTrue();
    }

    @Test
    void blockedOperationsAndHealth() throws Exception {
        post("/maintenance/api/enable", "{\"mode\":\"read-only\"}");
        assertThat(get("/orders").statusCode()).isEqualTo(200);
        HttpRequest write = HttpRequest.newBuilder(URI.create(server.url("/orders")))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        assertThat(http.send(write, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(503);
        JsonNode writeOps = null;
        for (JsonNode op : json(admin("/maintenance/api/blocked-operations"))) {
            if (op.get("operationClass").stringValue().equals("WRITE")) {
                writeOps = op;
            }
            if (op.get("operationClass").stringValue().equals("READ")) {
                assertThat(op.get("blocked").booleanValue()).isFalse();
            }
        }
        assertThat(writeOps).isNotNull();
        assertThat(writeOps.get("blocked").booleanValue()).isTrue();
        assertThat(writeOps.get("attempts").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(writeOps.get("lastMinute").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(Instant.parse(writeOps.get("lastBlockedAt").stringValue()))
                .isAfter(Instant.now().minusSeconds(60));

        HttpResponse<String> health = admin("/maintenance/api/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").stringValue()).isEqualTo("UP");
        assertThat(json(health).get("active").booleanValue()).isTrue();
    }

    @Test
    void serverSentEventsDeliverEveryChange() throws Exception {
        EventStreamClient events = EventStreamClient.open(http, server.url("/maintenance/api/events"), TOKEN);
        HttpResponse<InputStream> stream = events.response();
        List<String> data = events.data();
        await().atMost(Duration.ofSeconds(5)).until(() -> !data.isEmpty());
        assertThat(JsonMapper.shared().readTree(data.get(0)).get("active").booleanValue())
                .isFalse();

        // a change made elsewhere (straight into the store, as the CLI or another instance would) arrives
        MaintenanceControl.of(store, Clock.systemUTC())
                .enable(EnableOptions.builder().reason("from elsewhere").build(), new Actor("cli", "test"));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(data).anySatisfy(d -> {
                    JsonNode event = JsonMapper.shared().readTree(d);
                    assertThat(event.get("active").booleanValue()).isTrue();
                    assertThat(event.get("reason").stringValue()).isEqualTo("from elsewhere");
                }));
        events.close();
    }

    @Test
    void wrongMethodsAndUnknownEndpoints() throws Exception {
        assertThat(admin("/maintenance/api/enable").statusCode()).isEqualTo(405);
        assertThat(admin("/maintenance/api/nope").statusCode()).isEqualTo(404);
        assertThat(post("/maintenance/status.json", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void enableCanWaitForEveryInstanceAndDoesNotWaitForItself() throws Exception {
        HttpResponse<String> enabled = post("/maintenance/api/enable", "{\"reason\":\"waited\",\"wait\":\"10s\"}");
        assertThat(enabled.statusCode()).isEqualTo(200);
        JsonNode wait = json(enabled).get("wait");
        assertThat(wait.get("done").booleanValue()).as(enabled.body()).isTrue();
        assertThat(wait.get("instances")).hasSize(1);
        assertThat(json(admin("/maintenance/api/instances")))
                .hasSize(1)
                .allSatisfy(i -> assertThat(i.get("live").booleanValue()).isTrue());
        assertThat(post("/maintenance/api/enable", "{\"wait\":\"soon\"}").statusCode())
                .isEqualTo(400);
    }
}
