package dev.maintenance4j.spring.boot;

/**
 * Sends a test notification for the admin API's {@code notify/test}; provided when notifications are
 * configured.
 */
@FunctionalInterface
public interface TestNotificationSender {

    /** Sends a test notification on behalf of {@code actor}. */
    void send(String actor);
}
