package dev.maintenance4j.benchmarks;

import dev.maintenance4j.http.ContentNegotiation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HTML or JSON for a blocked request: the {@code Accept} header every blocked browser and API client
 * sends is read on the request path, so it should cost little and allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class ContentNegotiationBenchmark {

    /** What Chrome and Firefox send for a page load. */
    private String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private String apiClient = "application/json, text/plain;q=0.5";

    @Benchmark
    public boolean browserAccept() {
        return ContentNegotiation.prefersJson(browser);
    }

    @Benchmark
    public boolean apiClientAccept() {
        return ContentNegotiation.prefersJson(apiClient);
    }
}
