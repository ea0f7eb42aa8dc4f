package dev.maintenance4j.event;

/**
 * Receives {@link MaintenanceEvent}s. Request events ({@code Bypassed}, {@code Blocked}) are delivered
 * on the request thread: keep listeners fast and hand slow work to an executor. A listener that
 * throws is logged and does not affect the request or other listeners.
 */
@FunctionalInterface
public interface MaintenanceListener {

    void onEvent(MaintenanceEvent event);
}
