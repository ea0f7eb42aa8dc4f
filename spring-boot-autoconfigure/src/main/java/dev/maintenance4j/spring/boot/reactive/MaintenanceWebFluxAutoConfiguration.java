package dev.maintenance4j.spring.boot.reactive;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.AdminAuthenticator;
import dev.maintenance4j.admin.StatusContributor;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.spring.boot.AdminApiSettings;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.spring.boot.MaintenanceProperties;
import dev.maintenance4j.spring.boot.TestNotificationSender;
import dev.maintenance4j.webflux.MaintenanceAdminWebFilter;
import dev.maintenance4j.webflux.MaintenanceWebFilter;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * A reactive application gets the {@link MaintenanceWebFilter}, built from the same {@link HttpOptions} bean
 * as a servlet application's filter, and the {@link MaintenanceAdminWebFilter} with the same sign-in as the
 * admin servlet. With Spring Security, the user's {@code ROLE_} authorities are the roles
 * the policy's admin roles are matched against, as {@code isUserInRole} does on a servlet.
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = "dev.maintenance4j.webflux.MaintenanceWebFilter")
@ConditionalOnBean(Maintenance.class)
public class MaintenanceWebFluxAutoConfiguration {

    private static final String SPRING_SECURITY = "org.springframework.security.core.Authentication";

    @Bean
    @ConditionalOnMissingBean
    MaintenanceWebFilter maintenanceWebFilter(
            Maintenance maintenance,
            MaintenanceProperties properties,
            HttpOptions options,
            ObjectProvider<RequestBuffering> requestBuffer) {
        return MaintenanceWebFilter.builder(maintenance)
                .options(options)
                .requestBuffer(requestBuffer.getIfAvailable())
                .roles(roles())
                .order(properties.filterOrder())
                .build();
    }

    /**
     * The admin API, page, {@code status.json} and event stream at {@code maintenance.admin.path}, the same as a
     * servlet application's, just before the maintenance filter so admins reach it whatever the exempt paths say.
     */
    @Bean
    @ConditionalOnProperty(prefix = "maintenance.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnMissingBean
    MaintenanceAdminWebFilter maintenanceAdminWebFilter(
            Maintenance maintenance,
            MaintenanceProperties properties,
            Environment environment,
            AdminAuthenticator maintenanceAdminAuthenticator,
            ObjectProvider<StatusContributor> contributors,
            ObjectProvider<TestNotificationSender> testNotifications,
            ObjectProvider<RequestBuffering> requestBuffer) {
        return AdminApiSettings.apply(
                        MaintenanceAdminWebFilter.builder(maintenance),
                        properties,
                        environment,
                        maintenanceAdminAuthenticator,
                        contributors,
                        testNotifications,
                        requestBuffer.getIfAvailable())
                .mountPath(properties.admin().path())
                .roles(roles())
                .order(properties.filterOrder() - 1)
                .build();
    }

    private static Function<Principal, Collection<String>> roles() {
        if (!ClassUtils.isPresent(SPRING_SECURITY, MaintenanceWebFluxAutoConfiguration.class.getClassLoader())) {
            return principal -> List.of();
        }
        return SpringSecurityRoles::of;
    }
}
