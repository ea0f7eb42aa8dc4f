package dev.maintenance4j.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.decision.MaintenanceRequest.Flag;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.test.MutableClock;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every field of the gate's verdict: what an adapter does (pass, issue the cookie, buffer, respond, tell
 * non-admins only admins may sign in), whether it signs the session out, charges a wrong secret, and
 * where it may redirect a browser. These rules live in core; the servlet filter only acts on them.
 */
class VerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final BypassSecret.Generated secret = BypassSecret.generate(new SecureRandom());
    private final MaintenanceGate gate = MaintenanceGate.of(
            MaintenancePolicy.custom().adminRoles(List.of("ops")).build(), clock);

    private MaintenanceState.Builder on(Mode mode) {
        return MaintenanceState.builder()
                .enabled(true)
                .mode(mode)
                .since(NOW)
                .allowed(IpAllowList.parse(List.of("10.0.0.0/8")))
                .secret(secret.stored());
    }

    private static MaintenanceRequest.Simple request(String method, String path) {
        return MaintenanceRequest.of(method, path).withClient("203.0.113.9");
    }

    // actions

    @Test
    void offAndExemptPassWithTheSharedDecisions() {
        assertThat(gate.decide(MaintenanceState.off(), request("POST", "/orders")))
                .isSameAs(Decision.NOT_ACTIVE)
                .extracting(Decision::action)
                .isEqualTo(Action.PASS);
        assertThat(gate.decide(on(Mode.FULL).build(), request("GET", "/actuator/health")))
                .isSameAs(Decision.EXEMPT)
                .extracting(Decision::action)
                .isEqualTo(Action.PASS);
    }

    @Test
    void theSecretUrlIssuesTheCookieAndChargesNothing() {
        Decision d = gate.decide(on(Mode.FULL).build(), request("GET", "/" + secret.secret()));
        assertThat(d.action()).isEqualTo(Action.ISSUE_BYPASS_COOKIE);
        assertThat(d.chargeSecretAttempt()).isFalse();
    }

    @Test
    void aBlockedStrangerGetsTheResponseAndABypassPasses() {
        MaintenanceState full = on(Mode.FULL).build();
        assertThat(gate.decide(full, request("GET", "/orders")).action()).isEqualTo(Action.RESPOND);
        assertThat(gate.decide(full, request("GET", "/orders").withClient("10.1.2.3"))
                        .action())
                .isEqualTo(Action.PASS);
    }

    @Test
    void testModePassesUnlessTheClientAsksForAPreview() {
        MaintenanceState test = on(Mode.TEST).build();
        Decision quiet = gate.decide(test, request("POST", "/orders"));
        assertThat(quiet.outcome()).isEqualTo(Outcome.WOULD_BLOCK);
        assertThat(quiet.action()).isEqualTo(Action.PASS);
        Decision preview = gate.decide(test, request("POST", "/orders").with(Flag.PREVIEW_REQUESTED));
        assertThat(preview.outcome()).isEqualTo(Outcome.WOULD_BLOCK);
        assertThat(preview.action()).isEqualTo(Action.RESPOND);
    }

    // emergency maintenance

    @Test
    void aBlockedRequestSignsTheSessionOut() {
        Decision d = gate.decide(on(Mode.EMERGENCY).build(), request("GET", "/orders"));
        assertThat(d.action()).isEqualTo(Action.RESPOND);
        assertThat(d.signOut()).isTrue();
    }

    @Test
    void aSignedInNonAdminLetThroughByABypassIsSignedOutAndToldOnlyAdminsMaySignIn() {
        Decision d = gate.decide(
                on(Mode.EMERGENCY).build(),
                request("GET", "/orders").withClient("10.1.2.3").with(Flag.SIGNED_IN));
        assertThat(d.outcome()).isEqualTo(Outcome.BYPASS_IP);
        assertThat(d.action()).isEqualTo(Action.RESPOND_ADMINS_ONLY);
        assertThat(d.signOut()).isTrue();
    }

    @Test
    void anAdminAndAnAnonymousVisitorThroughABypassStay() {
        MaintenanceState emergency = on(Mode.EMERGENCY).build();
        Decision admin = gate.decide(
                emergency, request("GET", "/orders").withRoles("ops").with(Flag.SIGNED_IN));
        assertThat(admin.outcome()).isEqualTo(Outcome.BYPASS_ROLE);
        assertThat(admin.action()).isEqualTo(Action.PASS);
        assertThat(admin.signOut()).isFalse();
        Decision anonymous = gate.decide(emergency, request("GET", "/login").withClient("10.1.2.3"));
        assertThat(anonymous.action()).isEqualTo(Action.PASS);
        assertThat(anonymous.signOut()).isFalse();
    }

    @Test
    void anAdminAllowListedAsWellKeepsTheSession() {
        Decision d = gate.decide(
                on(Mode.EMERGENCY).build(),
                request("GET", "/orders")
                        .withClient("10.1.2.3")
                        .withRoles("ops")
                        .with(Flag.SIGNED_IN));
        assertThat(d.outcome()).isEqualTo(Outcome.BYPASS_IP);
        assertThat(d.action()).isEqualTo(Action.PASS);
        assertThat(d.signOut()).isFalse();
    }

    @Test
    void anEmergencyScheduledForLaterSignsNobodyOutNow() {
        MaintenanceState later =
                on(Mode.EMERGENCY).startsAt(NOW.plusSeconds(3600)).build();
        Decision d = gate.decide(later, request("GET", "/orders").with(Flag.SIGNED_IN));
        assertThat(d).isSameAs(Decision.NOT_ACTIVE);
    }

    @Test
    void otherModesNeverSignOut() {
        Decision d =
                gate.decide(on(Mode.FULL).build(), request("GET", "/orders").with(Flag.SIGNED_IN));
        assertThat(d.signOut()).isFalse();
    }

    // the write buffer

    @Test
    void aBlockedRequestOnABufferedRouteIsBufferedElseAnswered() {
        Decision d =
                gate.decide(on(Mode.FULL).build(), request("POST", "/orders").with(Flag.BUFFERED_ROUTE));
        assertThat(d.action()).isEqualTo(Action.BUFFER);
        assertThat(d.allowed())
                .as("if the buffer can not take it: the maintenance response")
                .isFalse();
    }

    @Test
    void whileWritesWaitARequestOnABufferedRouteQueuesBehindThem() {
        MaintenanceRequest.Simple queued = request("POST", "/orders").with(Flag.BUFFERED_ROUTE, Flag.WRITES_WAITING);
        assertThat(gate.decide(MaintenanceState.off(), queued))
                .isSameAs(Decision.QUEUE_BEHIND_BUFFERED_WRITES)
                .satisfies(d -> assertThat(d.action()).isEqualTo(Action.BUFFER))
                .satisfies(d -> assertThat(d.allowed())
                        .as("if the buffer can not take it: on to the application")
                        .isTrue());
        Decision bypassing = gate.decide(on(Mode.FULL).build(), queued.withClient("10.1.2.3"));
        assertThat(bypassing.outcome()).isEqualTo(Outcome.BYPASS_IP);
        assertThat(bypassing.action()).isEqualTo(Action.BUFFER);
    }

    @Test
    void withoutWaitingWritesOrOffTheRoutesNothingIsBuffered() {
        assertThat(gate.decide(
                        MaintenanceState.off(), request("POST", "/orders").with(Flag.BUFFERED_ROUTE)))
                .isSameAs(Decision.NOT_ACTIVE);
        assertThat(gate.decide(
                        MaintenanceState.off(), request("POST", "/orders").with(Flag.WRITES_WAITING)))
                .isSameAs(Decision.NOT_ACTIVE);
        assertThat(gate.decide(
                        on(Mode.FULL).build(),
                        request("POST", "/actuator/health").with(Flag.BUFFERED_ROUTE, Flag.WRITES_WAITING)))
                .as("exempt paths are never buffered")
                .isSameAs(Decision.EXEMPT);
    }

    // secret attempts

    @Test
    void aWrongSecretIsCharged() {
        Decision d = gate.decide(
                on(Mode.FULL).build(), request("GET", "/orders").withSecretParameter("not-the-secret-at-all"));
        assertThat(d.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(d.chargeSecretAttempt()).isTrue();
        Decision path = gate.decide(on(Mode.FULL).build(), request("GET", "/guessedsecretvalue12345"));
        assertThat(path.chargeSecretAttempt()).isTrue();
    }

    @Test
    void aWrongSecretIsChargedEvenWhenTheRequestPassesForAnotherReason() {
        Decision d = gate.decide(
                on(Mode.READ_ONLY).build(), request("GET", "/orders").withSecretParameter("not-the-secret-at-all"));
        assertThat(d.outcome()).isEqualTo(Outcome.NOT_BLOCKED);
        assertThat(d.action()).isEqualTo(Action.PASS);
        assertThat(d.chargeSecretAttempt()).isTrue();
    }

    @Test
    void aBrowsersOwnFileLookupIsCheckedButNotCharged() {
        Decision d = gate.decide(on(Mode.FULL).build(), request("GET", "/apple-touch-icon-precomposed.png"));
        assertThat(d.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(d.chargeSecretAttempt()).isFalse();
    }

    @Test
    void aClientOverItsLimitIsNotCheckedAtAllNotEvenWithTheRightSecret() {
        Decision d = gate.decide(
                on(Mode.FULL).build(), request("GET", "/" + secret.secret()).with(Flag.SECRET_ATTEMPTS_LIMITED));
        assertThat(d.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(d.chargeSecretAttempt())
                .as("an attempt not checked is not counted")
                .isFalse();
    }

    @Test
    void withoutASecretInForceNothingIsCheckedOrCharged() {
        MaintenanceState noSecret =
                MaintenanceState.builder().enabled(true).mode(Mode.FULL).build();
        Decision d = gate.decide(noSecret, request("GET", "/orders").withSecretParameter("anything-at-all-here"));
        assertThat(d.chargeSecretAttempt()).isFalse();
    }

    // the redirect target

    @Test
    void aBlockedBrowserIsSentToATargetItMayReach() {
        MaintenanceState state =
                on(Mode.FULL).redirect("/status?from=maintenance").build();
        MaintenancePolicy policy =
                MaintenancePolicy.custom().addExemptPaths("/status").build();
        Decision d = MaintenanceGate.of(policy, clock).decide(state, request("GET", "/orders"));
        assertThat(d.action()).isEqualTo(Action.RESPOND);
        assertThat(d.redirect()).isEqualTo("/status?from=maintenance");
    }

    @Test
    void aTargetThatWouldItselfBeBlockedIsNoRedirect() {
        MaintenanceState state = on(Mode.FULL).redirect("/status").build();
        assertThat(gate.decide(state, request("GET", "/orders")).redirect()).isNull();
    }

    @Test
    void theTargetItselfIsNeverRedirectedToItself() {
        MaintenanceState state = on(Mode.FULL).redirect("/status").build();
        assertThat(gate.decide(state, request("GET", "/status")).redirect()).isNull();
    }

    @Test
    void aTargetReachableFromThisClientsAddressOnlyIsARedirectForThatClient() {
        MaintenanceState state = on(Mode.READ_ONLY).redirect("/status").build();
        Decision d = gate.decide(state, request("POST", "/orders"));
        assertThat(d.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(d.redirect()).as("a GET passes in read-only mode").isEqualTo("/status");
    }
}
