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
import dev.maintenance4j.testing.servers.ExternalServer;
import dev.maintenance4j.testing.servers.ProxyConfig;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a proxy in front of an application must show with the documented configuration asking
 * maintenance4j's decision endpoint: a real proxy binary, a real application (embedded Tomcat, no
 * maintenance4j in it) and the decision endpoint in another Tomcat that trusts only {@code 127.0.0.1},
 * the proxy's address. The test's client connects over {@code ::1}, so it is never mistaken for the proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProxyDecisionContract {

    private static final String SECRET = "proxy-secret-0123456789abcdef";
    private static final Path DOCS = Path.of("..", "docs", "proxies");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final List<ExternalServer> proxies = new ArrayList<>();
    private FileStateStore store;
    private Maintenance maintenance;
    private Tomcat application;
    private Tomcat decisions;
    private int proxyPort;

    /** The documented configuration file, in docs/proxies. */
    abstract String configFile();

    /** A proxy running {@code config} (rendered with its own port), not yet launched. */
    abstract ExternalServer proxy(ProxyConfig config, int applicationPort, int maintenancePort, String... switchedOn);

    /** The headers the proxy sends the original request in. */
    abstract OriginalRequestHeaders headers();

    /** What the proxy answers when it can not ask maintenance4j, as the documentation says. */
    abstract int failClosedStatus();

    @BeforeAll
    void start() throws Exception {
        store = FileStateStore.builder(
                        Files.createTempDirectory("proxy-decisions").resolve("state.json"))
                .build();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMillis(100))
                .build()
                .start();
        application = tomcat(new ApplicationServlet(), "/*");
        MaintenanceFilter filter = MaintenanceFilter.builder(maintenance)
                .options(HttpOptions.builder()
                        .trustedProxies(List.of("127.0.0.1/32"))
                        .build())
                .build();
        decisions = tomcat(MaintenanceDecisionServlet.builder(filter, headers()).build(), "/maintenance/decide");
        ExternalServer proxy = launch(proxy(config(), port(application), port(decisions)));
        proxyPort = proxy.port();
    }

    @AfterEach
    void switchOff() {
        maintenance.control().disable(new Actor("test", "test"));
        await().until(() -> !maintenance.state().enabled());
    }

    @AfterAll
    void stop() throws Exception {
        for (ExternalServer proxy : proxies) {
            proxy.shutdown();
        }
        decisions.stop();
        decisions.destroy();
        application.stop();
        application.destroy();
        maintenance.close();
        store.close();
    }

    @Test
    void normalTrafficPassesWhileOff() throws Exception {
        HttpResponse<String> page = get("/orders?page=2", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("app GET /orders?page=2");
        HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":1}"))
                .header("Content-Type", "application/json"));
        assertThat(write.statusCode()).isEqualTo(200);
        assertThat(write.body()).isEqualTo("app POST /orders body {\"item\":1}");
    }

    @Test
    void maintenanceAnswersWithThePageOrJsonAndRetryAfter() throws Exception {
        down(EnableOptions.builder()
                .reason("Database upgrade")
                .retryAfter(Duration.ofMinutes(10))
                .build());
        HttpResponse<String> page = get("/orders", "text/html");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).hasValue("600");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Database upgrade").doesNotContain("app GET");
        HttpResponse<String> json = get("/api/orders", "application/json");
        assertThat(json.statusCode()).isEqualTo(503);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json.body()).contains("\"message\":\"Database upgrade\"", "\"retryAfterSeconds\":600");
        HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .header("Accept", "application/json"));
        assertThat(write.statusCode()).isEqualTo(503);
    }

    @Test
    void theSecretUrlSetsTheBypassCookieThroughTheProxyThenPasses() throws Exception {
        down(EnableOptions.builder().secret(SECRET).build());
        HttpResponse<String> secret = get("/" + SECRET, "text/html");
        assertThat(secret.statusCode()).isEqualTo(302);
        assertThat(secret.headers().firstValue("Location")).hasValue("/");
        String setCookie = secret.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("maintenance_bypass=").contains("HttpOnly");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> through = send(
                HttpRequest.newBuilder(uri("/orders")).header("Cookie", cookie).header("Accept", "text/html"));
        assertThat(through.statusCode()).isEqualTo(200);
        assertThat(through.body()).isEqualTo("app GET /orders");
        assertThat(get("/orders", "text/html").statusCode())
                .as("without the cookie")
                .isEqualTo(503);
    }

    @Test
    void allowListedClientsPassThroughTheProxysForwardedHeader() throws Exception {
        down(EnableOptions.builder()
                .allowed(List.of(CidrBlock.parse("::1/128")))
                .build());
        HttpResponse<String> page = get("/orders", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("app GET /orders");
    }

    @Test
    void exemptPathsPass() throws Exception {
        down(EnableOptions.none());
        HttpResponse<String> health = get("/health", "application/json");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("app GET /health");
    }

    @Test
    void spoofedHeadersFromTheClientDoNotBypass() throws Exception {
        down(EnableOptions.builder()
                .allowed(List.of(CidrBlock.parse("10.9.9.9/32")))
                .build());
        HttpResponse<String> spoofed = send(HttpRequest.newBuilder(uri("/orders"))
                .header("Accept", "text/html")
                .header("X-Forwarded-For", "10.9.9.9")
                .header("Forwarded", "for=10.9.9.9")
                .header("X-Original-URI", "/health")
                .header("X-Forwarded-Uri", "/health")
                .header("X-Original-Method", "GET"));
        assertThat(spoofed.statusCode()).isEqualTo(503);
        HttpResponse<String> direct = http.send(
                HttpRequest.newBuilder(URI.create("http://[::1]:" + port(decisions) + "/maintenance/decide"))
                        .header("X-Original-URI", "/health")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode())
                .as("the endpoint asked by anyone but the proxy")
                .isEqualTo(403);
        assertThat(direct.body()).contains("answers only the trusted proxies");
    }

    @Test
    void whenMaintenance4jCanNotBeAskedTheProxyFailsClosedAsDocumented() throws Exception {
        ExternalServer proxy = launch(proxy(config(), port(application), closedPort()));
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://[::1]:" + proxy.port() + "/orders"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(failClosedStatus());
        assertThat(answer.body()).doesNotContain("app GET");
    }

    private void down(EnableOptions options) {
        down(maintenance, options);
    }

    /** Turns maintenance on with {@code options} and waits until {@code maintenance} has applied it. */
    static void down(Maintenance maintenance, EnableOptions options) {
        long version = maintenance
                .control()
                .enable(options, new Actor("test", "test"))
                .after()
                .version();
        await().until(() -> maintenance.state().version() >= version);
    }

    ExternalServer launch(ExternalServer proxy) throws Exception {
        proxy.launch();
        proxies.add(proxy);
        return proxy;
    }

    ProxyConfig config() throws IOException {
        return ProxyConfig.read(DOCS.resolve(configFile()));
    }

    int applicationPort() {
        return port(application);
    }

    HttpResponse<String> get(String path, String accept) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
        return http;
    }

    private URI uri(String path) {
        return URI.create("http://[::1]:" + proxyPort + path);
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int port(Tomcat tomcat) {
        return tomcat.getConnector().getLocalPort();
    }

    static Tomcat tomcat(Servlet servlet, String mapping) throws Exception {
        Path base = Files.createTempDirectory("tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "::");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "servlet", servlet);
        context.addServletMappingDecoded(mapping, "servlet");
        tomcat.start();
        return tomcat;
    }

    /** The application behind the proxy: says what it got. */
    private static final class ApplicationServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String query = request.getQueryString();
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter()
                    .write("app " + request.getMethod() + " " + request.getRequestURI()
                            + (query == null ? "" : "?" + query) + (body.isEmpty() ? "" : " body " + body));
        }
    }
}
