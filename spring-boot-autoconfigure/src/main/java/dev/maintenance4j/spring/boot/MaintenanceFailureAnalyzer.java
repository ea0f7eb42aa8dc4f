package dev.maintenance4j.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link MaintenanceStartupException} as Spring Boot's "APPLICATION FAILED TO START" description and action. */
final class MaintenanceFailureAnalyzer extends AbstractFailureAnalyzer<MaintenanceStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MaintenanceStartupException cause) {
        return new FailureAnalysis("maintenance4j: " + cause.getMessage(), cause.action(), cause);
    }
}
