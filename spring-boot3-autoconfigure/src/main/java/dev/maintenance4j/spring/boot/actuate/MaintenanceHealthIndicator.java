package dev.maintenance4j.spring.boot.actuate;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The {@code maintenance} health on Spring Boot 3: {@link MaintenanceHealth}'s report in Boot 3's health API. */
public final class MaintenanceHealthIndicator implements HealthIndicator {

    /** The Boot type this indicator implements: the health configuration applies when it is on the class path. */
    public static final String BOOT_HEALTH_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";

    private final MaintenanceHealth health;

    public MaintenanceHealthIndicator(MaintenanceHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        MaintenanceHealth.Report report = health.check();
        return (report.up() ? Health.up() : Health.down())
                .withDetails(report.details())
                .build();
    }
}
