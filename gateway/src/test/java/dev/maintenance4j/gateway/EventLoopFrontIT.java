package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.testing.servers.UpstreamApp;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's public listener with a real upstream (the Node app): one client connection whose requests go
 * different ways (to the app on the event loop, to Jetty behind, answered by maintenance) gets its answers in
 * order; a connection opened before maintenance is decided again on its next request; what Jetty decides knows
 * the real client; a request Netty cannot read gets one line saying what to change.
 */
class EventLoopFrontIT {

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.node();

    @TempDir
    Path directory;

    private RunningGateway gateway;

    @BeforeEach
    void startGateway() {
        gateway = RunningGateway.start(APP.baseUri(), directory, "--timeout", "5s");
    }

    @AfterEach
    void stopGateway() throws Exception {
        gateway.close();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWhicheverWayEachGoes() throws Exception {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "GET /status/418 HTTP/1.1\r\nHost: a\r\n\r\n" // the app, on the event loop
                            + "GET /maintenance/api/status HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\n\r\n" // Jetty
                            + "GET /headers HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"); // the app again
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int teapot = all.indexOf("HTTP/1.1 418");
            int admin = all.indexOf("HTTP/1.1 401");
            int headers = all.indexOf("HTTP/1.1 200");
            assertThat(teapot).as(all).isGreaterThanOrEqualTo(0);
            assertThat(admin).as(all).isGreaterThan(teapot);
            assertThat(headers).as(all).isGreaterThan(admin);
            assertThat(all.substring(headers).toLowerCase(Locale.ROOT)).contains("\"x-forwarded-for\":\"127.0.0.1\"");
        }
    }

    @Test
    void aConnectionOpenedBeforeMaintenanceIsDecidedAgainOnItsNextRequest() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/orders HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");

            gateway.admin("POST", "down", "{\"reason\":\"Database upgrade\"}");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(gateway.get("/").statusCode()).isEqualTo(503));

            send(socket, "GET / HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n");
            String page = readResponse(socket.getInputStream());
            assertThat(page).startsWith("HTTP/1.1 503").contains("Database upgrade");

            gateway.admin("POST", "up", "{}");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(gateway.get("/").statusCode()).isEqualTo(200));
            send(socket, "GET /api/orders HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void whatJettyDecidesKnowsTheClientTheListenerHandedOn() throws Exception {
        gateway.admin("POST", "down", "{\"reason\":\"Database upgrade\"}");
        HttpResponse<String> history = gateway.http.send(
                HttpRequest.newBuilder(URI.create(gateway.base() + "/maintenance/api/history?limit=1"))
                        .header("Authorization", "Bearer " + RunningGateway.TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // the audit names the address the change came from: the PROXY header's, not the Unix socket's
        assertThat(history.body()).contains("\"origin\":\"api 127.0.0.1\"");
    }

    @Test
    void aRequestTheListenerCannotReadGetsOneLineSayingWhatToChange() throws Exception {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "GET / HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\nX-Big: " + "a".repeat(20_000)
                            + "\r\n\r\n");
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 431").contains("send fewer or smaller headers");
        }
        try (Socket socket = connect()) {
            send(socket, "GET /" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 414").contains("shorten the URL");
        }
        assertThat(gateway.get("/api/orders").statusCode()).isEqualTo(200);
    }

    @Test
    void http10ClientsAreServedThroughJettyAndTheirConnectionEnds() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/orders HTTP/1.0\r\n\r\n");
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.").contains(" 200 ").contains("\"orders\"");
        }
    }

    @Test
    void stoppingLetsARequestInProgressFinishAndTakesNoNewConnection() throws Exception {
        RunningGateway stopping = RunningGateway.start(APP.baseUri(), directory.resolve("stopping"), "--timeout", "5s");
        int port = stopping.gateway.port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            send(socket, "GET /slow?ms=1500 HTTP/1.1\r\nHost: a\r\n\r\n");
            Thread.sleep(500); // the request is with the app
            stopping.close();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"slept\":1500");
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aKeptAliveConnectionWithNoNextRequestIsClosedAfterTheIdleTimeout() throws Exception {
        try (RunningGateway idle =
                        RunningGateway.start(APP.baseUri(), directory.resolve("idle"), "--idle-timeout", "1s");
                Socket socket = new Socket("127.0.0.1", idle.gateway.port())) {
            socket.setSoTimeout(10_000);
            send(socket, "GET /api/orders HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read())
                    .as("closed by the gateway")
                    .isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
        }
    }

    private Socket connect() throws Exception {
        Socket socket = new Socket("127.0.0.1", gateway.gateway.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String requests) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response with a Content-Length body (or none), read off a kept-alive connection. */
    private static String readResponse(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the response ended early: %s", head).isNotNegative();
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        assertThat(headers.toLowerCase(Locale.ROOT)).as(headers).doesNotContain("transfer-encoding: chunked");
        return headers + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
