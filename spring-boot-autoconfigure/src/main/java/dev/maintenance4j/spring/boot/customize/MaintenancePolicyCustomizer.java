package dev.maintenance4j.spring.boot.customize;

import dev.maintenance4j.decision.MaintenancePolicy;

/**
 * Changes the policy the starter builds from {@code maintenance.*} properties (exempt paths, rules, blocked
 * classes, cookie settings), without replacing the {@code MaintenancePolicy} bean. Applied in
 * {@link org.springframework.core.annotation.Order} after the properties.
 *
 * <pre>{@code
 * @Bean
 * MaintenancePolicyCustomizer statusPageIsExempt() {
 *     return policy -> policy.addExemptPaths("/status-page");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MaintenancePolicyCustomizer {

    void customize(MaintenancePolicy.Builder policy);
}
