package dev.maintenance4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.http.ForwardedHeader;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.operation.BlockedClasses;
import dev.maintenance4j.operation.OperationClass;
import dev.maintenance4j.operation.OperationRule;
import dev.maintenance4j.servlet.testing.TestServer;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.stats.BlockedAttempts;
import dev.maintenance4j.store.file.FileStateStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The filter on a real Tomcat, driven over real HTTP (IPv4 and IPv6 loopback). */
class MaintenanceFilterIT {

    private static final OperationClass EXPORT = OperationClass.of("EXPORT", "Exports");

    private static Path dir;
    private static FileStateStore store;
    private static Maintenance maintenance;
    private static TestServer direct;
    private static TestServer behindProxy;
    private static TestServer behindRfc7239Proxy;
    private static final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final BypassSecret.Generated secret = BypassSecret.generate(new SecureRandom());

    @BeforeAll
    static void startServers() throws Exception {
        dir = Files.createTempDirectory("filter-it");
        store = FileStateStore.builder(dir.resolve("state.json")).build();
        MaintenancePolicy policy = MaintenancePolicy.custom()
                .adminRoles(List.of("ops"))
                .rules(List.of(OperationRule.parse("GET /exports/** = EXPORT")))
                .blocked(Mode.READ_ONLY, BlockedClasses.of(OperationClass.WRITE, EXPORT))
                .build();
        maintenance = Maintenance.builder(store)
                .policy(policy)
                .pollInterval(Duration.ofMinutes(5))
                .build()
                .start();
        direct = TestServer.start(MaintenanceFilter.builder(maintenance)
                .options(HttpOptions.builder().secretAttemptsPerMinute(5).build())
                .build());
        behindProxy = TestServer.start(MaintenanceFilter.builder(maintenance)
                .options(HttpOptions.builder()
                        .trustedProxies(List.of("127.0.0.1", "::1"))
                        .secretAttemptsPerMinute(5)
                        .build())
                .build());
        behindRfc7239Proxy = TestServer.start(MaintenanceFilter.builder(maintenance)
                .options(HttpOptions.builder()
                        .trustedProxies(List.of("127.0.0.1", "::1"))
                        .forwardedHeader(ForwardedHeader.FORWARDED)
                        .build())
                .build());
    }

    @AfterAll
    static void stopServers() throws Exception {
        direct.close();
        behindProxy.close();
        behindRfc7239Proxy.close();
        maintenance.close();
        store.close();
    }

    @BeforeEach
    void maintenanceOff() {
        write(MaintenanceState.off().toBuilder());
    }

    private static void set(UnaryOperator<MaintenanceState.Builder> settings) {
        write(settings.apply(
                MaintenanceState.builder().enabled(true).mode(Mode.FULL).since(Instant.now())));
    }

    private static void write(MaintenanceState.Builder next) {
        MaintenanceState current = store.read();
        store.compareAndSet(current.version(), next.build(), new Change("test", "it", "test", Instant.now()));
        maintenance.view().refresh();
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        return send("GET", url, headers);
    }

    private static HttpResponse<String> send(String method, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookieValue(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') > 0 ? c.indexOf(';') : c.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
    }

    @Test
    void anAsynchronousWriteIsInFlightUntilItsResponseCompletes() throws Exception {
        CompletableFuture<HttpResponse<String>> write = http.sendAsync(
                HttpRequest.newBuilder(URI.create(direct.url("/async?millis=1500")))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> maintenance.inFlight().writes() == 1);
        Thread.sleep(500); // the servlet returned at once; its response is still being written
        assertThat(write).isNotDone();
        assertThat(maintenance.inFlight().writes())
                .as("counted until the asynchronous response completes")
                .isEqualTo(1);
        assertThat(write.get(10, TimeUnit.SECONDS).body()).isEqualTo("async done");
        await().atMost(Duration.ofSeconds(5)).until(() -> maintenance.inFlight().writes() == 0);
    }

    @Test
    void aWriteDispatchedAgainAsynchronouslyCountsOnce() throws Exception {
        CompletableFuture<HttpResponse<String>> write = http.sendAsync(
                HttpRequest.newBuilder(URI.create(direct.url("/async-dispatch?millis=1200")))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long most = 0;
        while (!write.isDone()) {
            most = Math.max(most, maintenance.inFlight().writes());
            Thread.sleep(5);
        }
        assertThat(write.get().body()).isEqualTo("async dispatched");
        assertThat(most)
                .as("the filter ran twice (request and async dispatch) for one write")
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> maintenance.inFlight().writes() == 0);
    }

    @Test
    void anAdmittedWriteCompletesWhenMaintenanceBeginsBeforeItsAsyncDispatch() throws Exception {
        CompletableFuture<HttpResponse<String>> write = http.sendAsync(
                HttpRequest.newBuilder(URI.create(direct.url("/async-dispatch?millis=1200")))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> maintenance.inFlight().writes() == 1);
        set(b -> b.reason("begins while the write is running"));

        HttpResponse<String> response = write.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("async dispatched");
        assertThat(send("POST", direct.url("/async-dispatch?millis=10")).statusCode())
                .as("a new write is refused")
                .isEqualTo(503);
    }

    @Test
    void offPassesEverythingThrough() throws Exception {
        HttpResponse<String> response = get(direct.url("/orders"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("app GET /orders");
    }

    @Test
    void blockedBrowsersGetTheHtmlPageWithEveryHeader() throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        set(b -> b.reason("Upgrading <db> & \"friends\"").until(until).refresh(Duration.ofSeconds(60)));
        HttpResponse<String> response =
                get(direct.url("/orders"), "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
        assertThat(response.headers().firstValue("Refresh")).hasValue("60");
        String retryAfter = response.headers().firstValue("Retry-After").orElseThrow();
        assertThat(ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant())
                .isEqualTo(until);
        assertThat(response.body())
                .contains("Upgrading &lt;db&gt; &amp; &quot;friends&quot;")
                .doesNotContain("<db>");
        assertThat(response.body())
                .contains(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                        .withZone(ZoneOffset.UTC)
                        .format(until));
    }

    @Test
    void retryAfterIsInSecondsWhenNoEndIsKnownAndTheStatusIsConfigurable() throws Exception {
        set(b -> b.retryAfter(Duration.ofSeconds(120)).statusCode(502));
        HttpResponse<String> response = get(direct.url("/orders"));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(response.headers().firstValue("Refresh")).isEmpty();
    }

    @Test
    void apiClientsGetJsonByAcceptOrByPath() throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        set(b -> b.reason("Migrating").until(until).mode(Mode.FULL));
        for (HttpResponse<String> response : List.of(
                get(direct.url("/orders"), "Accept", "application/json"),
                get(direct.url("/orders"), "Accept", "text/html;q=0.5, application/json"),
                get(direct.url("/api/orders")))) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode json = JsonMapper.shared().readTree(response.body());
            assertThat(json.get("status").intValue()).isEqualTo(503);
            assertThat(json.get("error").stringValue()).isEqualTo("Service Unavailable");
            assertThat(json.get("message").stringValue()).isEqualTo("Migrating");
            assertThat(json.get("mode").stringValue()).isEqualTo("full");
            assertThat(json.get("retryAfterSeconds").longValue()).isBetween(590L, 600L);
            assertThat(json.get("until").stringValue()).isEqualTo(until.toString());
        }
        assertThat(get(direct.url("/orders"), "Accept", "application/json;q=0.4, text/html")
                        .headers()
                        .firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    }

    @Test
    void headGetsTheHeadersWithoutABody() throws Exception {
        set(b -> b.reason("Down"));
        HttpResponse<String> response = send("HEAD", direct.url("/orders"));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void redirectsBrowsersOnlyToLocalUnblockedPathsAndNeverJsonClients() throws Exception {
        set(b -> b.redirect("/health"));
        HttpResponse<String> browser = get(direct.url("/orders"));
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).hasValue("/health");
        assertThat(get(direct.url("/health")).statusCode()).isEqualTo(200);
        assertThat(get(direct.url("/orders"), "Accept", "application/json").statusCode())
                .isEqualTo(503);

        set(b -> b.redirect("/status-page")); // itself blocked: redirecting would loop
        assertThat(get(direct.url("/orders")).statusCode()).isEqualTo(503);
    }

    @Test
    void secretUrlSetsASignedCookieAndRedirectsLocally() throws Exception {
        set(b -> b.secret(secret.stored()));
        HttpResponse<String> viaPath = get(direct.url("/" + secret.secret()));
        assertThat(viaPath.statusCode()).isEqualTo(302);
        assertThat(viaPath.headers().firstValue("Location")).hasValue("/");
        String setCookie = viaPath.headers().allValues("Set-Cookie").get(0);
        assertThat(setCookie)
                .startsWith("maintenance_bypass=")
                .contains("HttpOnly", "SameSite=Lax", "Max-Age=43200", "Path=/")
                .doesNotContain("Secure");
        String cookie = cookieValue(viaPath, "maintenance_bypass");
        assertThat(get(direct.url("/orders"), "Cookie", "maintenance_bypass=" + cookie)
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> viaParameter =
                get(direct.url("/orders?maintenance_secret=" + secret.secret() + "&redirect=/orders/7"));
        assertThat(viaParameter.statusCode()).isEqualTo(302);
        assertThat(viaParameter.headers().firstValue("Location")).hasValue("/orders/7");

        for (String evil :
                List.of("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)")) {
            HttpResponse<String> response = get(direct.url("/orders?maintenance_secret=" + secret.secret()
                    + "&redirect=" + URLEncoder.encode(evil, StandardCharsets.UTF_8)));
            assertThat(response.headers().firstValue("Location")).as(evil).hasValue("/");
        }
        assertThat(get(
                                direct.url("/orders"),
                                "Cookie",
                                "maintenance_bypass=" + cookie.substring(0, cookie.length() - 2) + "xx")
                        .statusCode())
                .isEqualTo(503);
    }

    @Test
    void aRedirectParameterWithNonAsciiCharactersFallsBackToTheRoot() throws Exception {
        set(b -> b.secret(secret.stored()));
        HttpResponse<String> response =
                get(direct.url("/orders?maintenance_secret=" + secret.secret() + "&redirect=/caf%C3%A9"));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/");
    }

    @Test
    void behindATlsTerminatingProxyTheBypassCookieIsSecure() throws Exception {
        set(b -> b.secret(secret.stored()));
        HttpResponse<String> viaProxy = get(behindProxy.url("/" + secret.secret()), "X-Forwarded-Proto", "https");
        assertThat(viaProxy.headers().allValues("Set-Cookie").get(0)).contains("Secure");
        HttpResponse<String> spoofed = get(direct.url("/" + secret.secret()), "X-Forwarded-Proto", "https");
        assertThat(spoofed.headers().allValues("Set-Cookie").get(0))
                .as("not from a trusted proxy")
                .doesNotContain("Secure");
    }

    @Test
    void aPathTheApplicationCouldRouteElsewhereGetsNoPathBasedPass() throws Exception {
        set(b -> b.mode(Mode.READ_ONLY));
        assertThat(get(direct.url("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        for (String ambiguous : List.of(
                "/api/orders/..;/..;/actuator/health/readiness",
                "/orders;jsessionid=x",
                "/api/orders/%2e%2e/%2e%2e/actuator/health/readiness",
                "/a%2fb",
                "/a%5cb")) {
            int status = get(direct.url(ambiguous)).statusCode();
            assertThat(status).as(ambiguous).isNotEqualTo(200).isIn(400, 404, 503);
        }
        // a GET of an unambiguous path passes in read-only mode
        assertThat(get(direct.url("/orders")).statusCode()).isEqualTo(200);
    }

    @Test
    void aBrowsersIconLookupsNeverLockItsClientOutOfTheSecretUrl() throws Exception {
        set(b -> b.secret(secret.stored()));
        String client = "X-Forwarded-For";
        for (int i = 0; i < 12; i++) {
            for (String lookup :
                    List.of("/apple-touch-icon-precomposed.png", "/android-chrome-192x192.png", "/browserconfig.xml")) {
                assertThat(get(behindProxy.url(lookup), client, "198.51.100.30").statusCode())
                        .isEqualTo(503);
            }
        }
        assertThat(get(behindProxy.url("/" + secret.secret()), client, "198.51.100.30")
                        .statusCode())
                .isEqualTo(302);
    }

    @Test
    void aCookieStopsWorkingWhenTheSecretRotates() throws Exception {
        set(b -> b.secret(secret.stored()));
        String cookie = cookieValue(get(direct.url("/" + secret.secret())), "maintenance_bypass");
        set(b -> b.secret(BypassSecret.generate(new SecureRandom()).stored()));
        assertThat(get(direct.url("/orders"), "Cookie", "maintenance_bypass=" + cookie)
                        .statusCode())
                .isEqualTo(503);
    }

    @Test
    void exemptPathsPassAndAdminRolesBypass() throws Exception {
        set(b -> b);
        assertThat(get(direct.url("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        assertThat(get(direct.url("/maintenance/status.json")).statusCode()).isEqualTo(200);
        assertThat(get(direct.url("/orders"), "X-Test-Role", "ops").statusCode())
                .isEqualTo(200);
        assertThat(get(direct.url("/orders"), "X-Test-Role", "user").statusCode())
                .isEqualTo(503);
    }

    @Test
    void allowListedClientsPassOnIpv4AndIpv6() throws Exception {
        set(b -> b.allowed(IpAllowList.parse(List.of("::1"))));
        assertThat(get(direct.ipv6Url("/orders")).statusCode()).isEqualTo(200);
        assertThat(get(direct.url("/orders")).statusCode()).isEqualTo(503);
        set(b -> b.allowed(IpAllowList.parse(List.of("127.0.0.0/8"))));
        assertThat(get(direct.url("/orders")).statusCode()).isEqualTo(200);
        assertThat(get(direct.ipv6Url("/orders")).statusCode()).isEqualTo(503);
    }

    @Test
    void forwardedHeadersCountOnlyFromTrustedProxies() throws Exception {
        set(b -> b.allowed(IpAllowList.parse(List.of("203.0.113.5", "2001:db8::5"))));
        // spoofed by a client that is not a trusted proxy: ignored
        assertThat(get(direct.url("/orders"), "X-Forwarded-For", "203.0.113.5").statusCode())
                .isEqualTo(503);
        assertThat(get(direct.url("/orders"), "Forwarded", "for=203.0.113.5").statusCode())
                .isEqualTo(503);
        // from a trusted proxy: the rightmost untrusted hop is the client
        assertThat(get(behindProxy.url("/orders"), "X-Forwarded-For", "203.0.113.5")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(behindProxy.url("/orders"), "X-Forwarded-For", "203.0.113.5, 127.0.0.1")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(behindRfc7239Proxy.url("/orders"), "Forwarded", "for=\"[2001:db8::5]:4711\";proto=https")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(behindRfc7239Proxy.ipv6Url("/orders"), "Forwarded", "for=192.0.2.1, for=203.0.113.5")
                        .statusCode())
                .isEqualTo(200);
        // a client prepending an allowed address to the chain does not get through
        assertThat(get(behindProxy.url("/orders"), "X-Forwarded-For", "203.0.113.5, 198.51.100.9")
                        .statusCode())
                .isEqualTo(503);
        assertThat(get(behindRfc7239Proxy.url("/orders"), "Forwarded", "for=203.0.113.5, for=unknown")
                        .statusCode())
                .isEqualTo(503);
        // only the configured family counts: a client's own Forwarded passed through a proxy that appends
        // X-Forwarded-For
        assertThat(get(behindProxy.url("/orders"), "Forwarded", "for=203.0.113.5", "X-Forwarded-For", "198.51.100.9")
                        .statusCode())
                .isEqualTo(503);
        assertThat(get(
                                behindRfc7239Proxy.url("/orders"),
                                "X-Forwarded-For",
                                "203.0.113.5",
                                "Forwarded",
                                "for=198.51.100.9")
                        .statusCode())
                .isEqualTo(503);
    }

    @Test
    void wrongSecretsAreRateLimitedPerClient() throws Exception {
        set(b -> b.secret(secret.stored()));
        String client = "X-Forwarded-For";
        for (int i = 0; i < 5; i++) {
            assertThat(get(
                                    behindProxy.url("/orders?maintenance_secret=wrong-guess-number-" + i),
                                    client,
                                    "198.51.100.20")
                            .statusCode())
                    .isEqualTo(503);
        }
        // the right secret is no longer even checked for this client...
        assertThat(get(behindProxy.url("/" + secret.secret()), client, "198.51.100.20")
                        .statusCode())
                .isEqualTo(503);
        // ...but another client is not affected
        assertThat(get(behindProxy.url("/" + secret.secret()), client, "198.51.100.21")
                        .statusCode())
                .isEqualTo(302);
    }

    @Test
    void testModeBlocksNothingCountsAndPreviewsOnRequest() throws Exception {
        set(b -> b.mode(Mode.TEST).reason("Dry run"));
        long before = totalBlocked(OperationClass.WRITE);
        assertThat(send("POST", direct.url("/orders")).statusCode()).isEqualTo(200);
        assertThat(totalBlocked(OperationClass.WRITE)).isEqualTo(before + 1);
        HttpResponse<String> preview = send("POST", direct.url("/orders"), HttpOptions.DEFAULT_PREVIEW_HEADER, "1");
        assertThat(preview.statusCode()).isEqualTo(503);
        assertThat(preview.body()).contains("Dry run");
    }

    @Test
    void readOnlyBlocksWritesAndHeavyClassesByRule() throws Exception {
        set(b -> b.mode(Mode.READ_ONLY));
        long exportsBefore = totalBlocked(EXPORT);
        assertThat(get(direct.url("/orders")).statusCode()).isEqualTo(200);
        assertThat(send("OPTIONS", direct.url("/orders")).statusCode()).isEqualTo(200);
        assertThat(send("POST", direct.url("/orders")).statusCode()).isEqualTo(503);
        assertThat(send("DELETE", direct.url("/orders/1")).statusCode()).isEqualTo(503);
        assertThat(get(direct.url("/exports/all.csv")).statusCode()).isEqualTo(503);
        assertThat(totalBlocked(EXPORT)).isEqualTo(exportsBefore + 1);
        BlockedAttempts.Snapshot write = maintenance.blockedAttempts().snapshot(OperationClass.WRITE, Instant.now());
        assertThat(write.lastMinute()).isGreaterThanOrEqualTo(2);
        assertThat(write.lastBlockedAt()).isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void emergencyInvalidatesTheSessionsOfRefusedUsers() throws Exception {
        String userSession = cookieValue(get(direct.url("/session")), "JSESSIONID");
        String adminSession = cookieValue(get(direct.url("/session")), "JSESSIONID");
        String fullModeSession = cookieValue(get(direct.url("/session")), "JSESSIONID");

        set(b -> b.mode(Mode.FULL));
        assertThat(get(direct.url("/orders"), "Cookie", "JSESSIONID=" + fullModeSession)
                        .statusCode())
                .isEqualTo(503);
        set(b -> b.mode(Mode.EMERGENCY));
        assertThat(get(direct.url("/orders"), "Cookie", "JSESSIONID=" + userSession)
                        .statusCode())
                .isEqualTo(503);
        assertThat(get(direct.url("/orders"), "Cookie", "JSESSIONID=" + adminSession, "X-Test-Role", "ops")
                        .statusCode())
                .isEqualTo(200);

        maintenanceOff();
        assertThat(get(direct.url("/session/check"), "Cookie", "JSESSIONID=" + userSession)
                        .body())
                .isEqualTo("session gone");
        assertThat(get(direct.url("/session/check"), "Cookie", "JSESSIONID=" + adminSession)
                        .body())
                .isEqualTo("session alive");
        assertThat(get(direct.url("/session/check"), "Cookie", "JSESSIONID=" + fullModeSession)
                        .body())
                .isEqualTo("session alive");
    }

    @Test
    void inAnEmergencyOnlyAdminsMayStaySignedInEvenBehindABypass() throws Exception {
        set(b -> b.mode(Mode.EMERGENCY).allowed(IpAllowList.parse(List.of("127.0.0.1"))));
        assertThat(get(direct.url("/orders")).statusCode())
                .as("anonymous, allow-listed")
                .isEqualTo(200);
        assertThat(get(direct.url("/orders"), "X-Test-User", "alice", "X-Test-Role", "ops")
                        .statusCode())
                .as("admin")
                .isEqualTo(200);
        HttpResponse<String> user = get(direct.url("/orders"), "X-Test-User", "bob", "Accept", "application/json");
        assertThat(user.statusCode()).isEqualTo(503);
        assertThat(user.body()).contains("only administrators can sign in");
        set(b -> b.mode(Mode.FULL).allowed(IpAllowList.parse(List.of("127.0.0.1"))));
        assertThat(get(direct.url("/orders"), "X-Test-User", "bob").statusCode())
                .as("full mode keeps bypasses for users")
                .isEqualTo(200);
    }

    private static long totalBlocked(OperationClass operationClass) {
        BlockedAttempts.Snapshot snapshot = maintenance.blockedAttempts().snapshot(operationClass, Instant.now());
        return snapshot == null ? 0 : snapshot.total();
    }
}
