package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.testing.servers.UpstreamApp;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** WebSocket connections through the gateway to a real WebSocket app (Python's websockets), by the JDK's client. */
class WebSocketGatewayIT {

    static final String SECRET = "bypass-secret-0123456789abcdef";

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.websockets();

    @TempDir
    Path directory;

    RunningGateway gateway;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void startGateway() {
        gateway = RunningGateway.start(APP.baseUri(), directory, "--timeout", "5s");
    }

    @AfterEach
    void stopGateway() throws Exception {
        gateway.close();
    }

    @Test
    void messagesPassBothWaysWithTheUpstreamsSubProtocolAndTheForwardedHeaders() throws Exception {
        Received received = new Received();
        WebSocket socket = connect("/ws/echo", received, "Cookie", "flavour=mint");
        assertThat(socket.getSubprotocol()).isEqualTo("chat");
        assertThat(received.next()).isEqualTo("hello for=127.0.0.1 protocol=chat cookie=flavour=mint");

        socket.sendText("first", true).join();
        assertThat(received.next()).isEqualTo("first");
        socket.sendText("in two ", false).join();
        socket.sendText("fragments", true).join();
        assertThat(received.next()).isEqualTo("in two fragments");
        byte[] large = new byte[3 * 1024 * 1024 + 7]; // larger than a frame: split and joined again on the way
        new Random(42).nextBytes(large);
        socket.sendBinary(ByteBuffer.wrap(large), true).join();
        assertThat(received.next()).isEqualTo(large);
        assertThat(gateway.gateway.openWebSockets()).isEqualTo(1);

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        assertThat(received.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE + " done");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(gateway.gateway.openWebSockets()).isZero());
    }

    @Test
    void theUpstreamsCloseReachesTheClientWithItsCode() throws Exception {
        Received received = new Received();
        connect("/ws/bye", received);
        assertThat(received.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4001 bye");
    }

    @Test
    void aRefusedOrUnreachableUpstreamGetsAClearAnswer() throws Exception {
        assertThat(handshakeStatus(gateway, "/ws/forbidden"))
                .as("the upstream's refusal")
                .isEqualTo(403);
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        try (RunningGateway nowhere =
                RunningGateway.start("http://127.0.0.1:" + closedPort, directory.resolve("nowhere"))) {
            assertThat(handshakeStatus(nowhere, "/ws/echo")).isEqualTo(502);
        }
    }

    @Test
    void maintenanceClosesOpenTunnelsAndRefusesVisitorsButNotBypassHolders() throws Exception {
        Received before = new Received();
        connect("/ws/echo", before);
        assertThat((String) before.next()).startsWith("hello");

        gateway.admin("POST", "down", "{\"reason\":\"Upgrade\",\"secret\":\"" + SECRET + "\"}");
        assertThat(before.closed.get(10, TimeUnit.SECONDS))
                .as("told to reconnect")
                .isEqualTo("1012 maintenance");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(handshakeStatus(gateway, "/ws/echo")).isEqualTo(503));

        String cookie = gateway.get("/" + SECRET)
                .headers()
                .firstValue("Set-Cookie")
                .orElseThrow()
                .split(";", 2)[0];
        Received admin = new Received();
        WebSocket through = connect("/ws/echo", admin, "Cookie", cookie);
        assertThat((String) admin.next()).startsWith("hello");
        through.sendText("still here", true).join();
        assertThat(admin.next()).isEqualTo("still here");

        gateway.admin("POST", "up", "{}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Received visitor = new Received();
            connect("/ws/echo", visitor);
            assertThat((String) visitor.next()).startsWith("hello");
        });
        assertThat(admin.closed).as("maintenance ending closes nothing").isNotDone();
    }

    @Test
    void anUpstreamThatDiesClosesTheClientsConnectionAsABadGateway() throws Exception {
        Received received = new Received();
        connect("/ws/echo", received);
        assertThat((String) received.next()).startsWith("hello");
        APP.kill();
        try {
            assertThat(received.closed.get(10, TimeUnit.SECONDS)).startsWith("1014 ");
        } finally {
            APP.start();
        }
    }

    @Test
    void stoppingTheGatewayTellsItsClientsItIsGoingAway() throws Exception {
        RunningGateway stopping = RunningGateway.start(APP.baseUri(), directory.resolve("stopping"));
        Received received = new Received();
        connect(stopping, "/ws/echo", received);
        assertThat((String) received.next()).startsWith("hello");
        stopping.close();
        assertThat(received.closed.get(10, TimeUnit.SECONDS)).startsWith("1001 ");
    }

    private WebSocket connect(String path, Received received, String... headers) throws Exception {
        return connect(gateway, path, received, headers);
    }

    private WebSocket connect(RunningGateway target, String path, Received received, String... headers)
            throws Exception {
        WebSocket.Builder builder = client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .subprotocols("chat");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + target.gateway.port() + path), received)
                .get(10, TimeUnit.SECONDS);
    }

    private int handshakeStatus(RunningGateway target, String path) {
        Throwable failure = catchThrowable(() -> client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + target.gateway.port() + path), new Received())
                .get(10, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    /** Whole messages as they arrive (text as String, binary as byte[]), and how the connection closed. */
    static final class Received implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Object next() throws InterruptedException {
            Object message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete("error " + error);
        }
    }
}
