package dev.maintenance4j.spring.boot.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The {@code maintenance} health on Spring Boot 4: {@link MaintenanceHealth}'s report in Boot 4's health API. */
public final class MaintenanceHealthIndicator implements HealthIndicator {

    /** The Boot type this indicator implements: the health configuration applies when it is on the class path. */
    public static final String BOOT_HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";

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
