package dev.maintenance4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.Mode;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.admin.AdminAuthenticator;
import dev.maintenance4j.admin.AdminRequest;
import dev.maintenance4j.admin.MaintenanceAdminServlet;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.http.ForwardedHeader;
import dev.maintenance4j.http.HeaderValues;
import dev.maintenance4j.micrometer.MaintenanceMetrics;
import dev.maintenance4j.operation.OperationClass;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.spring.boot.actuate.MaintenanceActuatorAutoConfiguration;
import dev.maintenance4j.spring.boot.actuate.MaintenanceEndpoint;
import dev.maintenance4j.spring.boot.actuate.MaintenanceHealthIndicator;
import dev.maintenance4j.store.file.FileStateStore;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.event.EventListener;

/** One condition or property per test, with {@link ApplicationContextRunner}. */
class MaintenanceAutoConfigurationTest {

    @TempDir
    Path dir;

    private WebApplicationContextRunner web() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MaintenanceAutoConfiguration.class, MaintenanceActuatorAutoConfiguration.class))
                .withPropertyValues("maintenance.store=file:" + dir.resolve("state.json"));
    }

    @Test
    void createsTheStoreMaintenanceFilterAndAdminServlet() {
        web().run(context -> {
            assertThat(context)
                    .hasSingleBean(StateStore.class)
                    .hasSingleBean(Maintenance.class)
                    .hasSingleBean(MaintenancePolicy.class);
            assertThat(context.getBean(StateStore.class).describe()).isEqualTo("file:" + dir.resolve("state.json"));
            assertThat(context.getBean("maintenanceFilterRegistration", FilterRegistrationBean.class)
                            .getFilter())
                    .isInstanceOf(MaintenanceFilter.class);
            ServletRegistrationBean<?> admin =
                    context.getBean("maintenanceAdminServletRegistration", ServletRegistrationBean.class);
            assertThat(admin.getServlet()).isInstanceOf(MaintenanceAdminServlet.class);
            assertThat(admin.getUrlMappings()).containsExactly("/maintenance/*");
        });
    }

    @Test
    void securitySettingsBindAndBadOnesStopTheStartWithOneClearDescription() {
        web().withPropertyValues(
                        "maintenance.forwarded-header=forwarded",
                        "maintenance.keep-last-good-state=false",
                        "maintenance.cookie.key=a-cookie-key-of-enough-length-0123",
                        "maintenance.default-retry-after=10m")
                .run(context -> {
                    MaintenanceProperties properties = context.getBean(MaintenanceProperties.class);
                    assertThat(properties.forwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
                    assertThat(properties.keepLastGoodState()).isFalse();
                    assertThat(context.getBean(Maintenance.class)
                                    .gate()
                                    .policy()
                                    .cookieKey())
                            .isNotNull();
                    assertThat(context.getBean(Maintenance.class)
                                    .gate()
                                    .policy()
                                    .defaultRetryAfter())
                            .isEqualTo(Duration.ofMinutes(10));
                });
        web().withPropertyValues("maintenance.cookie.key=short")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("at least 24 characters"));
        web().withPropertyValues("maintenance.store=gopher://nowhere").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class);
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof MaintenanceStartupException)) {
                failure = failure.getCause();
            }
            assertThat(failure)
                    .isInstanceOf(MaintenanceStartupException.class)
                    .hasMessageContaining("cannot open the state store 'gopher://nowhere'");
            assertThat(((MaintenanceStartupException) failure).action()).contains("Set maintenance.store to");
        });
    }

    @Test
    void disabledByProperty() {
        web().withPropertyValues("maintenance.enabled=false")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(Maintenance.class)
                        .doesNotHaveBean(MaintenanceEndpoint.class));
    }

    @Test
    void adminApiCanBeTurnedOffAndMoved() {
        web().withPropertyValues("maintenance.admin.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("maintenanceAdminServletRegistration"));
        web().withPropertyValues("maintenance.admin.path=/ops/maintenance/")
                .run(context -> assertThat(
                                context.getBean("maintenanceAdminServletRegistration", ServletRegistrationBean.class)
                                        .getUrlMappings())
                        .containsExactly("/ops/maintenance/*"));
    }

    @Test
    void noServletPartsOutsideAServletApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MaintenanceAutoConfiguration.class))
                .withPropertyValues("maintenance.store=file:" + dir.resolve("state.json"))
                .run(context -> assertThat(context)
                        .hasSingleBean(Maintenance.class)
                        .doesNotHaveBean("maintenanceFilterRegistration")
                        .doesNotHaveBean("maintenanceAdminServletRegistration"));
    }

    @Test
    void anApplicationStoreReplacesTheConfiguredOne() {
        web().withBean(
                        "customStore",
                        StateStore.class,
                        () -> FileStateStore.builder(dir.resolve("custom.json")).build())
                .run(context -> assertThat(context.getBean(Maintenance.class)
                                .view()
                                .store()
                                .describe())
                        .endsWith("custom.json"));
    }

    @Test
    void withoutPropertiesTheDefaultsAreCoresOwn() {
        web().run(context -> {
            MaintenancePolicy policy = context.getBean(MaintenancePolicy.class);
            assertThat(policy.exemptPaths())
                    .extracting(Object::toString)
                    .containsExactlyElementsOf(MaintenancePolicy.DEFAULT_EXEMPT_PATHS);
            assertThat(policy.isExempt("/actuator/prometheus")).isTrue();
            assertThat(context.getBean(MaintenanceProperties.class).pollInterval())
                    .isEqualTo(StoreOptions.DEFAULT_POLL_INTERVAL);
        });
    }

    @Test
    void policyComesFromProperties() {
        web().withPropertyValues(
                        "maintenance.exempt-paths=/ping",
                        "maintenance.admin-roles=ops",
                        "maintenance.rules=POST /api/reports/** = EXPORT",
                        "maintenance.blocked.read-only=WRITE,EXPORT",
                        "maintenance.blocked.full=!ADMIN,!READ",
                        "maintenance.cookie.lifetime=2h")
                .run(context -> {
                    MaintenancePolicy policy = context.getBean(MaintenancePolicy.class);
                    assertThat(policy.exemptPaths())
                            .extracting(Object::toString)
                            .containsExactly("/ping");
                    assertThat(policy.adminRoles()).containsExactly("ops");
                    assertThat(policy.classifier()
                                    .classify("POST", "/api/reports/x")
                                    .name())
                            .isEqualTo("EXPORT");
                    assertThat(policy.blockedIn(Mode.READ_ONLY).blocks(OperationClass.of("EXPORT", "x")))
                            .isTrue();
                    assertThat(policy.blockedIn(Mode.READ_ONLY).blocks(OperationClass.READ))
                            .isFalse();
                    assertThat(policy.blockedIn(Mode.FULL).blocks(OperationClass.READ))
                            .isFalse();
                    assertThat(policy.blockedIn(Mode.FULL).blocks(OperationClass.WRITE))
                            .isTrue();
                    assertThat(policy.bypassCookieLifetime()).isEqualTo(Duration.ofHours(2));
                });
    }

    @Test
    void badPropertiesFailTheStartWithTheReason() {
        web().withPropertyValues("maintenance.rules=not a rule")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("operation rule 'not a rule'"));
        web().withPropertyValues("maintenance.trusted-proxies=10.0.0.1/8")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("did you mean 10.0.0.0/8"));
        web().withPropertyValues("maintenance.store=gopher://x")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("no state store for 'gopher://x'"));
    }

    @Test
    void safeDefaultAndPollIntervalAreBound() {
        web().withPropertyValues("maintenance.safe-default=closed", "maintenance.poll-interval=250ms")
                .run(context -> assertThat(context.getBean(MaintenanceProperties.class))
                        .satisfies(p -> {
                            assertThat(p.safeDefault()).isEqualTo(SafeDefault.CLOSED);
                            assertThat(p.pollInterval()).isEqualTo(Duration.ofMillis(250));
                        }));
    }

    @Test
    void adminTokensFromPropertiesAndTheEnvironment() {
        web().withPropertyValues(
                        "maintenance.admin.tokens.deployer=deployer-token-0123456789",
                        "MAINTENANCE4J_ADMIN_TOKEN=env-token-0123456789")
                .run(context -> {
                    AdminAuthenticator authenticator = context.getBean(AdminAuthenticator.class);
                    assertThat(authenticator.authenticate(bearer("deployer-token-0123456789")))
                            .isEqualTo("deployer");
                    assertThat(authenticator.authenticate(bearer("env-token-0123456789")))
                            .isEqualTo("admin-token");
                    assertThat(authenticator.authenticate(bearer("nope-nope-nope-nope")))
                            .isNull();
                });
        web().withPropertyValues("maintenance.admin.tokens.weak=short")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("at least 16 characters"));
    }

    @Test
    void authenticatedUsersWithAnAdminRoleMayUseTheApi() {
        web().withPropertyValues("maintenance.admin-roles=ops").run(context -> {
            assertThat(context.getBean(AdminAuthenticator.class).authenticate(signedIn("alice", "ops")))
                    .isEqualTo("alice");
            assertThat(context.getBean(AdminAuthenticator.class).authenticate(signedIn("bob", "user")))
                    .isNull();
        });
    }

    @Test
    void actuatorPartsAppearWithTheirLibraries() throws Exception {
        web().run(context -> {
            assertThat(context)
                    .hasSingleBean(MaintenanceHealthIndicator.class)
                    .hasSingleBean(MaintenanceEndpoint.class)
                    .hasSingleBean(MaintenanceMetrics.class);
            // this Boot's health API carries the report (the types differ between Boot 3 and 4; the calls do not)
            var health = context.getBean(MaintenanceHealthIndicator.class).health();
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(health.getDetails())
                    .containsEntry("active", false)
                    .containsEntry("mode", "full")
                    .containsEntry("store", "file:" + dir.resolve("state.json"));
        });
        Path notADirectory = Files.writeString(dir.resolve("blocker"), "x");
        web().withPropertyValues("maintenance.store=file:" + notADirectory.resolve("state.json"))
                .run(context -> assertThat(context.getBean(MaintenanceHealthIndicator.class)
                                .health()
                                .getStatus()
                                .getCode())
                        .isEqualTo("DOWN"));
        web().withClassLoader(new FilteredClassLoader(
                        MaintenanceHealthIndicator.BOOT_HEALTH_INDICATOR,
                        Endpoint.class.getName(),
                        MeterBinder.class.getName()))
                .run(context -> assertThat(context)
                        .hasSingleBean(Maintenance.class)
                        .doesNotHaveBean(MaintenanceHealthIndicator.class)
                        .doesNotHaveBean(MaintenanceEndpoint.class)
                        .doesNotHaveBean(MaintenanceMetrics.class));
    }

    @Test
    void jacksonAnnotationsTooOldForJackson3StopStartUpWithWhatToDo() {
        // what a Spring Boot 3.5 application gets unless it manages jackson-annotations 2.21
        web().withClassLoader(new FilteredClassLoader(JacksonAnnotations.NEWEST_NEEDED))
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(MaintenanceStartupException.class)
                        .hasMessageContaining("older than 2.21")
                        .satisfies(failure -> assertThat(((MaintenanceStartupException) failure).action())
                                .contains("jackson-annotations at 2.21")));
    }

    @Test
    void maintenanceEventsArePublishedAsApplicationEvents() {
        web().withUserConfiguration(EventRecorder.class).run(context -> {
            Maintenance maintenance = context.getBean(Maintenance.class);
            MaintenanceControl.of(maintenance.view().store(), maintenance.clock())
                    .enable(EnableOptions.none(), new Actor("t", "t"));
            maintenance.view().refresh();
            assertThat(context.getBean(EventRecorder.class).events)
                    .hasAtLeastOneElementOfType(MaintenanceEvent.Activated.class);
            assertThat(maintenance.decide(MaintenanceRequest.of("GET", "/x")).outcome())
                    .isEqualTo(Outcome.BLOCKED);
        });
    }

    @Test
    void readinessRefusesTrafficDuringMaintenanceOnlyWhenAskedTo() {
        for (boolean outOfService : new boolean[] {true, false}) {
            web().withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
                    .withPropertyValues("maintenance.health.readiness-out-of-service=" + outOfService)
                    .run(context -> {
                        Maintenance maintenance = context.getBean(Maintenance.class);
                        // a test context is never "ready" by itself: start from an accepting instance
                        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
                        MaintenanceControl control =
                                MaintenanceControl.of(maintenance.view().store(), maintenance.clock());
                        control.enable(EnableOptions.none(), new Actor("t", "t"));
                        maintenance.view().refresh();
                        assertThat(availability.getReadinessState())
                                .isEqualTo(
                                        outOfService
                                                ? ReadinessState.REFUSING_TRAFFIC
                                                : ReadinessState.ACCEPTING_TRAFFIC);
                        control.disable(new Actor("t", "t"));
                        maintenance.view().refresh();
                        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
                    });
        }
    }

    static class EventRecorder {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(MaintenanceEvent event) {
            events.add(event);
        }
    }

    private static AdminRequest bearer(String token) {
        return new TestRequest("Bearer " + token, null, Set.of());
    }

    private static AdminRequest signedIn(String user, String role) {
        return new TestRequest(null, user, Set.of(role));
    }

    /** An admin API request with just what an authenticator reads. */
    private record TestRequest(
            @Nullable String authorization, @Nullable String remoteUser, Set<String> roles) implements AdminRequest {
        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/api/status";
        }

        @Override
        public @Nullable String header(String name) {
            return name.equalsIgnoreCase("Authorization") ? authorization : null;
        }

        @Override
        public HeaderValues headers() {
            return name -> {
                String value = header(name);
                return (value == null ? List.<String>of() : List.of(value)).iterator();
            };
        }

        @Override
        public @Nullable String queryParameter(String name) {
            return null;
        }

        @Override
        public String remoteAddr() {
            return "127.0.0.1";
        }

        @Override
        public byte[] body(int maxBytes) {
            return new byte[0];
        }

        @Override
        public boolean isUserInRole(String role) {
            return roles.contains(role);
        }
    }
}
