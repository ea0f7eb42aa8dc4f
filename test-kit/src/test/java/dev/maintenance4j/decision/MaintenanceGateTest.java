package dev.maintenance4j.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassCookies;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.bypass.CookieKey;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.operation.BlockedClasses;
import dev.maintenance4j.operation.OperationClass;
import dev.maintenance4j.operation.OperationRule;
import dev.maintenance4j.test.MutableClock;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintenanceGateTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final OperationClass EXPORT = OperationClass.of("EXPORT", "exports");

    private final MutableClock clock = new MutableClock(NOW);
    private final BypassSecret.Generated secret = BypassSecret.generate(new SecureRandom());
    private final MaintenancePolicy policy = MaintenancePolicy.custom()
            .adminRoles(List.of("ops"))
            .rules(List.of(OperationRule.parse("GET /exports/** = EXPORT")))
            .blocked(Mode.READ_ONLY, BlockedClasses.of(OperationClass.WRITE, EXPORT))
            .build();
    private final MaintenanceGate gate = MaintenanceGate.of(policy, clock);

    private MaintenanceState.Builder on(Mode mode) {
        return MaintenanceState.builder()
                .enabled(true)
                .mode(mode)
                .since(NOW)
                .allowed(IpAllowList.parse(List.of("10.0.0.0/8", "2001:db8::/32")))
                .secret(secret.stored());
    }

    private static MaintenanceRequest.Simple get(String path) {
        return MaintenanceRequest.of("GET", path).withClient("203.0.113.9");
    }

    @Test
    void offAllowsEverythingWithTheSharedDecision() {
        assertThat(gate.decide(MaintenanceState.off(), get("/orders"))).isSameAs(Decision.NOT_ACTIVE);
    }

    @Test
    void fullBlocksStrangersAndClassifiesTheRequest() {
        Decision d = gate.decide(on(Mode.FULL).build(), get("/orders"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(d.operationClass()).isEqualTo(OperationClass.READ);
    }

    @Test
    void exemptPathsPassFirst() {
        assertThat(gate.decide(on(Mode.FULL).build(), get("/actuator/health/liveness")))
                .isSameAs(Decision.EXEMPT);
        assertThat(gate.decide(on(Mode.FULL).build(), get("/maintenance/status.json")))
                .isSameAs(Decision.EXEMPT);
    }

    @Test
    void secretUrlInPathOrParameter() {
        MaintenanceState state = on(Mode.FULL).build();
        assertThat(gate.decide(state, get("/" + secret.secret())).outcome()).isEqualTo(Outcome.BYPASS_SECRET_URL);
        assertThat(gate.decide(state, get("/orders").withSecretParameter(secret.secret()))
                        .outcome())
                .isEqualTo(Outcome.BYPASS_SECRET_URL);
        assertThat(gate.decide(state, get("/orders").withSecretParameter("wrong-wrong-wrong-wrong"))
                        .outcome())
                .isEqualTo(Outcome.BLOCKED);
        assertThat(gate.decide(state, get("/" + secret.secret() + "x")).outcome())
                .isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void bypassCookieValidOnlyForTheCurrentSecretAndUntilExpiry() {
        MaintenanceState state = on(Mode.FULL).build();
        String cookie = gate.issueBypassCookie(secret.stored());
        assertThat(gate.decide(state, get("/orders").withCookie(cookie)).outcome())
                .isEqualTo(Outcome.BYPASS_COOKIE);
        MaintenanceState rotated = on(Mode.FULL)
                .secret(BypassSecret.generate(new SecureRandom()).stored())
                .build();
        assertThat(gate.decide(rotated, get("/orders").withCookie(cookie)).outcome())
                .isEqualTo(Outcome.BLOCKED);
        clock.advance(policy.bypassCookieLifetime());
        assertThat(gate.decide(state, get("/orders").withCookie(cookie)).outcome())
                .isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void allowListedClientsPassOnBothFamilies() {
        MaintenanceState state = on(Mode.FULL).build();
        assertThat(gate.decide(state, get("/orders").withClient("10.1.2.3")).outcome())
                .isEqualTo(Outcome.BYPASS_IP);
        assertThat(gate.decide(state, get("/orders").withClient("::ffff:10.1.2.3"))
                        .outcome())
                .isEqualTo(Outcome.BYPASS_IP);
        assertThat(gate.decide(state, get("/orders").withClient("2001:db8::42")).outcome())
                .isEqualTo(Outcome.BYPASS_IP);
        assertThat(gate.decide(state, get("/orders").withClient("2001:db9::42")).outcome())
                .isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void adminRolesPass() {
        assertThat(gate.decide(on(Mode.FULL).build(), get("/orders").withRoles("ops"))
                        .outcome())
                .isEqualTo(Outcome.BYPASS_ROLE);
        assertThat(gate.decide(on(Mode.FULL).build(), get("/orders").withRoles("user"))
                        .outcome())
                .isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void bypassesAreTriedInTheDocumentedOrder() {
        MaintenanceState state = on(Mode.FULL).build();
        String cookie = gate.issueBypassCookie(secret.stored());
        MaintenanceRequest.Simple all = MaintenanceRequest.of("POST", "/" + secret.secret())
                .withClient("10.0.0.1")
                .withCookie(cookie)
                .withRoles("ops");
        assertThat(gate.decide(state, all).outcome()).isEqualTo(Outcome.BYPASS_SECRET_URL);
        MaintenanceRequest.Simple noSecret = MaintenanceRequest.of("POST", "/orders")
                .withClient("10.0.0.1")
                .withCookie(cookie)
                .withRoles("ops");
        assertThat(gate.decide(state, noSecret).outcome()).isEqualTo(Outcome.BYPASS_COOKIE);
        assertThat(gate.decide(state, noSecret.withCookie(null)).outcome()).isEqualTo(Outcome.BYPASS_IP);
        assertThat(gate.decide(state, noSecret.withCookie(null).withClient("192.0.2.1"))
                        .outcome())
                .isEqualTo(Outcome.BYPASS_ROLE);
    }

    @Test
    void readOnlyBlocksWritesAndConfiguredHeavyClasses() {
        MaintenanceState state = on(Mode.READ_ONLY).build();
        assertThat(gate.decide(state, get("/orders")).outcome()).isEqualTo(Outcome.NOT_BLOCKED);
        assertThat(gate.decide(state, MaintenanceRequest.of("POST", "/orders")).outcome())
                .isEqualTo(Outcome.BLOCKED);
        Decision export = gate.decide(state, get("/exports/all"));
        assertThat(export.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(export.operationClass()).isEqualTo(EXPORT);
    }

    @Test
    void adminOperationsPassInFullAndEmergency() {
        for (Mode mode : List.of(Mode.FULL, Mode.EMERGENCY)) {
            MaintenanceGate strict = MaintenanceGate.of(
                    MaintenancePolicy.custom().exemptPaths(List.of()).build(), clock);
            assertThat(strict.decide(on(mode).build(), MaintenanceRequest.of("POST", "/maintenance/api/disable"))
                            .outcome())
                    .isEqualTo(Outcome.NOT_BLOCKED);
        }
    }

    @Test
    void testModeBlocksNothingButReports() {
        Decision d = gate.decide(on(Mode.TEST).build(), MaintenanceRequest.of("POST", "/orders"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.outcome()).isEqualTo(Outcome.WOULD_BLOCK);
    }

    @Test
    void scheduledWindowIsOpenBeforeItsStartAndAfterItsEnd() {
        MaintenanceState window = on(Mode.FULL)
                .startsAt(NOW.plusSeconds(60))
                .until(NOW.plusSeconds(120))
                .build();
        assertThat(gate.decide(window, get("/orders"))).isSameAs(Decision.NOT_ACTIVE);
        clock.advance(Duration.ofSeconds(60));
        assertThat(gate.decide(window, get("/orders")).outcome()).isEqualTo(Outcome.BLOCKED);
        clock.advance(Duration.ofSeconds(60));
        assertThat(gate.decide(window, get("/orders"))).isSameAs(Decision.NOT_ACTIVE);
    }

    @Test
    void aTimeTheCallerReadDecidesWindowAndCookieInsteadOfTheClock() {
        MaintenanceState window = on(Mode.FULL)
                .secret(secret.stored())
                .startsAt(NOW.plusSeconds(60))
                .until(NOW.plusSeconds(60).plus(policy.bypassCookieLifetime()).plusSeconds(60))
                .build();
        String cookie = gate.issueBypassCookie(secret.stored()); // expires at NOW + lifetime
        assertThat(gate.decide(window, get("/orders"), NOW.plusSeconds(90)).outcome())
                .isEqualTo(Outcome.BLOCKED);
        assertThat(gate.decide(window, get("/orders"), NOW.plusSeconds(59))).isSameAs(Decision.NOT_ACTIVE);
        assertThat(gate.decide(window, get("/orders").withCookie(cookie), NOW.plusSeconds(90))
                        .outcome())
                .isEqualTo(Outcome.BYPASS_COOKIE);
        Instant afterExpiry = NOW.plus(policy.bypassCookieLifetime()).plusSeconds(1);
        assertThat(gate.decide(window, get("/orders").withCookie(cookie), afterExpiry)
                        .outcome())
                .isEqualTo(Outcome.BLOCKED);
        assertThat(gate.decide(window, get("/orders")))
                .as("the gate's own clock still reads NOW")
                .isSameAs(Decision.NOT_ACTIVE);
    }

    @Test
    void aRequestWhoseFactsThrowIsStillDecided() {
        MaintenanceRequest hostile = new MaintenanceRequest() {
            public String method() {
                return "GET";
            }

            public String path() {
                return "/orders";
            }

            public IpAddress clientAddress() {
                throw new IllegalStateException("boom");
            }

            public String bypassCookie() {
                throw new IllegalStateException("boom");
            }

            public String secretParameter() {
                throw new IllegalStateException("boom");
            }

            public boolean isUserInRole(String role) {
                throw new IllegalStateException("boom");
            }
        };
        assertThat(gate.decide(on(Mode.FULL).build(), hostile).outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void cookieIssuedHereVerifiesWithTheLibrary() {
        String cookie = gate.issueBypassCookie(secret.stored());
        assertThat(BypassCookies.verify(secret.stored(), cookie, NOW.plus(Duration.ofHours(11))))
                .isTrue();
        assertThat(BypassCookies.verify(secret.stored(), cookie, NOW.plus(Duration.ofHours(12))))
                .isFalse();
    }

    @Test
    void withAServerKeyACookieSignedFromTheStoredVerifierAloneIsRefused() {
        BypassSecret.Generated generated = BypassSecret.generate(new SecureRandom());
        MaintenanceState state = MaintenanceState.builder()
                .enabled(true)
                .secret(generated.stored())
                .build();
        Clock fixed = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        MaintenanceGate keyed = MaintenanceGate.of(
                MaintenancePolicy.custom()
                        .cookieKey(CookieKey.of("a-server-side-key-of-enough-length"))
                        .build(),
                fixed);
        String forged = BypassCookies.issue(generated.stored(), fixed.instant().plusSeconds(3600));
        assertThat(keyed.decide(
                                state,
                                new MaintenanceRequest.Simple("GET", "/orders", null, forged, null, Set.of(), Set.of()))
                        .outcome())
                .as("signed from what the store holds")
                .isEqualTo(Outcome.BLOCKED);
        String issued = keyed.issueBypassCookie(generated.stored());
        assertThat(keyed.decide(
                                state,
                                new MaintenanceRequest.Simple("GET", "/orders", null, issued, null, Set.of(), Set.of()))
                        .outcome())
                .isEqualTo(Outcome.BYPASS_COOKIE);
        MaintenanceGate otherKey = MaintenanceGate.of(
                MaintenancePolicy.custom()
                        .cookieKey(CookieKey.of("another-server-side-key-entirely"))
                        .build(),
                fixed);
        assertThat(otherKey.decide(
                                state,
                                new MaintenanceRequest.Simple("GET", "/orders", null, issued, null, Set.of(), Set.of()))
                        .outcome())
                .isEqualTo(Outcome.BLOCKED);
        assertThatThrownBy(() -> CookieKey.of("short")).hasMessageContaining("at least 24 characters");
    }
}
