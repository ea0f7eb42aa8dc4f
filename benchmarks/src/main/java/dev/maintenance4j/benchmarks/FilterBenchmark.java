package dev.maintenance4j.benchmarks;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.buffer.WriteBuffer;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.store.file.FileStateStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The servlet filter's own cost per request, without a container's noise. With maintenance off:
 * {@code doFilter} for a GET, for a POST (counted as an in-flight write) and for a POST to a route of
 * a write buffer, against the cost of the mock response object alone. With maintenance on: a browser's
 * GET that gets the maintenance page, against a baseline that writes the same status, headers and
 * body to the same kind of response by hand, so the difference is the decision and the negotiation.
 * (The response's output stream discards the body: Spring's mock one copies byte by byte.)
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class FilterBenchmark {

    private Path dir;
    private Maintenance off;
    private Maintenance on;
    private MaintenanceFilter onFilter;
    private MockHttpServletRequest browserGet;
    private byte[] page;
    private String retryAfter;
    private MaintenanceFilter offFilter;
    private MaintenanceFilter bufferedFilter;
    private RequestBuffer requestBuffer;
    private MockHttpServletRequest bufferedPost;
    private MockHttpServletRequest get;
    private MockHttpServletRequest post;
    private final FilterChain chain = (request, response) -> {};

    @Setup(Level.Trial)
    public void setUp() throws IOException, ServletException {
        dir = Files.createTempDirectory("filter-benchmark");
        off = Maintenance.builder(
                        FileStateStore.builder(dir.resolve("off.json")).build())
                .build()
                .start();
        offFilter = MaintenanceFilter.builder(off).build();
        requestBuffer = RequestBuffer.builder(
                        WriteBuffer.builder(dir.resolve("buffer")).build())
                .route(BufferedRoute.of("POST", "/events", request -> {}))
                .build();
        bufferedFilter =
                MaintenanceFilter.builder(off).requestBuffer(requestBuffer).build();
        bufferedPost = new MockHttpServletRequest("POST", "/events");
        bufferedPost.setServletPath("/events");
        bufferedPost.setRemoteAddr("203.0.113.7");
        FileStateStore onStore = FileStateStore.builder(dir.resolve("on.json")).build();
        Instant now = Instant.now();
        onStore.compareAndSet(
                0,
                MaintenanceState.builder()
                        .enabled(true)
                        .mode(Mode.FULL)
                        .reason("Benchmark maintenance")
                        .since(now)
                        .until(now.plus(Duration.ofDays(1)))
                        .build(),
                new Change("down", "benchmark", "benchmark", now));
        on = Maintenance.builder(onStore).build().start();
        onFilter = MaintenanceFilter.builder(on).build();
        browserGet = new MockHttpServletRequest("GET", "/orders/42");
        browserGet.setServletPath("/orders/42");
        browserGet.setRemoteAddr("203.0.113.7");
        browserGet.addHeader(
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
        DiscardingResponse sample = new DiscardingResponse();
        onFilter.doFilter(browserGet, sample, chain);
        page = new byte[sample.written];
        retryAfter = sample.getHeader("Retry-After");
        get = new MockHttpServletRequest("GET", "/orders/42");
        get.setServletPath("/orders/42");
        get.setRemoteAddr("203.0.113.7");
        post = new MockHttpServletRequest("POST", "/orders");
        post.setServletPath("/orders");
        post.setRemoteAddr("203.0.113.7");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        requestBuffer.close();
        off.close();
        off.view().store().close();
        on.close();
        on.view().store().close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void offGet() throws Exception {
        offFilter.doFilter(get, new MockHttpServletResponse(), chain);
    }

    @Benchmark
    public void offPost() throws Exception {
        offFilter.doFilter(post, new MockHttpServletResponse(), chain);
    }

    /** A POST to a buffered route with maintenance off and no backlog: what a write buffer adds to the request path. */
    @Benchmark
    public void offPostOnBufferedRoute() throws Exception {
        bufferedFilter.doFilter(bufferedPost, new MockHttpServletResponse(), chain);
    }

    /** Maintenance on: a browser's GET gets the maintenance page. */
    @Benchmark
    public DiscardingResponse blockedBrowserGet() throws Exception {
        DiscardingResponse response = new DiscardingResponse();
        onFilter.doFilter(browserGet, response, chain);
        return response;
    }

    /** The baseline of {@link #blockedBrowserGet}: the same response, written without deciding anything. */
    @Benchmark
    public DiscardingResponse blockedResponseByHand() throws Exception {
        DiscardingResponse response = new DiscardingResponse();
        response.setStatus(503);
        response.setHeader("Retry-After", retryAfter);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Robots-Tag", "noindex");
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
        return response;
    }

    /** The baseline: only the response object the other benchmarks also create. */
    @Benchmark
    public void responseObjectOnly(Blackhole blackhole) {
        blackhole.consume(new MockHttpServletResponse());
    }

    /** A mock response whose body only counts bytes. */
    public static final class DiscardingResponse extends MockHttpServletResponse {
        int written;
        private final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                written++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written += len;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}
        };

        @Override
        public ServletOutputStream getOutputStream() {
            return out;
        }
    }
}
