package dev.maintenance4j.spring.boot;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.Mode;
import dev.maintenance4j.admin.AdminAuthenticator;
import dev.maintenance4j.admin.MaintenanceAdminServlet;
import dev.maintenance4j.admin.StatusContributor;
import dev.maintenance4j.buffer.WriteBuffer;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.bypass.CookieKey;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.event.MaintenanceListener;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.http.MaintenancePage;
import dev.maintenance4j.operation.BlockedClasses;
import dev.maintenance4j.operation.OperationClass;
import dev.maintenance4j.operation.OperationRule;
import dev.maintenance4j.servlet.MaintenanceDecisionServlet;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.OriginalRequestHeaders;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.spring.boot.aot.MaintenanceRuntimeHints;
import dev.maintenance4j.spring.boot.customize.MaintenanceCustomizer;
import dev.maintenance4j.spring.boot.customize.MaintenanceHttpCustomizer;
import dev.maintenance4j.spring.boot.customize.MaintenancePolicyCustomizer;
import dev.maintenance4j.spring.boot.store.DataSourceStoreConfiguration;
import dev.maintenance4j.spring.boot.store.RedisConnectionStoreConfiguration;
import dev.maintenance4j.text.Failures;
import dev.maintenance4j.time.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Adapts the core and servlet builders to Spring Boot: every bean is built from
 * {@link MaintenanceProperties} and replaced by a bean of the application's own.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "maintenance", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MaintenanceProperties.class)
@Import({DataSourceStoreConfiguration.class, RedisConnectionStoreConfiguration.class})
@ImportRuntimeHints(MaintenanceRuntimeHints.class)
public class MaintenanceAutoConfiguration {

    /** The environment variable holding the servers' bypass cookie key when {@code maintenance.cookie.key} is unset. */
    public static final String COOKIE_KEY_ENV = "MAINTENANCE4J_COOKIE_KEY";

    @Bean
    @ConditionalOnMissingBean
    Clock maintenanceClock() {
        return Clock.systemUTC();
    }

    /** Who may use the admin API, on a servlet or a reactive server: see {@link AdminApiSettings}. */
    @Bean
    @ConditionalOnMissingBean(name = "maintenanceAdminAuthenticator")
    AdminAuthenticator maintenanceAdminAuthenticator(MaintenanceProperties properties, Environment environment) {
        return AdminApiSettings.authenticator(properties, environment);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StateStore maintenanceStateStore(MaintenanceProperties properties, Clock clock, ResourceLoader resources) {
        JacksonAnnotations.require(resources.getClassLoader());
        try {
            return StateStores.open(
                    properties.store(), new StoreOptions(properties.safeDefault(), properties.pollInterval(), clock));
        } catch (IllegalArgumentException | StoreException e) {
            throw new MaintenanceStartupException(
                    "cannot open the state store '" + properties.store() + "': " + e.getMessage(),
                    "Set maintenance.store to file:PATH, redis://HOST:PORT, jdbc:postgresql://HOST/DB?user=U, "
                            + "memcached://HOST:PORT, datasource or redis (the application's own DataSource or Spring Data "
                            + "Redis connection, with maintenance4j-store-jdbc or -store-redis).",
                    e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    MaintenancePolicy maintenancePolicy(
            MaintenanceProperties properties,
            Environment environment,
            ObjectProvider<MaintenancePolicyCustomizer> customizers) {
        // the actuator endpoint that switches maintenance is admin work, never blocked by it
        List<String> adminPaths = new ArrayList<>(properties.adminPaths());
        String actuatorBase = environment
                .getProperty("management.endpoints.web.base-path", "/actuator")
                .replaceAll("/+$", "");
        adminPaths.add(actuatorBase + "/maintenance/**");
        List<String> exemptPaths = properties.exemptPaths();
        MaintenancePolicy.Builder policy = MaintenancePolicy.custom()
                .exemptPaths(exemptPaths != null ? exemptPaths : MaintenancePolicy.DEFAULT_EXEMPT_PATHS)
                .adminPaths(adminPaths)
                .adminRoles(properties.adminRoles())
                .rules(properties.rules().stream().map(OperationRule::parse).toList())
                .bypassCookieLifetime(properties.cookie().lifetime())
                .defaultRetryAfter(properties.defaultRetryAfter().isZero() ? null : properties.defaultRetryAfter())
                .cookieKey(cookieKey(properties, environment));
        properties.blocked().forEach((mode, classes) -> policy.blocked(Mode.of(mode), blockedClasses(classes)));
        customizers.orderedStream().forEach(customizer -> customizer.customize(policy));
        return policy.build();
    }

    /** The servers' cookie key: {@code maintenance.cookie.key}, else {@code MAINTENANCE4J_COOKIE_KEY}; a warning without either. */
    private static @Nullable CookieKey cookieKey(MaintenanceProperties properties, Environment environment) {
        String key =
                properties.cookie().key() != null ? properties.cookie().key() : environment.getProperty(COOKIE_KEY_ENV);
        if (key == null || key.isBlank()) {
            LoggerFactory.getLogger(MaintenanceAutoConfiguration.class)
                    .warn("maintenance.cookie.key is not set: whoever can read "
                            + "the state store could sign bypass cookies; set it (or " + COOKIE_KEY_ENV
                            + ") to the same random value on every instance");
            return null;
        }
        try {
            return CookieKey.of(key);
        } catch (IllegalArgumentException e) {
            throw new MaintenanceStartupException(
                    Failures.describe(e),
                    "Set maintenance.cookie.key (or " + COOKIE_KEY_ENV
                            + ") to a longer random value, the same on every instance.",
                    e);
        }
    }

    /** {@code WRITE,EXPORT} blocks those; {@code !ADMIN} blocks all but ADMIN. */
    static BlockedClasses blockedClasses(List<String> names) {
        boolean except =
                !names.isEmpty() && names.stream().allMatch(n -> n.strip().startsWith("!"));
        OperationClass[] classes = names.stream()
                .map(n -> n.strip().replaceFirst("^!", ""))
                .map(n -> OperationClass.of(n, n))
                .toArray(OperationClass[]::new);
        return except ? BlockedClasses.allExcept(classes) : BlockedClasses.of(classes);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Maintenance maintenance(
            StateStore store,
            MaintenancePolicy policy,
            MaintenanceProperties properties,
            Clock clock,
            ObjectProvider<Scheduler> scheduler,
            ObjectProvider<MaintenanceListener> listeners,
            ObjectProvider<MaintenanceCustomizer> customizers,
            ApplicationEventPublisher publisher,
            ResourceLoader resources) {
        JacksonAnnotations.require(resources.getClassLoader());
        Maintenance.Builder builder = Maintenance.builder(store)
                .policy(policy)
                .clock(clock)
                .pollInterval(properties.pollInterval())
                .safeDefault(properties.safeDefault())
                .keepLastGoodState(properties.keepLastGoodState())
                .localMirror(properties.localMirror());
        scheduler.ifAvailable(builder::scheduler); // a test's ManualScheduler, for one
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        Maintenance maintenance = builder.build();
        listeners.orderedStream().forEach(maintenance::addListener);
        maintenance.addListener(event -> {
            if (!(event instanceof MaintenanceEvent.Bypassed) && !(event instanceof MaintenanceEvent.Blocked)) {
                publisher.publishEvent(event);
            }
        });
        if (properties.health().readinessOutOfService()) {
            maintenance.addListener(event -> {
                if (event instanceof MaintenanceEvent.Activated) {
                    AvailabilityChangeEvent.publish(publisher, maintenance, ReadinessState.REFUSING_TRAFFIC);
                } else if (event instanceof MaintenanceEvent.Deactivated) {
                    AvailabilityChangeEvent.publish(publisher, maintenance, ReadinessState.ACCEPTING_TRAFFIC);
                }
            });
        }
        return maintenance;
    }

    /** Starts maintenance4j (and the write buffer's replay) before the web server, and stops it after. */
    @Bean
    @ConditionalOnMissingBean
    MaintenanceLifecycle maintenanceLifecycle(Maintenance maintenance, ObjectProvider<RequestBuffer> buffer) {
        return new MaintenanceLifecycle(maintenance, buffer.getIfAvailable());
    }

    /**
     * How the web adapter (servlet or WebFlux) meets traffic, from {@code maintenance.*} and the
     * {@link MaintenanceHttpCustomizer}s.
     */
    @Bean
    @ConditionalOnMissingBean
    HttpOptions maintenanceHttpOptions(
            MaintenanceProperties properties, ObjectProvider<MaintenanceHttpCustomizer> customizers) {
        HttpOptions.Builder options = HttpOptions.builder()
                .trustedProxies(properties.trustedProxies())
                .forwardedHeader(properties.forwardedHeader())
                .apiPaths(properties.apiPaths())
                .cookieName(properties.cookie().name())
                .cookieDomain(properties.cookie().domain())
                .previewHeader(properties.previewHeader())
                .secretAttemptsPerMinute(properties.secretAttemptsPerMinute());
        if (properties.template() != null) {
            String template = properties.template();
            try {
                options.page(
                        template.startsWith("classpath:")
                                ? MaintenancePage.fromClasspath(template.substring("classpath:".length()))
                                : MaintenancePage.fromFile(
                                        Path.of(template.startsWith("file:") ? template.substring(5) : template)));
            } catch (RuntimeException e) {
                throw new MaintenanceStartupException(
                        "cannot use the maintenance page template '" + template + "': " + Failures.describe(e),
                        "Point maintenance.template at a readable HTML file (file:PATH or classpath:PATH).",
                        e);
            }
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(options));
        return options.build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The write buffer, with the routes of the application's {@link BufferedRoute} beans; servlet or reactive. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "maintenance.buffer", name = "enabled", havingValue = "true")
    @ConditionalOnMissingBean
    RequestBuffer maintenanceRequestBuffer(MaintenanceProperties properties, ObjectProvider<BufferedRoute> routes)
            throws IOException {
        MaintenanceProperties.Buffer settings = properties.buffer();
        int maxBody = (int)
                Math.min(Integer.MAX_VALUE - 65_536, settings.maxBodySize().toBytes());
        WriteBuffer buffer;
        try {
            buffer = WriteBuffer.builder(settings.directory())
                    .maxRecordBytes(maxBody + 65_536) // the body and the kept headers
                    .maxBytes(settings.maxSize().toBytes())
                    .maxAttempts(settings.maxAttempts())
                    .retryBackoff(settings.retryBackoff(), max(settings.retryBackoff(), Duration.ofSeconds(30)))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new MaintenanceStartupException(
                    "cannot open the write buffer in " + settings.directory().toAbsolutePath() + ": "
                            + Failures.describe(e),
                    "Give each instance its own maintenance.buffer.directory (another instance on this machine may hold this one).",
                    e);
        }
        RequestBuffer.Builder requestBuffer =
                RequestBuffer.builder(buffer).maxBodyBytes(maxBody).keepHeaders(settings.keepHeaders());
        routes.orderedStream().forEach(requestBuffer::route);
        try {
            return requestBuffer.build(); // started by MaintenanceLifecycle, once the state is known
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    /** The servlet parts: the filter in front of the application, and the admin API. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "maintenanceFilterRegistration")
        FilterRegistrationBean<MaintenanceFilter> maintenanceFilterRegistration(
                Maintenance maintenance,
                MaintenanceProperties properties,
                HttpOptions options,
                ObjectProvider<RequestBuffer> requestBuffer) {
            MaintenanceFilter.Builder filter = MaintenanceFilter.builder(maintenance)
                    .requestBuffer(requestBuffer.getIfAvailable())
                    .options(options);
            FilterRegistrationBean<MaintenanceFilter> registration = new FilterRegistrationBean<>(filter.build());
            registration.setName("maintenanceFilter");
            registration.setOrder(properties.filterOrder());
            registration.setAsyncSupported(true);
            registration.addUrlPatterns("/*");
            return registration;
        }

        @Bean
        @ConditionalOnProperty(prefix = "maintenance.decide", name = "enabled", havingValue = "true")
        @ConditionalOnMissingBean(name = "maintenanceDecisionServletRegistration")
        ServletRegistrationBean<MaintenanceDecisionServlet> maintenanceDecisionServletRegistration(
                FilterRegistrationBean<MaintenanceFilter> maintenanceFilterRegistration,
                MaintenanceProperties properties) {
            if (properties.trustedProxies().isEmpty()) {
                throw new MaintenanceStartupException(
                        "maintenance.decide.enabled is set but no proxy may ask: maintenance.trusted-proxies is empty",
                        "List the proxy's address in maintenance.trusted-proxies (for example 127.0.0.1/32), or turn "
                                + "maintenance.decide.enabled off.",
                        null);
            }
            OriginalRequestHeaders headers = properties.decide().headers();
            if (headers == null) {
                throw new MaintenanceStartupException(
                        "maintenance.decide.enabled is set but maintenance.decide.headers is not",
                        "Set maintenance.decide.headers to x-original (nginx, ingress-nginx), x-forwarded (Caddy, "
                                + "Traefik) or envoy (Envoy ext_authz): where the proxy sends the original request.",
                        null);
            }
            MaintenanceFilter filter = maintenanceFilterRegistration.getFilter();
            if (filter == null) {
                throw new IllegalStateException("the maintenance filter registration holds no filter");
            }
            MaintenanceDecisionServlet servlet = MaintenanceDecisionServlet.builder(filter, headers)
                    .userHeader(properties.decide().userHeader())
                    .rolesHeader(properties.decide().rolesHeader())
                    .build();
            String path = properties.admin().path().replaceAll("/+$", "");
            ServletRegistrationBean<MaintenanceDecisionServlet> registration =
                    new ServletRegistrationBean<>(servlet, path + "/decide/*"); // and the path after it, for Envoy
            registration.setName("maintenanceDecisionServlet");
            return registration;
        }

        @Bean
        @ConditionalOnProperty(
                prefix = "maintenance.admin",
                name = "enabled",
                havingValue = "true",
                matchIfMissing = true)
        @ConditionalOnMissingBean(name = "maintenanceAdminServletRegistration")
        ServletRegistrationBean<MaintenanceAdminServlet> maintenanceAdminServletRegistration(
                Maintenance maintenance,
                MaintenanceProperties properties,
                Environment environment,
                AdminAuthenticator maintenanceAdminAuthenticator,
                ObjectProvider<StatusContributor> contributors,
                ObjectProvider<TestNotificationSender> testNotifications,
                ObjectProvider<RequestBuffer> requestBuffer) {
            MaintenanceAdminServlet.Builder servlet = AdminApiSettings.apply(
                    MaintenanceAdminServlet.builder(maintenance),
                    properties,
                    environment,
                    maintenanceAdminAuthenticator,
                    contributors,
                    testNotifications,
                    requestBuffer.getIfAvailable());
            String path = properties.admin().path().replaceAll("/+$", "");
            ServletRegistrationBean<MaintenanceAdminServlet> registration =
                    new ServletRegistrationBean<>(servlet.build(), path + "/*");
            registration.setName("maintenanceAdminServlet");
            registration.setAsyncSupported(true);
            return registration;
        }
    }
}
