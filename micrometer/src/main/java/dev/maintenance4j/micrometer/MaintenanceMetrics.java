package dev.maintenance4j.micrometer;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.operation.OperationClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;

/**
 * Micrometer meters: {@code maintenance.active} (1 while in force), {@code maintenance.requests.blocked}
 * tagged by {@code operation.class}, {@code mode} and {@code outcome} ({@code blocked} or
 * {@code would_block} in test mode), and {@code maintenance.requests.bypassed} tagged by {@code bypass}
 * and {@code mode}. Tags only ever hold names from configuration, never request text.
 */
public final class MaintenanceMetrics implements MeterBinder {

    private final Maintenance maintenance;

    public MaintenanceMetrics(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(
                        "maintenance.active",
                        maintenance,
                        m -> m.state().isActiveAt(m.clock().instant()) ? 1 : 0)
                .description("1 while maintenance is in force")
                .register(registry);
        Gauge.builder("maintenance.state.version", maintenance, m -> m.state().version())
                .description("The version of the maintenance state this instance applied")
                .register(registry);
        maintenance.addListener(event -> {
            if (event instanceof MaintenanceEvent.Blocked blocked) {
                OperationClass operationClass = blocked.decision().operationClass();
                Counter.builder("maintenance.requests.blocked")
                        .description("Requests refused by maintenance (or, in test mode, that would have been)")
                        .tag("operation.class", operationClass == null ? "UNKNOWN" : operationClass.name())
                        .tag("mode", maintenance.state().mode().id())
                        .tag("outcome", blocked.decision().outcome() == Outcome.WOULD_BLOCK ? "would_block" : "blocked")
                        .register(registry)
                        .increment();
            } else if (event instanceof MaintenanceEvent.Bypassed bypassed) {
                Counter.builder("maintenance.requests.bypassed")
                        .description("Requests let through maintenance by a bypass")
                        .tag(
                                "bypass",
                                bypassed.decision()
                                        .outcome()
                                        .name()
                                        .substring("BYPASS_".length())
                                        .toLowerCase(Locale.ROOT))
                        .tag("mode", maintenance.state().mode().id())
                        .register(registry)
                        .increment();
            }
        });
    }
}
