package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.testing.servers.NginxServer;
import dev.maintenance4j.testing.servers.ProxyConfig;
import dev.maintenance4j.testing.servers.UpstreamApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keep your proxy, with no JVM service at all: Debian's nginx with docs/proxies/nginx.conf in front of the
 * PHP app, asking a gateway started with {@code --decide x-original} and no upstream. The test's client
 * connects to nginx over {@code ::1}, so it is never mistaken for the trusted proxy on {@code 127.0.0.1}.
 */
class GatewayDecisionIT {

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.php();

    private static final String SECRET = "decide-secret-0123456789abcdef";

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private RunningGateway decisions;
    private NginxServer nginx;

    @BeforeEach
    void start() throws Exception {
        decisions = RunningGateway.start(
                null,
                directory,
                "--host",
                "::",
                "--decide",
                "x-original",
                "--trusted-proxy",
                "127.0.0.1/32",
                "--api-path",
                "/api/**");
        ProxyConfig config = ProxyConfig.read(Path.of("..", "docs", "proxies", "nginx.conf"));
        nginx = new NginxServer(port -> config.render(port, APP.port(), decisions.gateway.port()));
        nginx.launch();
    }

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.shutdown();
        }
        decisions.close();
    }

    @Test
    void nginxAsksTheGatewayAndPassesItsAnswersOn() throws Exception {
        assertThat(get("/", "text/html").body()).contains("served by php");

        decisions.admin("POST", "down", "{\"reason\":\"Database upgrade\",\"secret\":\"" + SECRET + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/", "text/html").statusCode() == 503);
        HttpResponse<String> page = get("/", "text/html");
        assertThat(page.body()).contains("Database upgrade");
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> json = get("/api/orders", "application/json");
        assertThat(json.statusCode()).isEqualTo(503);
        assertThat(json.body()).contains("\"message\":\"Database upgrade\"");

        HttpResponse<String> secret = get("/" + SECRET, "text/html");
        assertThat(secret.statusCode()).isEqualTo(302);
        String cookie = secret.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> through = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/"))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(through.statusCode()).isEqualTo(200);
        assertThat(through.body()).contains("served by php");

        HttpResponse<String> spoofed = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/"))
                        .header("X-Original-URI", "/maintenance/status.json")
                        .header("X-Forwarded-For", "127.0.0.1")
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(spoofed.statusCode())
                .as("a client's own X-Original-URI does not choose an exempt path")
                .isEqualTo(503);
    }

    @Test
    void theDecisionEndpointAnswersOnlyTheTrustedProxyAndTheGatewayProxiesNothing() throws Exception {
        HttpResponse<String> direct = http.send(
                HttpRequest.newBuilder(URI.create("http://[::1]:" + decisions.gateway.port() + "/maintenance/decide"))
                        .header("X-Original-URI", "/")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(decisions.get("/anything").statusCode()).isEqualTo(404);
    }

    @Test
    void nginxAsksOverAUnixSocketAsTheConfigurationsCommentedLineSays() throws Exception {
        Path socket = directory.resolve("decide.sock");
        Files.createFile(socket);
        assertThatThrownBy(() -> RunningGateway.start(
                        null,
                        directory,
                        "--decide",
                        "x-original",
                        "--trusted-proxy",
                        "127.0.0.1/32",
                        "--unix-socket",
                        socket.toString()))
                .hasMessageContaining("exists and is not a socket");
        Files.delete(socket);
        try (RunningGateway local = RunningGateway.start(
                null,
                Files.createDirectories(directory.resolve("local")),
                "--decide",
                "x-original",
                "--trusted-proxy",
                "127.0.0.1/32",
                "--unix-socket",
                socket.toString())) {
            ProxyConfig config = ProxyConfig.read(Path.of("..", "docs", "proxies", "nginx.conf"));
            NginxServer overSocket = new NginxServer(port -> config.render(port, APP.port(), local.gateway.port())
                    .replace("server 127.0.0.1:" + local.gateway.port() + ";", "server unix:" + socket + ";"));
            overSocket.launch();
            try {
                URI page = URI.create("http://[::1]:" + overSocket.port() + "/");
                assertThat(http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString())
                                .body())
                        .contains("served by php");
                local.admin("POST", "down", "{\"reason\":\"Over the socket\"}");
                await().atMost(Duration.ofSeconds(10))
                        .until(() ->
                                http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString())
                                                .statusCode()
                                        == 503);
                assertThat(http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString())
                                .body())
                        .contains("Over the socket");
            } finally {
                overSocket.shutdown();
            }
        }
        assertThat(socket).as("removed when the gateway stops").doesNotExist();
    }

    @Test
    void withDecideEnvoyTheOriginalPathFollowsTheEndpointsPath() throws Exception {
        try (RunningGateway envoy = RunningGateway.start(
                null,
                Files.createDirectories(directory.resolve("envoy")),
                "--decide",
                "envoy",
                "--trusted-proxy",
                "127.0.0.1/32")) {
            assertThat(envoy.get("/maintenance/decide/orders?page=2").statusCode())
                    .as("Envoy lets a request through on 200 only")
                    .isEqualTo(200);
            envoy.admin("POST", "down", "{\"reason\":\"Database upgrade\"}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> envoy.get("/maintenance/decide/orders").statusCode() == 429);
            HttpResponse<String> page = envoy.get("/maintenance/decide/orders", "Accept", "text/html");
            assertThat(page.headers().firstValue("X-Maintenance4j-Status")).hasValue("503");
            assertThat(page.body()).contains("Database upgrade");
        }
    }

    private String base() {
        return "http://[::1]:" + nginx.port();
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
