package dev.maintenance4j.servlet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.servlet.MaintenanceDecisionServlet;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.OriginalRequestHeaders;
import dev.maintenance4j.store.file.FileStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The decision endpoint asked as Envoy's HTTP {@code ext_authz} asks, with docs/proxies/envoy.yaml's
 * settings. Envoy is not a Debian package, so no Envoy runs here: the test reads the documented file's
 * {@code path_prefix}, {@code allowed_headers} and status mapping, and sends what Envoy's ext_authz HTTP
 * client (source/extensions/filters/common/ext_authz/ext_authz_http_impl.cc) builds from a client's
 * request: the original method, the prefix followed by the original path and query, {@code Content-Length:
 * 0}, and only the allowed headers. It checks the answers against what that client does with them: only
 * {@code 200} lets a request through, a {@code 5xx} becomes Envoy's own error (so the endpoint must not send
 * one), anything else goes to the client with its headers and body, and the documented mapper restores the
 * {@code 503}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvoyExtAuthzRequestIT {

    private static final String SECRET = "envoy-secret-0123456789abcdef";
    private static final Path CONFIG = Path.of("..", "docs", "proxies", "envoy.yaml");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private FileStateStore store;
    private Maintenance maintenance;
    private Tomcat decisions;
    private String pathPrefix;
    private List<String> allowedHeaders;
    private int mappedStatus;
    private int restoredStatus;

    @BeforeAll
    void start() throws Exception {
        JsonNode config = new YAMLMapper().readTree(Files.readString(CONFIG));
        pathPrefix = config.findValue("path_prefix").asString();
        allowedHeaders = new ArrayList<>();
        for (JsonNode pattern : config.findValue("allowed_headers").get("patterns")) {
            allowedHeaders.add(pattern.get("exact").asString());
        }
        JsonNode mapper = config.findValue("local_reply_config").get("mappers").get(0);
        mappedStatus = mapper.findValue("status_code_filter")
                .findValue("default_value")
                .asInt();
        restoredStatus = mapper.get("status_code").asInt();

        store = FileStateStore.builder(
                        Files.createTempDirectory("envoy-decisions").resolve("state.json"))
                .build();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMillis(100))
                .build()
                .start();
        MaintenanceFilter filter = MaintenanceFilter.builder(maintenance)
                .options(HttpOptions.builder()
                        .trustedProxies(List.of("127.0.0.1/32"))
                        .build())
                .build();
        decisions = ProxyDecisionContract.tomcat(
                MaintenanceDecisionServlet.builder(filter, OriginalRequestHeaders.ENVOY)
                        .build(),
                "/maintenance/decide/*");
    }

    @AfterEach
    void switchOff() {
        maintenance.control().disable(new Actor("test", "test"));
        await().until(() -> !maintenance.state().enabled());
    }

    @AfterAll
    void stop() throws Exception {
        decisions.stop();
        decisions.destroy();
        maintenance.close();
        store.close();
    }

    @Test
    void theDocumentedConfigurationAsksTheEndpointAndMapsItsStatusBack() {
        assertThat(pathPrefix).isEqualTo("/maintenance/decide");
        assertThat(allowedHeaders).contains("cookie", "accept", "x-forwarded-for");
        assertThat(mappedStatus).isEqualTo(OriginalRequestHeaders.ENVOY.answerStatus(503));
        assertThat(restoredStatus).isEqualTo(503);
    }

    @Test
    void requestsPassWithTheOnlyStatusEnvoyLetsThrough() throws Exception {
        HttpResponse<String> answer = ask("GET", "/orders?page=2", Map.of("accept", "text/html"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(ask("POST", "/orders", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void maintenanceAnswersThePageAndJsonWithAStatusEnvoyPassesOnAndTheRealOneNamed() throws Exception {
        down(EnableOptions.builder()
                .reason("Database upgrade")
                .retryAfter(Duration.ofMinutes(10))
                .build());
        HttpResponse<String> page = ask("GET", "/orders", Map.of("accept", "text/html"));
        assertThat(page.statusCode()).as("a 5xx would become Envoy's own 403").isLessThan(500);
        assertThat(envoyClientStatus(page)).isEqualTo(503);
        assertThat(page.headers().firstValue(MaintenanceDecisionServlet.STATUS_HEADER))
                .hasValue("503");
        assertThat(page.headers().firstValue("Retry-After")).hasValue("600");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Database upgrade");

        HttpResponse<String> json = ask("GET", "/api/orders", Map.of("accept", "application/json"));
        assertThat(envoyClientStatus(json)).isEqualTo(503);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json.body()).contains("\"message\":\"Database upgrade\"", "\"retryAfterSeconds\":600");

        assertThat(envoyClientStatus(ask("POST", "/orders", Map.of("accept", "application/json"))))
                .as("the original method is the question's own")
                .isEqualTo(503);
    }

    @Test
    void theSecretUrlSetsTheBypassCookieThenTheCookiePasses() throws Exception {
        down(EnableOptions.builder().secret(SECRET).build());
        HttpResponse<String> secret = ask("GET", "/" + SECRET, Map.of("accept", "text/html"));
        assertThat(secret.statusCode()).isEqualTo(302);
        assertThat(secret.headers().firstValue("Location")).hasValue("/");
        String setCookie = secret.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("maintenance_bypass=").contains("HttpOnly");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(ask("GET", "/orders", Map.of("cookie", cookie, "accept", "text/html"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(envoyClientStatus(ask("GET", "/orders", Map.of("accept", "text/html"))))
                .as("without the cookie")
                .isEqualTo(503);
    }

    @Test
    void exemptPathsAndAllowListedClientsPass() throws Exception {
        down(EnableOptions.builder()
                .allowed(List.of(CidrBlock.parse("10.1.2.3/32")))
                .build());
        assertThat(ask("GET", "/health", Map.of()).statusCode()).isEqualTo(200);
        assertThat(ask("GET", "/orders", Map.of("x-forwarded-for", "10.1.2.3")).statusCode())
                .isEqualTo(200);
        assertThat(envoyClientStatus(ask("GET", "/orders", Map.of("x-forwarded-for", "10.1.2.4"))))
                .isEqualTo(503);
    }

    @Test
    void onlyThePathIsDecidedOn() throws Exception {
        down(EnableOptions.none());
        HttpResponse<String> spoofed = send(request("GET", "http://127.0.0.1:" + port() + pathPrefix + "/orders")
                .header("X-Original-URI", "/health")
                .header("X-Forwarded-Uri", "/health"));
        assertThat(envoyClientStatus(spoofed)).isEqualTo(503);
        assertThat(envoyClientStatus(ask("GET", "/health/%2e%2e/orders", Map.of())))
                .as("an encoded path the application could route elsewhere gets no path-based pass")
                .isEqualTo(503);
        assertThat(ask("GET", "/health%2F..%2Forders", Map.of()).statusCode())
                .as("refused by the container itself")
                .isEqualTo(400);
    }

    @Test
    void aQuestionWithoutAPathOrFromAnotherPeerIsRefused() throws Exception {
        HttpResponse<String> bare = send(request("GET", "http://127.0.0.1:" + port() + pathPrefix));
        assertThat(bare.statusCode()).isEqualTo(400);
        assertThat(bare.body()).contains("the path after /maintenance/decide");
        HttpResponse<String> direct = send(request("GET", "http://[::1]:" + port() + pathPrefix + "/health"));
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(direct.body()).contains("answers only the trusted proxies");
    }

    /** What the client would get from Envoy: a denied status, after the documented mapper. */
    private int envoyClientStatus(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as("a 5xx would become Envoy's own 403").isLessThan(500);
        assertThat(answer.statusCode()).as("200 would let the request through").isNotEqualTo(200);
        return answer.statusCode() == mappedStatus ? restoredStatus : answer.statusCode();
    }

    /** Envoy's question for a client's {@code method original}: only the allowed headers go with it. */
    private HttpResponse<String> ask(String method, String original, Map<String, String> clientHeaders)
            throws Exception {
        HttpRequest.Builder request = request(method, "http://127.0.0.1:" + port() + pathPrefix + original);
        clientHeaders.forEach((name, value) -> {
            if (allowedHeaders.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        return send(request);
    }

    private static HttpRequest.Builder request(String method, String uri) {
        // Envoy sends no body and Content-Length: 0, which the JDK's client sends for an empty body
        return HttpRequest.newBuilder(URI.create(uri)).method(method, HttpRequest.BodyPublishers.noBody());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void down(EnableOptions options) {
        ProxyDecisionContract.down(maintenance, options);
    }

    private int port() {
        return decisions.getConnector().getLocalPort();
    }
}
