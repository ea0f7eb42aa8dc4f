package dev.maintenance4j.spring.boot.actuate;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.micrometer.MaintenanceMetrics;
import dev.maintenance4j.micrometer.WriteBufferMetrics;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.spring.boot.notify.MaintenanceNotificationsAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The optional parts: health, the actuator endpoint and metrics, each when its library is present. */
@AutoConfiguration(after = {MaintenanceAutoConfiguration.class, MaintenanceNotificationsAutoConfiguration.class})
@ConditionalOnBean(Maintenance.class)
public class MaintenanceActuatorAutoConfiguration {

    /** Boot 3 and Boot 4 each bring their own {@link MaintenanceHealthIndicator}, for their health API. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = MaintenanceHealthIndicator.BOOT_HEALTH_INDICATOR)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "maintenanceHealthIndicator")
        MaintenanceHealthIndicator maintenanceHealthIndicator(
                Maintenance maintenance, ObjectProvider<StaleSince> staleSince, ObjectProvider<RequestBuffer> buffer) {
            StaleSince stale = staleSince.getIfAvailable();
            return new MaintenanceHealthIndicator(new MaintenanceHealth(
                    maintenance, stale == null ? () -> null : stale::get, buffer.getIfAvailable()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        MaintenanceEndpoint maintenanceEndpoint(Maintenance maintenance) {
            return new MaintenanceEndpoint(maintenance);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        MaintenanceMetrics maintenanceMetrics(Maintenance maintenance) {
            return new MaintenanceMetrics(maintenance);
        }

        @Bean
        @ConditionalOnBean(RequestBuffer.class)
        @ConditionalOnMissingBean
        WriteBufferMetrics maintenanceWriteBufferMetrics(RequestBuffer buffer, Maintenance maintenance) {
            return new WriteBufferMetrics(buffer.buffer(), maintenance.clock());
        }
    }
}
