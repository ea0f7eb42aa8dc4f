package dev.maintenance4j.notify;

import dev.maintenance4j.MaintenanceStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing to tell people.
 *
 * @param type     what happened
 * @param at       when
 * @param service  the service's name, as configured
 * @param instance the instance that sent it
 * @param actor    who made the change, or null (a window ending by itself)
 * @param before   the state before
 * @param after    the state after
 */
public record Notification(
        NotificationType type,
        Instant at,
        String service,
        String instance,
        @Nullable String actor,
        MaintenanceStatus before,
        MaintenanceStatus after) {

    public Notification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** A one-line summary, such as {@code [orders] Maintenance started (full) by alice: Database upgrade, until 2026-11-23T10:30:00Z}. */
    public String text() {
        StringBuilder sb = new StringBuilder("[").append(service).append("] ").append(type.title());
        MaintenanceStatus s = after;
        if (type != NotificationType.DEACTIVATED && type != NotificationType.EXPIRED && type != NotificationType.TEST) {
            sb.append(" (").append(s.mode()).append(')');
        }
        if (actor != null && type != NotificationType.STALE) {
            sb.append(" by ").append(actor);
        }
        if (s.reason() != null && type != NotificationType.DEACTIVATED && type != NotificationType.EXPIRED) {
            sb.append(": ").append(s.reason());
        }
        if (type == NotificationType.SCHEDULED && s.startsAt() != null) {
            sb.append(", from ").append(s.startsAt());
        }
        if (s.until() != null
                && (type == NotificationType.ACTIVATED
                        || type == NotificationType.EMERGENCY
                        || type == NotificationType.SCHEDULED)) {
            sb.append(", until ").append(s.until());
        }
        if (type == NotificationType.STALE && s.since() != null) {
            sb.append(": on since ").append(s.since()).append(" — has it been forgotten?");
        }
        return sb.toString();
    }
}
