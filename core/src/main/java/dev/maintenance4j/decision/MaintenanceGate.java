package dev.maintenance4j.decision;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassCookies;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.operation.OperationClass;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The pure decision engine: (state, request, time) to {@link Decision}. It does no I/O, keeps no
 * mutable state and never throws; a request fact that fails to compute counts as absent.
 *
 * <p>Order of evaluation while maintenance is in force:
 * <ol>
 *   <li>exempt paths (not for an {@linkplain MaintenanceRequest#ambiguousPath() ambiguous path}, which
 *       also gets no secret URL and no unblocked-class pass);</li>
 *   <li>the secret URL ({@link MaintenanceRequest#secretCandidate()}), which should set a cookie;</li>
 *   <li>the request's operation class: a class the mode does not block passes;</li>
 *   <li>the bypass cookie, the client address in the allow-list, an admin role;</li>
 *   <li>otherwise blocked, or in {@link Mode#TEST} allowed as would-be blocked.</li>
 * </ol>
 * While maintenance is off, {@link #decide} reads one field and returns a shared decision.
 */
public final class MaintenanceGate {

    private final MaintenancePolicy policy;
    private final Clock clock;

    private MaintenanceGate(MaintenancePolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static MaintenanceGate of(MaintenancePolicy policy, Clock clock) {
        return new MaintenanceGate(policy, clock);
    }

    public MaintenancePolicy policy() {
        return policy;
    }

    /** Decides a request against a state, reading the clock only when the state has a window or a cookie is checked. */
    public Decision decide(MaintenanceState state, MaintenanceRequest request) {
        return decideAt(state, request, null);
    }

    /**
     * Decides a request against a state at a time the caller already read (a filter reads the clock once
     * per request and uses it for the decision and the response alike).
     */
    public Decision decide(MaintenanceState state, MaintenanceRequest request, Instant now) {
        return decideAt(state, request, Objects.requireNonNull(now, "now"));
    }

    private Decision decideAt(MaintenanceState state, MaintenanceRequest request, @Nullable Instant known) {
        if (!state.enabled()) {
            return Decision.NOT_ACTIVE;
        }
        try {
            Instant now = known;
            if (state.hasWindow()) {
                if (now == null) {
                    now = clock.instant();
                }
                if (!state.isActiveAt(now)) {
                    return Decision.NOT_ACTIVE;
                }
            }
            String path = request.path();
            // the application may route an ambiguous raw path elsewhere than the normalised one: no path-based pass
            boolean ambiguous = request.ambiguousPath();
            if (!ambiguous && policy.isExempt(path)) {
                return Decision.EXEMPT;
            }
            OperationClass operationClass = policy.classifier().classify(request.method(), path);
            BypassSecret secret = state.secret();
            if (!ambiguous && secret != null && secret.matches(quietly(request::secretCandidate))) {
                return new Decision(Outcome.BYPASS_SECRET_URL, operationClass);
            }
            Mode mode = state.mode();
            if (!ambiguous && !policy.blockedIn(mode).blocks(operationClass)) {
                return new Decision(Outcome.NOT_BLOCKED, operationClass);
            }
            if (secret != null) {
                String cookie = quietly(request::bypassCookie);
                if (cookie != null
                        && BypassCookies.verify(
                                secret, policy.cookieKey(), cookie, now != null ? now : clock.instant())) {
                    return new Decision(Outcome.BYPASS_COOKIE, operationClass);
                }
            }
            if (!state.allowed().isEmpty() && state.allowed().contains(quietly(request::clientAddress))) {
                return new Decision(Outcome.BYPASS_IP, operationClass);
            }
            for (String role : policy.adminRoleArray()) {
                if (hasRole(request, role)) {
                    return new Decision(Outcome.BYPASS_ROLE, operationClass);
                }
            }
            return new Decision(mode == Mode.TEST ? Outcome.WOULD_BLOCK : Outcome.BLOCKED, operationClass);
        } catch (RuntimeException e) {
            // a request we can not evaluate during maintenance is refused (test mode only reports it)
            return new Decision(state.mode() == Mode.TEST ? Outcome.WOULD_BLOCK : Outcome.BLOCKED, null);
        }
    }

    /** Issues a bypass cookie value for the state's secret, valid for the policy's cookie lifetime. */
    public String issueBypassCookie(BypassSecret secret) {
        return BypassCookies.issue(secret, policy.cookieKey(), clock.instant().plus(policy.bypassCookieLifetime()));
    }

    private static boolean hasRole(MaintenanceRequest request, String role) {
        try {
            return request.isUserInRole(role);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static <T> @Nullable T quietly(Supplier<T> fact) {
        try {
            return fact.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
