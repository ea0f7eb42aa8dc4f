package dev.maintenance4j.micrometer;

import dev.maintenance4j.notify.DeliveryStatus;
import dev.maintenance4j.notify.MaintenanceNotifications;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The notifications' meters, tagged by {@code target}: the counters {@code maintenance.notifications.delivered},
 * {@code .failed} (every attempt failed) and {@code .dropped} (the queue was full). Needs
 * {@code maintenance4j-notifications} on the class path.
 */
public final class NotificationMetrics implements MeterBinder {

    private final MaintenanceNotifications notifications;

    public NotificationMetrics(MaintenanceNotifications notifications) {
        this.notifications = Objects.requireNonNull(notifications, "notifications");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (DeliveryStatus initial : notifications.deliveryStatus()) {
            String target = initial.target();
            register(
                    registry,
                    "maintenance.notifications.delivered",
                    target,
                    DeliveryStatus::delivered,
                    "Notifications delivered");
            register(
                    registry,
                    "maintenance.notifications.failed",
                    target,
                    DeliveryStatus::failed,
                    "Notifications not delivered after every attempt");
            register(
                    registry,
                    "maintenance.notifications.dropped",
                    target,
                    DeliveryStatus::dropped,
                    "Notifications dropped because the queue was full");
        }
    }

    private void register(
            MeterRegistry registry,
            String name,
            String target,
            ToDoubleFunction<DeliveryStatus> value,
            String description) {
        FunctionCounter.builder(
                        name,
                        notifications,
                        n -> n.deliveryStatus().stream()
                                .filter(s -> s.target().equals(target))
                                .mapToDouble(value)
                                .sum())
                .tag("target", target)
                .description(description)
                .register(registry);
    }
}
