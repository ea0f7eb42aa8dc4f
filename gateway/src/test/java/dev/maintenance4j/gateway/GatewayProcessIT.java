package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.testing.servers.UpstreamApp;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as operators run it: its own JVM ({@code GatewayCommand}, the main class of {@code bin/gateway}),
 * in front of the Node app, driven by {@code maint}, killed with SIGKILL.
 */
class GatewayProcessIT {

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.node();

    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    @TempDir
    Path directory;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private GatewayProcess gateway;

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void hundredMegabyteUploadsAndDownloadsStreamThroughAGatewayWithA64MegabyteHeap() throws Exception {
        start("--buffer", "POST /api/orders");
        // upload: a 100 MB body generated as it is sent, never whole in this JVM either
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        HttpResponse<String> upload = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/upload"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(patterned(HUNDRED_MB, sent)), HUNDRED_MB))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(upload.body())
                .contains("\"bytes\":" + HUNDRED_MB)
                .contains(HexFormat.of().formatHex(sent.digest()));

        HttpResponse<InputStream> download = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/download?mb=100")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        long received = 0;
        try (InputStream in = download.body()) {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                received += n;
            }
        }
        assertThat(received).isEqualTo(HUNDRED_MB);
        assertThat(gateway.process().isAlive())
                .as("the gateway survived with -Xmx64m")
                .isTrue();
    }

    @Test
    void bufferedWritesSurviveASigkillOfTheGatewayAndLandInOrderAfterMaintUp() throws Exception {
        start("--buffer", "POST /api/orders");
        String store = gateway.base() + "/maintenance/api";
        GatewayProcess.maint("--store", store, "down", "--reason", "Database upgrade");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/").statusCode() == 503);

        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String item = "order-" + i;
            HttpResponse<String> accepted = post("/api/orders", "{\"item\":\"" + item + "\"}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            items.add("\"" + item + "\"");
        }
        gateway.kill();
        gateway.start(); // same port, store and buffer directory
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/").statusCode() == 503);
        assertThat(orders()).doesNotContain("order-1\"");
        GatewayProcess.maint("--store", store, "up");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(orders()).containsSubsequence(items.toArray(String[]::new)));
        assertThat(orders().split("\"item\"").length - 1)
                .as("each exactly once")
                .isEqualTo(20);
    }

    @Test
    void badArgumentsExitTwoWithOneLineAndStartupFailuresExitOne() throws Exception {
        Result noUpstream = run(List.of("--port", "0"));
        assertThat(noUpstream.code()).isEqualTo(2);
        assertThat(noUpstream.err().strip())
                .isEqualTo("gateway: give the service to stand in front of with --upstream http://HOST:PORT, or "
                        + "--decide to answer your own proxy's questions");

        Result badRoute = run(List.of("--upstream", APP.baseUri(), "--port", "0", "--buffer", "POST"));
        assertThat(badRoute.code()).isEqualTo(2);
        assertThat(badRoute.err()).contains("a route is a method and a path, such as 'POST /api/orders'");

        Result noLoops = run(List.of("--upstream", APP.baseUri(), "--port", "0", "--event-loops", "0"));
        assertThat(noLoops.code()).isEqualTo(2);
        assertThat(noLoops.err().strip())
                .isEqualTo("gateway: --event-loops must be 1 or more, not 0; leave it out for half the processors");

        Result badStore = run(List.of("--upstream", APP.baseUri(), "--port", "0", "--store", "nosuch://x"));
        assertThat(badStore.code()).isEqualTo(1);
        assertThat(badStore.err().strip().lines())
                .last()
                .asString()
                .startsWith("gateway: cannot open the state store 'nosuch://x'")
                .contains("set --store to");
    }

    private record Result(int code, String err) {}

    private Result run(List<String> args) throws Exception {
        Process process = GatewayProcess.command(args, environment())
                .redirectErrorStream(false)
                .start();
        process.getOutputStream().close();
        byte[] err = process.getErrorStream().readAllBytes();
        process.getInputStream().readAllBytes();
        return new Result(process.waitFor(), new String(err, StandardCharsets.UTF_8));
    }

    private void start(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--upstream", APP.baseUri()));
        args.addAll(List.of(options));
        gateway = GatewayProcess.start(environment(), directory.resolve("gateway.log"), args.toArray(String[]::new));
    }

    private Map<String, String> environment() {
        return Map.of(
                "MAINTENANCE4J_STORE",
                "file:" + directory.resolve("state.json"),
                "MAINTENANCE4J_BUFFER_DIR",
                directory.resolve("buffer").toString());
    }

    private String base() {
        return gateway.base();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String orders() throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(APP.baseUri() + "/api/orders"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** {@code length} bytes of a repeating pattern, digested as they are read. */
    private static Supplier<InputStream> patterned(long length, MessageDigest digest) {
        return () -> new InputStream() {
            private long left = length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((length - left + i) % 251);
                }
                digest.update(b, off, n);
                left -= n;
                return n;
            }
        };
    }
}
