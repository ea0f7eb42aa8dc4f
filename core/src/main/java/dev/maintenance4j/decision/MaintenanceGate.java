package dev.maintenance4j.decision;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassCookies;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.operation.OperationClass;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The pure decision engine: (state, request, time) to a complete {@link Decision}. It does no I/O, keeps
 * no mutable state and never throws; a request fact that fails to compute counts as absent.
 *
 * <p>Order of evaluation while maintenance is in force:
 * <ol>
 *   <li>exempt paths (not for an {@linkplain MaintenanceRequest#ambiguousPath() ambiguous path}, which
 *       also gets no secret URL and no unblocked-class pass);</li>
 *   <li>the secret URL ({@link MaintenanceRequest#secretCandidate(String, String)}): the cookie is issued;
 *       a wrong secret is charged to its client, and a client over its limit is not checked at all;</li>
 *   <li>the request's operation class: a class the mode does not block passes;</li>
 *   <li>the bypass cookie, the client address in the allow-list, an admin role;</li>
 *   <li>otherwise blocked, or in {@link Mode#TEST} allowed as would-be blocked (unless the client asked
 *       for a preview).</li>
 * </ol>
 * Then what follows from it: in emergency maintenance a signed-in user without an admin role is signed
 * out (and, when a bypass let them through, told only admins may sign in); a request on a buffered route
 * is buffered when blocked, or when it passes while earlier writes still wait (it queues behind them);
 * a blocked browser is redirected to the state's redirect target only when a plain GET of it would pass.
 * While maintenance is off, {@link #decide} reads one field (and, with a write buffer, whether writes
 * wait) and returns a shared decision.
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

    /**
     * The decision when it needs no fact about the request, else null: {@link Decision#NOT_ACTIVE} while
     * maintenance is off and no writes wait in the adapter's buffer. Adapters ask it first, so the common
     * path builds no request facts at all; a null answer means {@link #decide} with the facts.
     */
    public @Nullable Decision decideWithoutRequest(MaintenanceState state, boolean writesWaiting) {
        return !state.enabled() && !writesWaiting ? Decision.NOT_ACTIVE : null;
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
            return notActive(request);
        }
        boolean secretChecked = false;
        try {
            Instant now = known;
            if (state.hasWindow()) {
                if (now == null) {
                    now = clock.instant();
                }
                if (!state.isActiveAt(now)) {
                    return notActive(request);
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
            Mode mode = state.mode();
            if (!ambiguous && secret != null) {
                String parameter = quietly(request::secretParameter);
                String candidate = MaintenanceRequest.secretCandidate(path, parameter);
                // a browser's own lookup (an icon, a manifest) is checked but is no attempt: never limited or charged
                boolean attempt =
                        candidate != null && (parameter != null || !MaintenanceRequest.looksLikeFileName(candidate));
                if (attempt && isTrue(request::secretAttemptsLimited)) {
                    candidate = null;
                }
                if (secret.matches(candidate)) {
                    return new Decision(Outcome.BYPASS_SECRET_URL, operationClass);
                }
                secretChecked = attempt && candidate != null;
            }
            Outcome outcome;
            if (!ambiguous && !policy.blockedIn(mode).blocks(operationClass)) {
                outcome = Outcome.NOT_BLOCKED;
            } else if (hasValidCookie(state, request, now)) {
                outcome = Outcome.BYPASS_COOKIE;
            } else if (!state.allowed().isEmpty() && state.allowed().contains(quietly(request::clientAddress))) {
                outcome = Outcome.BYPASS_IP;
            } else if (hasAdminRole(request)) {
                outcome = Outcome.BYPASS_ROLE;
            } else {
                outcome = mode == Mode.TEST ? Outcome.WOULD_BLOCK : Outcome.BLOCKED;
            }
            return consequences(state, request, now, outcome, operationClass, secretChecked);
        } catch (RuntimeException e) {
            // a request we can not evaluate during maintenance is refused (test mode only reports it)
            return new Decision(
                    state.mode() == Mode.TEST ? Outcome.WOULD_BLOCK : Outcome.BLOCKED,
                    null,
                    state.mode() == Mode.TEST ? Action.PASS : Action.RESPOND,
                    false,
                    secretChecked,
                    null);
        }
    }

    /** Maintenance is not in force: pass, unless earlier writes on this buffered route still wait. */
    private static Decision notActive(MaintenanceRequest request) {
        return queuesBehindWaitingWrites(request) ? Decision.QUEUE_BEHIND_BUFFERED_WRITES : Decision.NOT_ACTIVE;
    }

    /** A request that passes goes into the write buffer all the same while earlier writes on its route wait. */
    private static boolean queuesBehindWaitingWrites(MaintenanceRequest request) {
        return isTrue(request::writesWaiting) && isTrue(request::bufferedRoute);
    }

    /** What an outcome during maintenance means for the adapter: its action, sign-out, and redirect. */
    private Decision consequences(
            MaintenanceState state,
            MaintenanceRequest request,
            @Nullable Instant now,
            Outcome outcome,
            OperationClass operationClass,
            boolean secretChecked) {
        boolean emergency = state.mode() == Mode.EMERGENCY;
        if (outcome.allowed()) {
            if (emergency && outcome != Outcome.BYPASS_ROLE && isTrue(request::signedIn) && !hasAdminRole(request)) {
                // a bypass lets people reach the login, but only admins may stay signed in
                return new Decision(outcome, operationClass, Action.RESPOND_ADMINS_ONLY, true, secretChecked, null);
            }
            if (outcome == Outcome.WOULD_BLOCK && isTrue(request::previewRequested)) {
                return new Decision(
                        outcome, operationClass, Action.RESPOND, false, secretChecked, redirect(state, request, now));
            }
            Action action = queuesBehindWaitingWrites(request) ? Action.BUFFER : Action.PASS;
            return new Decision(outcome, operationClass, action, false, secretChecked, null);
        }
        if (isTrue(request::bufferedRoute)) {
            return new Decision(outcome, operationClass, Action.BUFFER, emergency, secretChecked, null);
        }
        return new Decision(
                outcome, operationClass, Action.RESPOND, emergency, secretChecked, redirect(state, request, now));
    }

    /**
     * The state's redirect target for a blocked browser, when it is not this very path and a plain GET of
     * it from this client (no cookie, no secret) would pass: never a redirect loop.
     */
    private @Nullable String redirect(MaintenanceState state, MaintenanceRequest request, @Nullable Instant now) {
        String target = state.redirect();
        if (target == null) {
            return null;
        }
        int query = target.indexOf('?');
        String targetPath = query >= 0 ? target.substring(0, query) : target;
        if (targetPath.equals(request.path())) {
            return null;
        }
        MaintenanceRequest probe = new RedirectProbe(targetPath, request);
        return decideAt(state, probe, now).allowed() ? target : null;
    }

    /** A plain GET of a redirect target by the same client: its address and roles, no cookie, no secret. */
    private record RedirectProbe(String path, MaintenanceRequest from) implements MaintenanceRequest {
        @Override
        public String method() {
            return "GET";
        }

        @Override
        public @Nullable IpAddress clientAddress() {
            return from.clientAddress();
        }

        @Override
        public @Nullable String bypassCookie() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return from.isUserInRole(role);
        }
    }

    private boolean hasValidCookie(MaintenanceState state, MaintenanceRequest request, @Nullable Instant now) {
        BypassSecret secret = state.secret();
        if (secret == null) {
            return false;
        }
        String cookie = quietly(request::bypassCookie);
        return cookie != null
                && BypassCookies.verify(secret, policy.cookieKey(), cookie, now != null ? now : clock.instant());
    }

    private boolean hasAdminRole(MaintenanceRequest request) {
        for (String role : policy.adminRoleArray()) {
            if (hasRole(request, role)) {
                return true;
            }
        }
        return false;
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

    private static boolean isTrue(BooleanSupplier fact) {
        try {
            return fact.getAsBoolean();
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
