package dev.maintenance4j.decision;

/** Why a request was allowed or blocked; bypass outcomes are listed in the order they are tried. */
public enum Outcome {
    /** Maintenance is not in force (off, scheduled for later, or past its end). */
    NOT_ACTIVE(true),
    /** The path is exempt (health checks, the maintenance admin paths). */
    EXEMPT(true),
    /** The request carried the bypass secret in its URL; a bypass cookie should be set. */
    BYPASS_SECRET_URL(true),
    /** The request carried a valid bypass cookie. */
    BYPASS_COOKIE(true),
    /** The client address is in the allow-list. */
    BYPASS_IP(true),
    /** The user has an admin role. */
    BYPASS_ROLE(true),
    /** The mode does not block this operation class (reads in read-only mode). */
    NOT_BLOCKED(true),
    /** Test mode: the request passes but would have been blocked. */
    WOULD_BLOCK(true),
    /** Blocked: answer with the maintenance response. */
    BLOCKED(false);

    private final boolean allowed;

    Outcome(boolean allowed) {
        this.allowed = allowed;
    }

    public boolean allowed() {
        return allowed;
    }

    /** True for the outcomes that let a request through a maintenance that would block it. */
    public boolean isBypass() {
        return this == BYPASS_SECRET_URL || this == BYPASS_COOKIE || this == BYPASS_IP || this == BYPASS_ROLE;
    }
}
