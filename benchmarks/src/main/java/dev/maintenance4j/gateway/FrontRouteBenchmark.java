package dev.maintenance4j.gateway;

import dev.maintenance4j.Maintenance;
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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's decision per proxied request, as its event loop makes it ({@link EventLoopFront#route}): while
 * maintenance is off (the request goes to the upstream), and while it is on for a visitor (answered with the
 * page) and for an allow-listed address (goes to the upstream). A browser's GET with its usual headers; in a
 * package of the gateway's own, as the router is not public.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class FrontRouteBenchmark {

    private Path dir;
    private FileStateStore offStore;
    private FileStateStore onStore;
    private Maintenance offMaintenance;
    private Maintenance onMaintenance;
    private EventLoopFront off;
    private EventLoopFront on;
    private HttpRequest request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("front-route");
        offStore = FileStateStore.builder(dir.resolve("off.json")).build();
        onStore = FileStateStore.builder(dir.resolve("on.json")).build();
        MaintenanceControl.of(onStore, Clock.systemUTC())
                .enable(
                        EnableOptions.builder()
                                .reason("Database upgrade")
                                .allowed(List.of(CidrBlock.parse("10.0.0.0/8")))
                                .build(),
                        new Actor("bench", "jmh"));
        offMaintenance = Maintenance.builder(offStore).build().start();
        onMaintenance = Maintenance.builder(onStore).build().start();
        off = front(offMaintenance);
        on = front(onMaintenance);
        request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/orders?page=2");
        request.headers()
                .add("Host", "shop.example")
                .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0")
                .add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .add("Accept-Language", "en-GB,en;q=0.5")
                .add("Accept-Encoding", "gzip, deflate")
                .add("Cookie", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark")
                .add("Connection", "keep-alive");
        if (on.route(request, "192.0.2.7").lane() != EventLoopFront.Lane.ANSWERED
                || off.route(request, "192.0.2.7").lane() != EventLoopFront.Lane.UPSTREAM) {
            throw new IllegalStateException("the routes are not what this benchmark measures");
        }
    }

    private EventLoopFront front(Maintenance maintenance) {
        return new EventLoopFront(
                HttpMaintenance.of(maintenance, HttpOptions.defaults()),
                null,
                List.of(),
                "/maintenance",
                URI.create("http://127.0.0.1:9000"),
                dir.resolve("jetty.sock"),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                ClientAddressResolver.trusting(List.of()),
                1);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        off.close();
        on.close();
        offMaintenance.close();
        onMaintenance.close();
        offStore.close();
        onStore.close();
    }

    /** Maintenance off: to the upstream. */
    @Benchmark
    public Object offToUpstream() {
        return off.route(request, "192.0.2.7");
    }

    /** Maintenance on, a visitor: answered with the page (its composition included). */
    @Benchmark
    public Object onVisitorAnswered() {
        return on.route(request, "192.0.2.7");
    }

    /** Maintenance on, an allow-listed address: to the upstream. */
    @Benchmark
    public Object onAllowedToUpstream() {
        return on.route(request, "10.1.2.3");
    }
}
