package dev.maintenance4j.benchmarks;

import dev.maintenance4j.bypass.BypassCookies;
import dev.maintenance4j.bypass.BypassSecret;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Bypass cookie verification (HMAC-SHA256, constant-time compare), valid and tampered. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class CookieBenchmark {

    private BypassSecret secret;
    private String valid;
    private String tampered;
    private Instant now;

    @Setup
    public void setUp() {
        secret = BypassSecret.generate(new SecureRandom()).stored();
        now = Instant.now();
        valid = BypassCookies.issue(secret, now.plusSeconds(3600));
        char last = valid.charAt(valid.length() - 2);
        tampered =
                valid.substring(0, valid.length() - 2) + (last == 'A' ? 'B' : 'A') + valid.charAt(valid.length() - 1);
    }

    @Benchmark
    public boolean verifyValid() {
        return BypassCookies.verify(secret, valid, now);
    }

    @Benchmark
    public boolean verifyTampered() {
        return BypassCookies.verify(secret, tampered, now);
    }
}
