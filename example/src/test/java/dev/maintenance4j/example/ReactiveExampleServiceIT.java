package dev.maintenance4j.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.webflux.MaintenanceAdminWebFilter;
import dev.maintenance4j.webflux.MaintenanceWebFilter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The example's reactive profile ({@code bin/example --reactive}): the same service on Spring WebFlux and
 * Reactor Netty passes every black-box check of {@link ExampleServiceIT}: pages and JSON, the admin API and its
 * errors, server-sent events, actuator, the CLI over the API and on the shared file, the scheduled job, and
 * events accepted into the write buffer during maintenance and replayed in order after.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("reactive")
class ReactiveExampleServiceIT extends ExampleServiceIT {

    @Autowired
    ApplicationContext context;

    @Test
    void theServiceRunsOnWebFluxWithTheReactiveAdapters() {
        assertThat(context.getBeansOfType(MaintenanceWebFilter.class)).hasSize(1);
        assertThat(context.getBeansOfType(MaintenanceAdminWebFilter.class)).hasSize(1);
        assertThat(context.containsBean("maintenanceFilterRegistration")).isFalse();
    }
}
