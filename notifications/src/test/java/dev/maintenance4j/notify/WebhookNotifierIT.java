package dev.maintenance4j.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.maintenance4j.Mode;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.notify.webhook.WebhookNotifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhooks against a real HTTP receiver (the JDK's HttpServer) on loopback. */
class WebhookNotifierIT {

    private static final String SECRET = "webhook-secret-0123456789";

    private NotificationsTestSupport support;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private MaintenanceNotifications notifications;

    record Received(Instant at, byte[] body, String timestamp, String signature, String event) {}

    @BeforeEach
    void setUp() throws Exception {
        support = new NotificationsTestSupport();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    Instant.now(),
                    body,
                    exchange.getRequestHeaders().getFirst(WebhookNotifier.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookNotifier.SIGNATURE_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookNotifier.EVENT_HEADER)));
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        if (notifications != null) {
            notifications.close();
        }
        receiver.stop(0);
        support.close();
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    @Test
    void signedPayloadIsRetriedWithExponentialBackoffUntilAccepted() {
        failuresLeft.set(2);
        notifications = MaintenanceNotifications.builder(support.maintenance)
                .service("orders")
                .instance("i-1")
                .retry(5, Duration.ofMillis(200), Duration.ofSeconds(5))
                .notifier(WebhookNotifier.builder(hook()).secret(SECRET).build())
                .build();
        support.enable(EnableOptions.builder().reason("Database upgrade").build());

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        Received last = received.get(2);
        JsonNode json = JsonMapper.shared().readTree(last.body());
        assertThat(json.get("type").stringValue()).isEqualTo("maintenance.activated");
        assertThat(json.get("service").stringValue()).isEqualTo("orders");
        assertThat(json.get("instance").stringValue()).isEqualTo("i-1");
        assertThat(json.get("actor").stringValue()).isEqualTo("alice");
        assertThat(json.get("before").get("active").booleanValue()).isFalse();
        assertThat(json.get("after").get("active").booleanValue()).isTrue();
        assertThat(json.get("after").get("reason").stringValue()).isEqualTo("Database upgrade");
        assertThat(last.event()).isEqualTo("maintenance.activated");
        assertThat(WebhookNotifier.verify(
                        SECRET.getBytes(StandardCharsets.UTF_8),
                        last.timestamp(),
                        last.signature(),
                        last.body(),
                        Instant.now().getEpochSecond(),
                        Duration.ofMinutes(5)))
                .isTrue();
        // tampered body, other secret, replayed later: refused
        byte[] tampered = new String(last.body(), StandardCharsets.UTF_8)
                .replace("orders", "evil")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookNotifier.verify(
                        SECRET.getBytes(StandardCharsets.UTF_8),
                        last.timestamp(),
                        last.signature(),
                        tampered,
                        Instant.now().getEpochSecond(),
                        Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookNotifier.verify(
                        "another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                        last.timestamp(),
                        last.signature(),
                        last.body(),
                        Instant.now().getEpochSecond(),
                        Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookNotifier.verify(
                        SECRET.getBytes(StandardCharsets.UTF_8),
                        last.timestamp(),
                        last.signature(),
                        last.body(),
                        Instant.now().getEpochSecond() + 3600,
                        Duration.ofMinutes(5)))
                .isFalse();

        // retry schedule: 200 ms, then 400 ms
        long firstGap =
                Duration.between(received.get(0).at(), received.get(1).at()).toMillis();
        long secondGap =
                Duration.between(received.get(1).at(), received.get(2).at()).toMillis();
        assertThat(firstGap).as("first backoff").isBetween(180L, 3000L);
        assertThat(secondGap).as("doubled backoff").isBetween(380L, 6000L);

        DeliveryStatus status = notifications.deliveryStatus().get(0);
        assertThat(status.delivered()).isEqualTo(1);
        assertThat(status.failed()).isZero();
        assertThat(status.lastSuccess()).isNotNull();
        assertThat(status.lastError()).isEqualTo("webhook answered 503");
    }

    @Test
    void givesUpAfterTheLastAttemptAndSaysSo() {
        failuresLeft.set(100);
        notifications = MaintenanceNotifications.builder(support.maintenance)
                .retry(3, Duration.ofMillis(50), Duration.ofMillis(100))
                .notifier(WebhookNotifier.builder(hook()).build())
                .build();
        support.enable(EnableOptions.none());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> notifications.deliveryStatus().get(0).failed() == 1);
        assertThat(received).hasSize(3);
        assertThat(received.get(0).signature()).as("unsigned without a secret").isNull();
    }

    @Test
    void slackFormatSendsText() {
        notifications = MaintenanceNotifications.builder(support.maintenance)
                .service("orders")
                .notifier(WebhookNotifier.builder(hook())
                        .format(WebhookNotifier.Format.SLACK)
                        .build())
                .build();
        support.enable(EnableOptions.builder().reason("Upgrade").build());
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        JsonNode json = JsonMapper.shared().readTree(received.get(0).body());
        assertThat(json.size()).isEqualTo(1);
        assertThat(json.get("text").stringValue()).isEqualTo("[orders] Maintenance started (full) by alice: Upgrade");
    }

    @Test
    void aDeadTargetNeverDelaysAChangeOrARequest() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackHole.accept()); // accept, never answer
                    }
                } catch (Exception closed) {
                    // done
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            notifications = MaintenanceNotifications.builder(support.maintenance)
                    .queueCapacity(2)
                    .retry(3, Duration.ofSeconds(1), Duration.ofSeconds(2))
                    .notifier(WebhookNotifier.builder(
                                    URI.create("http://127.0.0.1:" + blackHole.getLocalPort() + "/hook"))
                            .timeout(Duration.ofSeconds(20))
                            .build())
                    .build();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                support.enable(EnableOptions.builder()
                        .reason("change " + i)
                        .mode(i % 2 == 0 ? Mode.EMERGENCY : Mode.FULL)
                        .build());
                support.disable();
                support.maintenance.decide(MaintenanceRequest.of("GET", "/orders"));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(millis).as("change %d took %d ms", i, millis).isLessThan(1000);
            }
            DeliveryStatus status = notifications.deliveryStatus().get(0);
            assertThat(status.dropped())
                    .as("a full queue drops instead of blocking")
                    .isPositive();
            assertThat(status.delivered()).isZero();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
