package dev.maintenance4j.spring.boot.scheduling;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.Mode;
import dev.maintenance4j.admin.StatusContributor;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.spring.boot.MaintenanceProperties;
import java.util.stream.Collectors;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Background work during maintenance: {@code @Scheduled} methods are skipped (unless
 * {@link RunDuringMaintenance}), interrupted after a grace period in an emergency, and the configured
 * lifecycle beans are stopped for the duration.
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnBean(Maintenance.class)
public class MaintenanceSchedulingAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(
            prefix = "maintenance.scheduling",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    static MaintenanceScheduledTaskInterceptor maintenanceScheduledTaskInterceptor(
            ObjectProvider<Maintenance> maintenance, ObjectProvider<MaintenanceProperties> properties) {
        MaintenanceProperties.Scheduling scheduling = properties.getObject().scheduling();
        return new MaintenanceScheduledTaskInterceptor(
                maintenance.getObject(),
                scheduling.skipIn().stream().map(Mode::of).collect(Collectors.toSet()),
                scheduling.emergencyGracePeriod());
    }

    /** Applies the interceptor to every {@code @Scheduled} method (an infrastructure advisor: no AspectJ needed). */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnProperty(
            prefix = "maintenance.scheduling",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    static Advisor maintenanceScheduledTaskAdvisor(ObjectProvider<MaintenanceScheduledTaskInterceptor> interceptor) {
        return new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, Scheduled.class, true),
                (MethodInterceptor) invocation -> interceptor.getObject().invoke(invocation));
    }

    /** Puts the running job count into the admin status. */
    @Bean
    @ConditionalOnProperty(
            prefix = "maintenance.scheduling",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    static StatusContributor maintenanceActiveJobs(ObjectProvider<MaintenanceScheduledTaskInterceptor> interceptor) {
        return StatusContributor.of("activeJobs", () -> interceptor.getObject().activeJobs());
    }

    /** A {@code MaintenanceListener} bean: the {@code Maintenance} bean registers it. */
    @Bean
    @ConditionalOnProperty(prefix = "maintenance.scheduling", name = "stop-beans")
    static MaintenanceLifecycleBeans maintenanceLifecycleBeans(
            ObjectProvider<MaintenanceProperties> properties, BeanFactory beans) {
        return new MaintenanceLifecycleBeans(
                beans, properties.getObject().scheduling().stopBeans());
    }
}
