package dev.maintenance4j.benchmarks;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.store.file.FileStateStore;
import jakarta.servlet.FilterChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The servlet filter's own cost per request with maintenance off, without a container's noise:
 * {@code doFilter} for a GET, for a POST (counted as an in-flight write) and for a POST to a route of
 * a write buffer, against the cost of the mock response object alone. (The blocked path is not measured here: Spring's mock output stream
 * writes byte by byte and would dominate; see the wrk harness for it.)
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FilterBenchmark {

    private Path dir;
    private Maintenance off;
    private MaintenanceFilter offFilter;
    private MaintenanceFilter bufferedFilter;
    private dev.maintenance4j.servlet.buffer.RequestBuffer requestBuffer;
    private MockHttpServletRequest bufferedPost;
    private MockHttpServletRequest get;
    private MockHttpServletRequest post;
    private final FilterChain chain = (request, response) -> { };

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("filter-benchmark");
        off = Maintenance.builder(FileStateStore.builder(dir.resolve("off.json")).build()).build().start();
        offFilter = MaintenanceFilter.builder(off).build();
        requestBuffer = dev.maintenance4j.servlet.buffer.RequestBuffer.builder(
                        dev.maintenance4j.buffer.WriteBuffer.builder(dir.resolve("buffer")).build())
                .route(dev.maintenance4j.servlet.buffer.BufferedRoute.of("POST", "/events", request -> { }))
                .build();
        bufferedFilter = MaintenanceFilter.builder(off).requestBuffer(requestBuffer).build();
        bufferedPost = new MockHttpServletRequest("POST", "/events");
        bufferedPost.setServletPath("/events");
        bufferedPost.setRemoteAddr("203.0.113.7");
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
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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

    /** The baseline: only the response object the other benchmarks also create. */
    @Benchmark
    public void responseObjectOnly(Blackhole blackhole) {
        blackhole.consume(new MockHttpServletResponse());
    }
}
