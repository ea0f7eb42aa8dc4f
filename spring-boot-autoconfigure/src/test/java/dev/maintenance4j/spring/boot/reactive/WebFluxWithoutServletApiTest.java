package dev.maintenance4j.spring.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.spring.boot.actuate.MaintenanceActuatorAutoConfiguration;
import dev.maintenance4j.spring.boot.scheduling.MaintenanceSchedulingAutoConfiguration;
import dev.maintenance4j.webflux.MaintenanceAdminWebFilter;
import dev.maintenance4j.webflux.MaintenanceWebFilter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

/**
 * A WebFlux application usually has no servlet API: with the conditions seeing none, the reactive context
 * starts with the WebFilter (at {@code maintenance.filter-order}), the admin API's WebFilter just before it, and
 * without any servlet bean.
 */
class WebFluxWithoutServletApiTest {

    @TempDir
    Path dir;

    @Test
    void theStarterStartsWithoutTheServletApiAndRegistersTheWebFilter() {
        new ReactiveWebApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("jakarta.servlet."))
                .withConfiguration(AutoConfigurations.of(
                        MaintenanceAutoConfiguration.class,
                        MaintenanceActuatorAutoConfiguration.class,
                        MaintenanceSchedulingAutoConfiguration.class,
                        MaintenanceWebFluxAutoConfiguration.class))
                .withPropertyValues(
                        "maintenance.store=file:" + dir.resolve("state.json"),
                        "maintenance.filter-order=7",
                        "maintenance.buffer.enabled=true",
                        "maintenance.buffer.directory=" + dir.resolve("buffer"))
                .withBean(BufferedRoute.class, () -> BufferedRoute.of("POST", "/api/events", request -> {}))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context)
                            .hasSingleBean(Maintenance.class)
                            .hasSingleBean(HttpOptions.class)
                            .hasSingleBean(MaintenanceWebFilter.class)
                            .doesNotHaveBean("maintenanceFilterRegistration")
                            .doesNotHaveBean("maintenanceAdminServletRegistration");
                    assertThat(context.getBean(MaintenanceWebFilter.class).getOrder())
                            .isEqualTo(7);
                    assertThat(context).hasSingleBean(MaintenanceAdminWebFilter.class);
                    assertThat(context)
                            .as("the write buffer needs no servlet either")
                            .hasSingleBean(RequestBuffer.class);
                    assertThat(context.getBean(MaintenanceAdminWebFilter.class).getOrder())
                            .as("the admin API answers before the maintenance filter")
                            .isEqualTo(6);
                });
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MaintenanceAutoConfiguration.class, MaintenanceWebFluxAutoConfiguration.class))
                .withPropertyValues(
                        "maintenance.store=file:" + dir.resolve("state.json"), "maintenance.admin.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(MaintenanceWebFilter.class)
                        .doesNotHaveBean(MaintenanceAdminWebFilter.class));
    }
}
