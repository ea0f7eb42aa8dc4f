package dev.maintenance4j.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.decision.Decision;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.test.InMemoryStateStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The WebFlux filter on a real Reactor Netty server, over real HTTP: every mode, the responses, the
 * bypasses, the secret URL and cookie, sign-out in an emergency, and writes in flight.
 */
class MaintenanceWebFilterIT {

    private static final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final BypassSecret.Generated secret = BypassSecret.generate(new SecureRandom());
    private static final CountDownLatch slowWriteRelease = new CountDownLatch(1);

    private static InMemoryStateStore store;
    private static Maintenance maintenance;
    private static DisposableServer server;

    @BeforeAll
    static void start() {
        store = new InMemoryStateStore();
        maintenance = Maintenance.builder(store)
                .policy(MaintenancePolicy.custom()
                        .adminRoles(List.of("ops"))
                        .addExemptPaths("/health")
                        .build())
                .pollInterval(Duration.ofMinutes(5))
                .build()
                .start();
        MaintenanceWebFilter filter = MaintenanceWebFilter.builder(maintenance)
                .options(HttpOptions.builder()
                        .trustedProxies(List.of("127.0.0.1", "::1"))
                        .secretAttemptsPerMinute(3)
                        .build())
                .roles(principal -> TestSignIn.roles(principal))
                .build();
        HttpHandler handler = WebHttpHandlerBuilder.webHandler(MaintenanceWebFilterIT::application)
                .filters(filters -> filters.addAll(List.of(TestSignIn.filter(), filter)))
                .build();
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
    }

    @AfterAll
    static void stop() {
        slowWriteRelease.countDown();
        server.disposeNow();
        maintenance.close();
    }

    @BeforeEach
    void maintenanceOff() {
        write(MaintenanceState.off().toBuilder());
    }

    /** The application: echoes the request, keeps a session, and holds {@code POST /slow} until released. */
    private static Mono<Void> application(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        Mono<Void> hold = path.equals("/slow")
                ? Mono.fromRunnable(MaintenanceWebFilterIT::awaitRelease)
                        .subscribeOn(Schedulers.boundedElastic())
                        .then()
                : Mono.empty();
        return exchange.getSession()
                .doOnNext(session -> {
                    if (path.equals("/login")) {
                        session.getAttributes().put("user", "signed-in");
                    }
                })
                .flatMap(session -> hold.then(Mono.defer(() -> {
                    exchange.getResponse().setStatusCode(HttpStatus.OK);
                    String body = "app " + exchange.getRequest().getMethod() + " " + path + " session="
                            + session.getAttributes().getOrDefault("user", "none");
                    return exchange.getResponse()
                            .writeWith(Mono.just(exchange.getResponse()
                                    .bufferFactory()
                                    .wrap(body.getBytes(StandardCharsets.UTF_8))));
                })));
    }

    private static void awaitRelease() {
        try {
            slowWriteRelease.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The application's own sign-in, as a security layer would give it: {@code X-Test-User: name:role,role}. */
    private static void set(UnaryOperator<MaintenanceState.Builder> settings) {
        write(settings.apply(
                MaintenanceState.builder().enabled(true).mode(Mode.FULL).since(Instant.now())));
    }

    private static void write(MaintenanceState.Builder next) {
        MaintenanceState current = store.read();
        store.compareAndSet(current.version(), next.build(), new Change("test", "it", "test", Instant.now()));
        maintenance.view().refresh();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';') > 0 ? c.indexOf(';') : c.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
    }

    @Test
    void offPassesEverythingThrough() throws Exception {
        assertThat(get("/orders").body()).startsWith("app GET /orders");
        assertThat(send("POST", "/orders").body()).startsWith("app POST /orders");
    }

    @Test
    void blockedBrowsersGetThePageAndApiClientsJsonWithEveryHeader() throws Exception {
        set(b -> b.reason("Database upgrade").until(Instant.now().plusSeconds(600)));
        HttpResponse<String> page = get("/orders", "Accept", "text/html,*/*;q=0.8");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
        assertThat(page.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(v).endsWith("GMT"));
        assertThat(page.body()).contains("Database upgrade").contains("Expected back at");

        HttpResponse<String> byAccept = get("/orders", "Accept", "application/json");
        assertThat(byAccept.statusCode()).isEqualTo(503);
        assertThat(byAccept.body()).contains("\"message\":\"Database upgrade\"", "\"mode\":\"full\"");
        assertThat(get("/api/orders").body()).as("API paths get JSON").startsWith("{");

        HttpResponse<String> head = send("HEAD", "/orders");
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void exemptPathsAndAdminRolesPassOthersDoNot() throws Exception {
        set(b -> b);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/health;x=1").statusCode())
                .as("a path the application could route elsewhere gets no path-based pass")
                .isEqualTo(503);
        assertThat(get("/orders", "X-Test-User", "ann:ops").statusCode()).isEqualTo(200);
        assertThat(get("/orders", "X-Test-User", "bob:sales").statusCode()).isEqualTo(503);
    }

    @Test
    void readOnlyBlocksWritesOnlyAndTestModePreviewsOnRequest() throws Exception {
        set(b -> b.mode(Mode.READ_ONLY));
        assertThat(get("/orders").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/orders").statusCode()).isEqualTo(503);

        set(b -> b.mode(Mode.TEST));
        assertThat(send("POST", "/orders").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/orders", HttpOptions.DEFAULT_PREVIEW_HEADER, "1")
                        .statusCode())
                .isEqualTo(503);
    }

    @Test
    void theSecretUrlSetsASignedCookieAndRedirectsOnlyLocally() throws Exception {
        set(b -> b.secret(secret.stored()));
        HttpResponse<String> viaPath = get("/" + secret.secret());
        assertThat(viaPath.statusCode()).isEqualTo(302);
        assertThat(viaPath.headers().firstValue("Location")).hasValue("/");
        assertThat(viaPath.headers().allValues("Set-Cookie").get(0))
                .startsWith("maintenance_bypass=")
                .contains("HttpOnly", "SameSite=Lax", "Max-Age=43200", "Path=/")
                .doesNotContain("Secure");
        String cookie = cookie(viaPath, "maintenance_bypass");
        assertThat(get("/orders", "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(get("/orders", "Cookie", cookie + "x").statusCode()).isEqualTo(503);

        HttpResponse<String> behindTls = get(
                "/orders?maintenance_secret=" + secret.secret() + "&redirect="
                        + URLEncoder.encode("//evil.example/x", StandardCharsets.UTF_8),
                "X-Forwarded-Proto",
                "https");
        assertThat(behindTls.headers().firstValue("Location"))
                .as("never an open redirect")
                .hasValue("/");
        assertThat(behindTls.headers().allValues("Set-Cookie").get(0))
                .as("a trusted proxy says the client used HTTPS")
                .contains("Secure");
    }

    @Test
    void wrongSecretsAreLimitedPerClient() throws Exception {
        set(b -> b.secret(secret.stored()));
        for (int i = 0; i < 3; i++) {
            assertThat(get("/orders?maintenance_secret=wrong" + i, "X-Forwarded-For", "198.51.100.20")
                            .statusCode())
                    .isEqualTo(503);
        }
        assertThat(get("/orders?maintenance_secret=" + secret.secret(), "X-Forwarded-For", "198.51.100.20")
                        .statusCode())
                .as("over the limit, even the right secret is not checked")
                .isEqualTo(503);
        assertThat(get("/orders?maintenance_secret=" + secret.secret(), "X-Forwarded-For", "198.51.100.21")
                        .statusCode())
                .as("another client")
                .isEqualTo(302);
    }

    @Test
    void allowListedClientsPassThroughTheTrustedProxyAndBrowsersAreRedirectedOnlyWhereTheyMayGo() throws Exception {
        set(b -> b.allowed(IpAllowList.parse(List.of("203.0.113.0/24"))).redirect("/health"));
        assertThat(get("/orders", "X-Forwarded-For", "203.0.113.9").statusCode())
                .isEqualTo(200);
        HttpResponse<String> stranger = get("/orders", "X-Forwarded-For", "198.51.100.1");
        assertThat(stranger.statusCode()).isEqualTo(302);
        assertThat(stranger.headers().firstValue("Location")).hasValue("/health");
        assertThat(get("/orders", "X-Forwarded-For", "198.51.100.1", "Accept", "application/json")
                        .statusCode())
                .as("API clients are never redirected")
                .isEqualTo(503);
    }

    @Test
    void inAnEmergencySignedInNonAdminsAreSignedOutEvenBehindABypass() throws Exception {
        String session = cookie(get("/login"), "SESSION");
        assertThat(get("/orders", "Cookie", session).body()).endsWith("session=signed-in");

        set(b -> b.mode(Mode.EMERGENCY).allowed(IpAllowList.parse(List.of("203.0.113.0/24"))));
        HttpResponse<String> refused = get(
                "/orders",
                "Cookie",
                session,
                "X-Test-User",
                "bob:sales",
                "X-Forwarded-For",
                "203.0.113.9",
                "Accept",
                "application/json");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains(Decision.ADMINS_ONLY_MESSAGE);
        assertThat(get("/orders", "Cookie", session, "X-Test-User", "ann:ops").body())
                .as("the session was ended")
                .endsWith("session=none");
    }

    @Test
    void aWriteIsInFlightUntilItsResponseCompletes() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                HttpRequest.newBuilder(URI.create(url("/slow")))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> maintenance.inFlight().writes() == 1);
        assertThat(get("/orders").statusCode()).isEqualTo(200);
        assertThat(maintenance.inFlight().writes()).as("reads do not count").isEqualTo(1);
        slowWriteRelease.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> maintenance.inFlight().writes() == 0);
    }
}
