package dev.maintenance4j.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.AdminAuthenticator;
import dev.maintenance4j.admin.BearerTokenAuthenticator;
import dev.maintenance4j.admin.StatusContributor;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.test.EventStreamClient;
import dev.maintenance4j.test.InMemoryStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API, page, public status and event stream on a real Reactor Netty server, in front of the
 * maintenance WebFilter: the same protocol the servlet serves, over real HTTP.
 */
class MaintenanceAdminWebFilterIT {

    private static final String TOKEN = "reactive-admin-token-0123456789";
    private static final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static InMemoryStateStore store;
    private static Maintenance maintenance;
    private static MaintenanceAdminWebFilter admin;
    private static DisposableServer server;

    @BeforeAll
    static void start() {
        store = new InMemoryStateStore();
        maintenance = Maintenance.builder(store)
                .policy(MaintenancePolicy.custom().exemptPaths(List.of()).build())
                .pollInterval(Duration.ofMinutes(5))
                .build()
                .start();
        AdminAuthenticator byRole =
                request -> request.remoteUser() != null && request.isUserInRole("ops") ? request.remoteUser() : null;
        admin = MaintenanceAdminWebFilter.builder(maintenance)
                .authenticator(BearerTokenAuthenticator.of("ops-token", TOKEN).or(byRole))
                .roles(TestSignIn::roles)
                .statusContributor(StatusContributor.of(
                        "answeredOn", () -> Thread.currentThread().getName()))
                .build();
        MaintenanceWebFilter filter = MaintenanceWebFilter.builder(maintenance).build();
        HttpHandler handler = WebHttpHandlerBuilder.webHandler(MaintenanceAdminWebFilterIT::application)
                .filters(filters -> filters.addAll(List.of(TestSignIn.filter(), admin, filter)))
                .build();
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
        admin.close();
        maintenance.close();
    }

    @BeforeEach
    void up() throws Exception {
        assertThat(post("/maintenance/api/up", "{}").statusCode()).isEqualTo(200);
    }

    private static Mono<Void> application(ServerWebExchange exchange) {
        exchange.getResponse().setStatusCode(HttpStatus.OK);
        return exchange.getResponse()
                .writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap("application".getBytes())));
    }

    @Test
    void theApiChangesTheStateAndTheAuditNamesTheAdminAndClient() throws Exception {
        HttpResponse<String> down = post("/maintenance/api/down", "{\"reason\":\"reactive deploy\"}");
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(json(down).get("active").booleanValue()).isTrue();
        assertThat(maintenance.state().enabled()).isTrue();
        assertThat(get("/orders").statusCode())
                .as("the application is in maintenance")
                .isEqualTo(503);
        assertThat(get("/maintenance/api/status", "Authorization", "Bearer " + TOKEN)
                        .statusCode())
                .as("admins still reach the API")
                .isEqualTo(200);
        AuditRecord record = store.history(1).get(0);
        assertThat(record.change().action()).isEqualTo("down");
        assertThat(record.change().actor()).isEqualTo("ops-token");
        assertThat(record.change().origin()).isEqualTo("api 127.0.0.1");
        assertThat(record.after().reason()).isEqualTo("reactive deploy");

        HttpResponse<String> history = get("/maintenance/api/history?limit=1", "Authorization", "Bearer " + TOKEN);
        assertThat(json(history).get(0).get("action").stringValue()).isEqualTo("down");
        assertThat(post("/maintenance/api/up", "{}").statusCode()).isEqualTo(200);
        assertThat(get("/orders").body()).isEqualTo("application");
    }

    @Test
    void refusalsAreTheServletsOwn() throws Exception {
        HttpResponse<String> anonymous = get("/maintenance/api/status");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"maintenance\"");
        assertThat(json(anonymous).get("message").stringValue()).contains("admin token");
        assertThat(get("/maintenance/api/status", "Authorization", "Bearer wrong-token-0123456789")
                        .statusCode())
                .isEqualTo(401);
        long version = maintenance.state().version();
        assertThat(send("/maintenance/api/down", "{}", "Authorization", "Bearer " + TOKEN)
                        .statusCode())
                .as("no JSON content type")
                .isEqualTo(415);
        HttpResponse<String> foreign = send(
                "/maintenance/api/down",
                "{}",
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                "application/json",
                "Origin",
                "https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> badField = post("/maintenance/api/down", "{\"mode\":\"sideways\"}");
        assertThat(badField.statusCode()).isEqualTo(400);
        assertThat(json(badField).get("field").stringValue()).isEqualTo("mode");
        HttpResponse<String> tooLong = post("/maintenance/api/down", "{\"reason\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).get("message").stringValue()).contains("at most");
        assertThat(get("/maintenance/api/down", "Authorization", "Bearer " + TOKEN)
                        .statusCode())
                .isEqualTo(405);
        assertThat(get("/maintenance/api/nope", "Authorization", "Bearer " + TOKEN)
                        .statusCode())
                .isEqualTo(404);
        assertThat(maintenance.state().version()).as("nothing changed").isEqualTo(version);
    }

    @Test
    void aSignedInUserWithAnAdminRoleMayUseTheApi() throws Exception {
        assertThat(get("/maintenance/api/status", "X-Test-User", "alice:ops").statusCode())
                .isEqualTo(200);
        assertThat(get("/maintenance/api/status", "X-Test-User", "bob:user").statusCode())
                .isEqualTo(401);
    }

    @Test
    void thePageAndThePublicStatus() throws Exception {
        HttpResponse<String> redirect = get("/maintenance");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/maintenance/");
        HttpResponse<String> page = get("/maintenance/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(page.body()).contains("<html");

        HttpResponse<String> status = get("/maintenance/status.json");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status).get("active").booleanValue()).isFalse();
        String etag = status.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/maintenance/status.json", "If-None-Match", etag).statusCode())
                .isEqualTo(304);
    }

    @Test
    void serverSentEventsDeliverEveryChange() throws Exception {
        try (EventStreamClient events = EventStreamClient.open(http, url("/maintenance/api/events"), TOKEN)) {
            assertThat(events.response().statusCode()).isEqualTo(200);
            assertThat(events.response().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            List<String> data = events.data();
            await().atMost(Duration.ofSeconds(5)).until(() -> !data.isEmpty());
            assertThat(JsonMapper.shared().readTree(data.get(0)).get("active").booleanValue())
                    .isFalse();
            assertThat(post("/maintenance/api/down", "{\"reason\":\"streamed\"}")
                            .statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(data).anySatisfy(d -> {
                        JsonNode event = JsonMapper.shared().readTree(d);
                        assertThat(event.get("active").booleanValue()).isTrue();
                        assertThat(event.get("reason").stringValue()).isEqualTo("streamed");
                    }));
        }
    }

    @Test
    void theApiAnswersOffTheEventLoop() throws Exception {
        // a change with "wait" blocks until every instance applied it: the API must never run on a Netty thread
        HttpResponse<String> status = get("/maintenance/api/status", "Authorization", "Bearer " + TOKEN);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status).get("answeredOn").stringValue())
                .startsWith("boundedElastic")
                .doesNotContain("reactor-http");
        HttpResponse<String> waited = post("/maintenance/api/down", "{\"reason\":\"waited\",\"wait\":\"10s\"}");
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(json(waited).get("active").booleanValue()).isTrue();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return send(path, json, "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    }

    private static HttpResponse<String> send(String path, String body, String... headers) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(15))
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }
}
