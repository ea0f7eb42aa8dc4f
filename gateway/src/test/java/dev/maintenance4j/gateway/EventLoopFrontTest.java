package dev.maintenance4j.gateway;

import static dev.maintenance4j.gateway.EventLoopFront.Lane.ANSWERED;
import static dev.maintenance4j.gateway.EventLoopFront.Lane.JETTY;
import static dev.maintenance4j.gateway.EventLoopFront.Lane.UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.http.ClientAddressResolver;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.store.file.FileStateStore;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which requests the gateway's public listener relays itself, and which it hands to Jetty to decide. */
class EventLoopFrontTest {

    @TempDir
    Path dir;

    private FileStateStore store;
    private Maintenance maintenance;
    private EventLoopFront front;

    @BeforeEach
    void start() {
        store = FileStateStore.builder(dir.resolve("state.json"))
                .pollInterval(Duration.ofMillis(20))
                .build();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMillis(20))
                .build()
                .start();
        BufferedRoute orders = BufferedRoute.of("POST", "/orders", request -> {});
        front = front(URI.create("http://127.0.0.1:9000"), List.of(orders));
    }

    private EventLoopFront front(URI upstream, List<BufferedRoute> bufferWhenDown) {
        return new EventLoopFront(
                HttpMaintenance.of(maintenance, HttpOptions.defaults()),
                null,
                bufferWhenDown,
                "/maintenance",
                upstream,
                dir.resolve("jetty.sock"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                ClientAddressResolver.trusting(List.of()),
                1);
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        maintenance.close();
        store.close();
    }

    private EventLoopFront.Lane lane(HttpRequest request) {
        return front.route(request, "192.0.2.7").lane();
    }

    private static HttpRequest request(HttpMethod method, String uri, String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    @Test
    void whileMaintenanceIsOffOrdinaryRequestsToTheAppAreRelayedOnTheEventLoop() {
        assertThat(lane(request(HttpMethod.GET, "/"))).isEqualTo(UPSTREAM);
        assertThat(lane(request(HttpMethod.GET, "/api/orders?page=2"))).isEqualTo(UPSTREAM);
        assertThat(lane(request(HttpMethod.POST, "/api/echo", "Content-Length", "3")))
                .isEqualTo(UPSTREAM);
        assertThat(lane(request(HttpMethod.GET, "/maintenance-notes"))).isEqualTo(UPSTREAM);
    }

    @Test
    void whatOnlyJettyDecidesOrSpeaksGoesToJetty() {
        // the admin API, page, metrics and decisions
        assertThat(lane(request(HttpMethod.GET, "/maintenance"))).isEqualTo(JETTY);
        assertThat(lane(request(HttpMethod.GET, "/maintenance/api/status"))).isEqualTo(JETTY);
        // a route buffered while the app is down
        assertThat(lane(request(HttpMethod.POST, "/orders"))).isEqualTo(JETTY);
        // upgrades, 100-continue, HTTP/1.0, targets that are not paths, paths Jetty normalises first
        assertThat(lane(request(HttpMethod.GET, "/ws", "Upgrade", "websocket"))).isEqualTo(JETTY);
        assertThat(lane(request(HttpMethod.POST, "/api/echo", "Expect", "100-continue")))
                .isEqualTo(JETTY);
        assertThat(lane(new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/")))
                .isEqualTo(JETTY);
        assertThat(lane(request(HttpMethod.OPTIONS, "*"))).isEqualTo(JETTY);
        assertThat(lane(request(HttpMethod.GET, "http://elsewhere/"))).isEqualTo(JETTY);
        for (String sneaky : List.of(
                "/x/%2e%2e/maintenance/api",
                "/x/../maintenance", "//maintenance", "/maintenance;x", "/maintenance#x")) {
            assertThat(lane(request(HttpMethod.GET, sneaky))).as(sneaky).isEqualTo(JETTY);
        }
    }

    @Test
    void duringMaintenanceRequestsAreDecidedAsTheFilterDecidesThemAndAnsweredOnTheEventLoop() {
        String secret = "s3cret-for-the-front-door";
        MaintenanceControl.of(store, Clock.systemUTC())
                .enable(
                        EnableOptions.builder()
                                .reason("upgrade")
                                .secret(secret)
                                .allowed(List.of(CidrBlock.parse("10.0.0.0/8")))
                                .build(),
                        new Actor("alice", "test"));
        Awaitility.await().until(() -> maintenance.state().enabled());

        EventLoopFront.Route visitor = front.route(request(HttpMethod.GET, "/", "Accept", "text/html"), "192.0.2.7");
        assertThat(visitor.lane()).isEqualTo(ANSWERED);
        assertThat(visitor.answer().status()).isEqualTo(503);
        assertThat(new String(visitor.answer().body(), StandardCharsets.UTF_8)).contains("upgrade");
        EventLoopFront.Route api =
                front.route(request(HttpMethod.GET, "/api/orders", "Accept", "application/json"), "192.0.2.7");
        assertThat(api.answer().header("Content-Type")).startsWith("application/json");

        assertThat(front.route(request(HttpMethod.GET, "/"), "10.1.2.3").lane()).isEqualTo(UPSTREAM);

        EventLoopFront.Route secretUrl =
                front.route(request(HttpMethod.GET, "/?maintenance_secret=" + secret), "192.0.2.7");
        assertThat(secretUrl.lane()).isEqualTo(ANSWERED);
        String setCookie = secretUrl.answer().header("Set-Cookie");
        assertThat(setCookie).isNotNull();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(front.route(request(HttpMethod.GET, "/", "Cookie", "theme=dark; " + cookie), "192.0.2.7")
                        .lane())
                .isEqualTo(UPSTREAM);

        // the admin API and paths only Jetty normalises stay Jetty's
        assertThat(front.route(request(HttpMethod.GET, "/maintenance/api/status"), "192.0.2.7")
                        .lane())
                .isEqualTo(JETTY);
        assertThat(front.route(request(HttpMethod.GET, "/a/%2e%2e/"), "192.0.2.7")
                        .lane())
                .isEqualTo(JETTY);

        MaintenanceControl.of(store, Clock.systemUTC()).disable(new Actor("alice", "test"));
        Awaitility.await().until(() -> !maintenance.state().enabled());
        assertThat(lane(request(HttpMethod.GET, "/"))).isEqualTo(UPSTREAM);
    }

    @Test
    void anHttpsUpstreamIsReachedThroughJettyOnly() {
        front.close();
        front = front(URI.create("https://app.example:8443"), List.of());
        assertThat(lane(request(HttpMethod.GET, "/"))).isEqualTo(JETTY);
    }

    @Test
    void writesOnTheLaneAreTheOnesDownWaitWaitsFor() {
        assertThat(front.isApplicationWrite(request(HttpMethod.POST, "/api/echo")))
                .isTrue();
        assertThat(front.isApplicationWrite(request(HttpMethod.GET, "/api/orders")))
                .isFalse();
        assertThat(front.isApplicationWrite(request(HttpMethod.POST, "/health")))
                .isFalse(); // exempt
    }
}
