package dev.maintenance4j.decision;

import dev.maintenance4j.operation.OperationClass;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to do with one request.
 *
 * @param outcome        why; {@link Outcome#allowed()} says whether the request passes
 * @param operationClass the request's class, or null when maintenance is not in force or the path is
 *                       exempt (classification is skipped then, to keep that path cheap)
 */
public record Decision(Outcome outcome, @Nullable OperationClass operationClass) {

    /** The decision while maintenance is not in force; shared, so the common path allocates nothing. */
    public static final Decision NOT_ACTIVE = new Decision(Outcome.NOT_ACTIVE, null);
    /** The decision for exempt paths. */
    public static final Decision EXEMPT = new Decision(Outcome.EXEMPT, null);

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** True when the request passes through to the application. */
    public boolean allowed() {
        return outcome.allowed();
    }
}
