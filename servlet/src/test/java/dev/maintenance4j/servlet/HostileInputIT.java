package dev.maintenance4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.servlet.testing.TestServer;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.store.file.FileStateStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests, sent as raw bytes so nothing is cleaned up on the way, never make the filter fail:
 * no 500, and the maintenance response (or the container's own 400) for each. The filter sits behind
 * a trusted-proxy configuration so forwarded headers are actually parsed.
 */
class HostileInputIT {

    private static FileStateStore store;
    private static Maintenance maintenance;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        store = FileStateStore.builder(Files.createTempDirectory("hostile").resolve("state.json"))
                .build();
        store.compareAndSet(
                0,
                MaintenanceState.builder()
                        .enabled(true)
                        .mode(Mode.EMERGENCY)
                        .reason("Hostile test")
                        .allowed(IpAllowList.parse(List.of("203.0.113.0/24")))
                        .secret(BypassSecret.generate(new SecureRandom()).stored())
                        .redirect("/health")
                        .build(),
                new Change("down", "it", "test", Instant.now()));
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMinutes(5))
                .build()
                .start();
        server = TestServer.start(MaintenanceFilter.builder(maintenance)
                .options(HttpOptions.builder()
                        .trustedProxies(List.of("127.0.0.1"))
                        .build())
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        maintenance.close();
        store.close();
    }

    static List<String> hostileRequests() {
        String longPath = "/a".repeat(3000);
        return List.of(
                "GET /orders HTTP/1.1\r\nHost: x\r\nForwarded: for=\"[::1\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nForwarded: for=;;;,,,=\"\"\"\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nForwarded: " + "for=1.2.3.4,".repeat(500) + "\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 999.1.1.1, ::::, [1.2.3.4]:x, %00\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: " + "203.0.113.1,".repeat(700) + "\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nCookie: maintenance_bypass=" + "A".repeat(6000) + "\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nCookie: maintenance_bypass=1.99999999999999999999.zz; ;;; =; a\"b=c\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nCookie: maintenance_bypass=\u00ff\u00fe\r\n\r\n",
                "GET /a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /a/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /%2e%2e/%2e%2e/x HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET " + longPath + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /caf%C3%A9/%E2%82%AC HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /orders?maintenance_secret=%ZZ&redirect=%0d%0aSet-Cookie:x HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /orders?maintenance_secret=" + "x".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nAccept: " + "application/json;q=".repeat(300) + "\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\nAccept: application/json;q=NaN\r\n\r\n",
                "BREW /orders HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: x\r\n" + HttpOptions.DEFAULT_PREVIEW_HEADER + ": \u0001\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("hostileRequests")
    void neverAServerError(String request) throws Exception {
        int status = statusOf(request);
        assertThat(status).isNotEqualTo(500).isIn(302, 400, 404, 414, 431, 503);
    }

    private static int statusOf(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            String statusLine = line.toString(StandardCharsets.ISO_8859_1);
            assertThat(statusLine).startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
