package dev.maintenance4j.benchmarks;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.decision.Decision;
import dev.maintenance4j.decision.MaintenanceGate;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.store.file.FileStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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

/**
 * The per-request decision: while maintenance is off (the common case), and while it is on with
 * 1,000 mixed IPv4/IPv6 allow-list entries, for a client outside the list (every bypass tried) and
 * one inside it. The client address is parsed from text on every call, as the servlet filter does.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class GateBenchmark {

    private MaintenanceGate gate;
    private MaintenanceState off;
    private MaintenanceState onWithThousandCidrs;
    private TextRequest strangerV4;
    private TextRequest strangerV6;
    private TextRequest allowedV4;
    private TextRequest allowedV6;
    private Maintenance maintenance;
    private Path dir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        gate = MaintenanceGate.of(MaintenancePolicy.ofDefaults(), Clock.systemUTC());
        off = MaintenanceState.off();
        Random random = new Random(42);
        List<CidrBlock> blocks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int prefix = 16 + random.nextInt(17);
            int bits = random.nextInt() & (prefix == 0 ? 0 : (int) (0xFFFF_FFFFL << (32 - prefix)));
            blocks.add(new CidrBlock(IpAddress.ipv4(bits), prefix));
        }
        for (int i = 0; i < 500; i++) {
            int prefix = 32 + random.nextInt(97);
            long hi = 0x2001_0db8_0000_0000L | (random.nextLong() & 0x0000_0000_FFFF_FFFFL);
            long lo = random.nextLong();
            long hiMask = prefix >= 64 ? -1L : -1L << (64 - prefix);
            long loMask = prefix <= 64 ? 0 : -1L << (128 - prefix);
            blocks.add(new CidrBlock(IpAddress.ipv6(hi & hiMask, lo & loMask), prefix));
        }
        blocks.add(CidrBlock.parse("198.51.100.0/24"));
        blocks.add(CidrBlock.parse("2001:db8:ffff:ffff::/64"));
        onWithThousandCidrs = MaintenanceState.builder()
                .enabled(true)
                .mode(Mode.FULL)
                .allowed(IpAllowList.of(blocks))
                .build();
        strangerV4 = new TextRequest("GET", "/orders/42", "203.0.113.77");
        strangerV6 = new TextRequest("GET", "/orders/42", "2a00:1450:4001:81b::200e");
        allowedV4 = new TextRequest("GET", "/orders/42", "198.51.100.23");
        allowedV6 = new TextRequest("GET", "/orders/42", "2001:db8:ffff:ffff::1");

        dir = Files.createTempDirectory("gate-benchmark");
        maintenance = Maintenance.builder(
                        FileStateStore.builder(dir.resolve("state.json")).build())
                .build()
                .start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        maintenance.close();
        maintenance.view().store().close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Maintenance off: the gate alone. */
    @Benchmark
    public Decision inactive() {
        return gate.decide(off, strangerV4);
    }

    /** Maintenance off, through the running instance's view (the filter's real path: one volatile read). */
    @Benchmark
    public Decision inactiveThroughView() {
        return maintenance.decide(strangerV4);
    }

    @Benchmark
    public Decision active1000CidrsBlockedIpv4() {
        return gate.decide(onWithThousandCidrs, strangerV4);
    }

    @Benchmark
    public Decision active1000CidrsBlockedIpv6() {
        return gate.decide(onWithThousandCidrs, strangerV6);
    }

    @Benchmark
    public Decision active1000CidrsAllowedIpv4() {
        return gate.decide(onWithThousandCidrs, allowedV4);
    }

    @Benchmark
    public Decision active1000CidrsAllowedIpv6() {
        return gate.decide(onWithThousandCidrs, allowedV6);
    }

    /** A request whose client address arrives as text, like {@code getRemoteAddr()}. */
    static final class TextRequest implements MaintenanceRequest {
        private final String method;
        private final String path;
        private final String remoteAddr;

        TextRequest(String method, String path, String remoteAddr) {
            this.method = method;
            this.path = path;
            this.remoteAddr = remoteAddr;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public @Nullable IpAddress clientAddress() {
            return IpAddress.tryParse(remoteAddr);
        }

        @Override
        public @Nullable String bypassCookie() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }
    }
}
