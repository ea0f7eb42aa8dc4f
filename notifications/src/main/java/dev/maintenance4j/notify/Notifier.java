package dev.maintenance4j.notify;

/**
 * Delivers notifications to one target. Called from the target's own delivery thread, never from a
 * request or the thread that changed the state; throwing means "failed, retry later".
 */
public interface Notifier {

    /** A name for logs and status, such as {@code webhook https://hooks.example.com/...}. */
    String name();

    /**
     * Delivers one notification.
     *
     * @throws Exception when it could not be delivered; it is retried with backoff
     */
    void deliver(Notification notification) throws Exception;
}
