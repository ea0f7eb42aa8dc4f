package dev.maintenance4j.admin.route;

/** The service has nothing this route could act on (no write buffer, no notifications): a 404 saying so. */
public final class NotConfiguredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotConfiguredException(String message) {
        super(message, null, false, false);
    }
}
