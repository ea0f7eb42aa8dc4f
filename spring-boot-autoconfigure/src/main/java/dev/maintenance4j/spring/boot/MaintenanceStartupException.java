package dev.maintenance4j.spring.boot;

import org.jspecify.annotations.Nullable;

/**
 * maintenance4j could not start with the application's configuration: a store URI that names no
 * store or can not be reached, an admin token that is too short, a write buffer directory that
 * another process holds, a maintenance page template that can not be read. Reported by
 * {@link MaintenanceFailureAnalyzer} as what went wrong and what to do, without a stack trace.
 */
public final class MaintenanceStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * @param problem what went wrong, in one line
     * @param action  what to do about it, in one line
     * @param cause   the underlying failure, or null when the configuration itself is the problem
     */
    public MaintenanceStartupException(String problem, String action, @Nullable Throwable cause) {
        super(problem, cause);
        this.action = action;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
