package dev.maintenance4j.decision;

import dev.maintenance4j.operation.OperationClass;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to do with one request, complete: an adapter acts on it (see {@link Action}) and decides nothing
 * itself. The common answers are shared constants, so maintenance off and exempt paths allocate nothing.
 *
 * @param outcome              why; {@link Outcome#allowed()} says whether the request may reach the
 *                             application
 * @param operationClass       the request's class, or null when maintenance is not in force or the path
 *                             is exempt (classification is skipped then, to keep that path cheap)
 * @param action               what the adapter does
 * @param signOut              end the user's session first (emergency maintenance: only admins stay signed in)
 * @param chargeSecretAttempt  the request presented a wrong bypass secret: count it against its client
 *                             (clients over the limit get {@link MaintenanceRequest#secretAttemptsLimited()})
 * @param redirect             for {@link Action#RESPOND}: the local URL to send a browser to instead of the
 *                             page, when the state names one that this client may reach (never a loop);
 *                             else null
 */
public record Decision(
        Outcome outcome,
        @Nullable OperationClass operationClass,
        Action action,
        boolean signOut,
        boolean chargeSecretAttempt,
        @Nullable String redirect) {

    /** What signed-in users without an admin role are told during emergency maintenance. */
    public static final String ADMINS_ONLY_MESSAGE =
            "Emergency maintenance: only administrators can sign in right now.";

    /** The decision while maintenance is not in force; shared, so the common path allocates nothing. */
    public static final Decision NOT_ACTIVE = new Decision(Outcome.NOT_ACTIVE, null);
    /** The decision for exempt paths. */
    public static final Decision EXEMPT = new Decision(Outcome.EXEMPT, null);
    /** Maintenance is not in force, but earlier writes on this buffered route still wait: queue behind them. */
    public static final Decision QUEUE_BEHIND_BUFFERED_WRITES =
            new Decision(Outcome.NOT_ACTIVE, null, Action.BUFFER, false, false, null);

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(action, "action");
    }

    /** The plain decision for an outcome: pass when it allows, the cookie for the secret URL, else the response. */
    public Decision(Outcome outcome, @Nullable OperationClass operationClass) {
        this(outcome, operationClass, plainAction(outcome), false, false, null);
    }

    private static Action plainAction(Outcome outcome) {
        if (outcome == Outcome.BYPASS_SECRET_URL) {
            return Action.ISSUE_BYPASS_COOKIE;
        }
        return outcome.allowed() ? Action.PASS : Action.RESPOND;
    }

    /** True when the request may reach the application (also when the adapter still answers it itself, see {@link #action()}). */
    public boolean allowed() {
        return outcome.allowed();
    }
}
