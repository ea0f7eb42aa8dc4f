package dev.maintenance4j.decision;

/**
 * What an adapter does with a request, as the gate decided it; {@link Decision} says the rest (sign the
 * session out, count a wrong secret, where to redirect a browser). Adapters translate each action into
 * their framework's response and decide nothing themselves.
 */
public enum Action {
    /** Let the request through to the application. */
    PASS,
    /**
     * The request presented the bypass secret: set the bypass cookie
     * ({@link MaintenanceGate#issueBypassCookie}) and redirect it to its local {@code redirect} target.
     */
    ISSUE_BYPASS_COOKIE,
    /**
     * Accept the request into the write buffer and answer with its receipt. If the buffer can not take
     * it, answer as if there were no buffer: pass it when the decision {@linkplain Decision#allowed()
     * allows} it, else give the maintenance response.
     */
    BUFFER,
    /**
     * Give the maintenance response: JSON for API clients, else the page, or a redirect to
     * {@link Decision#redirect()} when there is one.
     */
    RESPOND,
    /**
     * Emergency maintenance let a signed-in user without an admin role through a bypass: give the
     * maintenance response with {@link Decision#ADMINS_ONLY_MESSAGE} (the session is signed out).
     */
    RESPOND_ADMINS_ONLY
}
