package dev.maintenance4j.spring.boot.reactive;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.spring.boot.MaintenanceProperties;
import dev.maintenance4j.webflux.MaintenanceWebFilter;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * A reactive application gets the {@link MaintenanceWebFilter}, built from the same {@link HttpOptions} bean
 * as a servlet application's filter. With Spring Security, the user's {@code ROLE_} authorities are the roles
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
            Maintenance maintenance, MaintenanceProperties properties, HttpOptions options) {
        return MaintenanceWebFilter.builder(maintenance)
                .options(options)
                .roles(roles())
                .order(properties.filterOrder())
                .build();
    }

    private static Function<Principal, Collection<String>> roles() {
        if (!ClassUtils.isPresent(SPRING_SECURITY, MaintenanceWebFluxAutoConfiguration.class.getClassLoader())) {
            return principal -> List.of();
        }
        return SpringSecurityRoles::of;
    }
}
