package dev.maintenance4j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.decision.MaintenanceGate;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.operation.PathPattern;
import dev.maintenance4j.time.TimeExpressions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile text into every core parser operators and clients reach: durations, times, path patterns,
 * request paths and secret candidates. Properties: the documented exception (IllegalArgumentException)
 * or a result, never anything else; and during full maintenance no hostile path, cookie or secret
 * candidate gets through. The short run is part of {@code ./mvnw verify}; {@code benchmarks/fuzz.sh}
 * runs many more tries.
 */
class HostileInputProperties {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final BypassSecret SECRET =
            BypassSecret.generate(new SecureRandom()).stored();
    private static final MaintenanceState FULL = MaintenanceState.builder()
            .enabled(true)
            .mode(Mode.FULL)
            .secret(SECRET)
            .build();
    private static final MaintenanceGate GATE = MaintenanceGate.of(MaintenancePolicy.ofDefaults(), CLOCK);

    @Property
    void durationsParseOrSayWhy(@ForAll("operatorText") String text) {
        try {
            assertThat(TimeExpressions.parseDuration(text)).isNotNull();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).contains(text.strip().isEmpty() ? "" : "'");
        }
    }

    @Property
    void timesParseOrSayWhy(@ForAll("operatorText") String text) {
        try {
            assertThat(TimeExpressions.parseTime(text, CLOCK)).isNotNull();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void pathPatternsCompileOrSayWhyAndNeverFailToMatch(
            @ForAll("pathText") String pattern, @ForAll("pathText") String path) {
        PathPattern compiled;
        try {
            compiled = PathPattern.of(pattern);
        } catch (IllegalArgumentException expected) {
            return;
        }
        compiled.matches(path); // any answer, no exception
    }

    @Property
    void noHostilePathCookieOrSecretGetsThroughFullMaintenance(
            @ForAll("pathText") String path,
            @ForAll("cookieText") String cookie,
            @ForAll("cookieText") String secretParameter) {
        String requestPath = path.startsWith("/") ? path : "/" + path;
        MaintenanceRequest request =
                new MaintenanceRequest.Simple("POST", requestPath, null, cookie, secretParameter, Set.of(), Set.of());
        Outcome outcome = GATE.decide(FULL, request, CLOCK.instant()).outcome();
        boolean exempt = MaintenancePolicy.ofDefaults().isExempt(requestPath);
        assertThat(outcome)
                .as("%s cookie=%s secret=%s", requestPath, cookie, secretParameter)
                .isIn(exempt ? Set.of(Outcome.EXEMPT) : Set.of(Outcome.BLOCKED));
    }

    @Property
    void ambiguityAndFileNameChecksNeverThrow(@ForAll("pathText") String raw) {
        MaintenanceRequest.isAmbiguous(raw);
        MaintenanceRequest.looksLikeFileName(raw);
        MaintenanceRequest.secretCandidate(raw.startsWith("/") ? raw : "/" + raw, null);
    }

    @Provide
    Arbitrary<String> operatorText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789smhdPTpt+-:.ZW ").ofMaxLength(30),
                Arbitraries.of(
                        "30",
                        "+PT9999999999999H",
                        "999999999d",
                        "2026-13-45T99:99",
                        "P1Y",
                        "-5m",
                        "1h-30m",
                        "+",
                        "PT",
                        "1e9s"));
    }

    @Provide
    Arbitrary<String> pathText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("/.*?;%2eEfF5cC\\\\abc").ofMaxLength(60),
                Arbitraries.of(
                        "/maintenance/..;/orders",
                        "/actuator/health/..;/../orders",
                        "/%2e%2e/orders",
                        "//orders",
                        "/orders;x=y",
                        "/maintenance/**",
                        "/**/**/**",
                        "/a/**/b/**/c"));
    }

    @Provide
    Arbitrary<String> cookieText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(120),
                Arbitraries.strings().withChars("1.0123456789abcdefABCDEF-_=").ofMaxLength(90),
                Arbitraries.of("1.99999999999.AAAA", "1..", "1.-1.x", "2.1.x", ""));
    }
}
