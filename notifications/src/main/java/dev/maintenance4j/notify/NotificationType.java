package dev.maintenance4j.notify;

/** What a notification is about. */
public enum NotificationType {
    /** Maintenance came into force (switched on, or a scheduled window started). */
    ACTIVATED("maintenance.activated", "Maintenance started"),
    /** Maintenance came into force in emergency mode, or turned to emergency. */
    EMERGENCY("maintenance.emergency", "EMERGENCY maintenance"),
    /** Maintenance was switched off. */
    DEACTIVATED("maintenance.deactivated", "Maintenance ended"),
    /** A window ended by itself at its end time. */
    EXPIRED("maintenance.expired", "Maintenance window ended"),
    /** A window was scheduled for later (or its schedule changed). */
    SCHEDULED("maintenance.scheduled", "Maintenance scheduled"),
    /** Maintenance has been on longer than the configured threshold: possibly forgotten. */
    STALE("maintenance.stale", "Maintenance still on"),
    /** A test notification asked for by an operator. */
    TEST("maintenance.test", "Test notification");

    private final String id;
    private final String title;

    NotificationType(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The event type sent to webhooks, such as {@code maintenance.activated}. */
    public String id() {
        return id;
    }

    /** A short human title. */
    public String title() {
        return title;
    }
}
