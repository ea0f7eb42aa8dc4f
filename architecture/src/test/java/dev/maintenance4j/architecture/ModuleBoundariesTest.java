package dev.maintenance4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The promises the module layout makes, checked on every module's main classes: the core and the buffer
 * stay free of frameworks and clients, other modules use core's public API only, stores need nothing but
 * the SPI, the filter needs neither the admin API nor the write buffer, the servlet and WebFlux filters
 * leave every HTTP rule to core, and the adapters speak the admin protocol's records.
 */
class ModuleBoundariesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.maintenance4j");

    /** Frameworks, servers and clients: adapters may use them, the core and the buffer never. */
    private static final String[] FRAMEWORKS_AND_CLIENTS = {
        "jakarta..",
        "javax.servlet..",
        "org.springframework..",
        "org.apache.catalina..",
        "org.apache.tomcat..",
        "io.lettuce..",
        "io.netty..",
        "reactor..",
        "org.postgresql..",
        "com.zaxxer..",
        "net.rubyeye..",
        "picocli..",
        "org.eclipse.angus..",
        "io.micrometer.."
    };

    @Test
    void coreDependsOnNoFrameworkServletOrClient() {
        noClasses()
                .that(inModule("core", "core"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS_AND_CLIENTS)
                .check(CLASSES);
    }

    @Test
    void theBufferDependsOnNoFrameworkAndNoOtherModule() {
        noClasses()
                .that(inModule("buffer", "buffer"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS_AND_CLIENTS)
                .orShould()
                .dependOnClassesThat(inModule("core", "core"))
                .check(CLASSES);
    }

    @Test
    void noModuleOutsideCoreUsesItsInternals() {
        noClasses()
                .that(DescribedPredicate.not(inModule("core", "core")))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.maintenance4j.internal..")
                .check(CLASSES);
    }

    @Test
    void storesAreWrittenAgainstTheSpiAlone() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.maintenance4j.store.redis..",
                        "dev.maintenance4j.store.jdbc..",
                        "dev.maintenance4j.store.memcached..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.maintenance4j.view..",
                        "dev.maintenance4j.control..",
                        "dev.maintenance4j.decision..",
                        "dev.maintenance4j.store.file..",
                        "dev.maintenance4j.stats..",
                        "dev.maintenance4j.event..",
                        "dev.maintenance4j.operation..",
                        "dev.maintenance4j.internal..")
                .check(CLASSES);
    }

    @Test
    void theFilterNeedsNeitherTheAdminApiNorTheWriteBuffer() {
        noClasses()
                .that(inModule("servlet", "servlet"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.maintenance4j.admin..", "dev.maintenance4j.buffer..")
                .check(CLASSES);
    }

    @Test
    void theWebFiltersLeaveEveryHttpRuleToCore() {
        // pages, content negotiation, forwarded headers and rate limits live in core's HttpMaintenance, once for both
        noClasses()
                .that(inModule("servlet", "servlet"))
                .or(inModule("webflux", "webflux"))
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.maintenance4j.http.MaintenancePage")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.maintenance4j.http.ContentNegotiation")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.maintenance4j.http.ForwardedHeaders")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.maintenance4j.http.FailedAttemptLimiter")
                .check(CLASSES);
    }

    @Test
    void theReactiveFilterNeedsNoServletAndNoServletModule() {
        noClasses()
                .that(inModule("webflux", "webflux"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.servlet..", "dev.maintenance4j.servlet..", "dev.maintenance4j.buffer..")
                .check(CLASSES);
        // the admin API is optional there: only its WebFilter and what translates for it know it
        noClasses()
                .that(inModule("webflux", "webflux"))
                .and()
                .haveNameNotMatching(
                        "dev\\.maintenance4j\\.webflux\\.(MaintenanceAdminWebFilter|ExchangeAdminRequest|ExchangeEventSink)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.maintenance4j.admin..")
                .check(CLASSES);
    }

    @Test
    void theAdminApiIsServedByAnyServerAndOnlyItsServletAdapterKnowsServlets() {
        // AdminApi and its routes answer a framework-neutral AdminRequest, so a reactive server can serve them too
        noClasses()
                .that(inModule("admin", "admin"))
                .and()
                .haveNameNotMatching("dev\\.maintenance4j\\.admin\\.(Servlet\\w*|MaintenanceAdminServlet)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.servlet..", "dev.maintenance4j.servlet..")
                .check(CLASSES);
    }

    @Test
    void theRequestBufferServesEveryServerAndKnowsNoServlet() {
        // the servlet filter, the WebFlux filter and the gateway hand it a BufferedWrite: no server type inside
        noClasses()
                .that(inModule("request-buffer", "request-buffer"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.servlet..", "dev.maintenance4j.servlet", "dev.maintenance4j.servlet.internal..")
                .check(CLASSES);
    }

    @Test
    void theAdminApiNeedsNoWriteBuffer() {
        noClasses()
                .that(inModule("admin", "admin"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.maintenance4j.buffer..")
                .check(CLASSES);
    }

    @Test
    void theGatewayDecidesNothingItself() {
        // decisions are core's: the gateway's filter and its event loop ask Maintenance.decide and act through
        // HttpMaintenance, as every adapter does; no rule of the gateway's own reads the gate or a decision's action
        noClasses()
                .that(inModule("gateway", "gateway"))
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.maintenance4j.decision.MaintenanceGate")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.maintenance4j.decision.Action")
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("dev.maintenance4j.servlet.internal..")
                .check(CLASSES);
    }

    @Test
    void adaptersSpeakTheProtocolsRecordsNotJsonTrees() {
        noClasses()
                .that(inModule("admin", "admin"))
                .or(inModule("servlet", "servlet"))
                .or(inModule("request-buffer", "request-buffer"))
                .or(inModule("gateway", "gateway"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("tools.jackson.databind.node..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("tools.jackson.databind.JsonNode")
                .check(CLASSES);
    }

    /**
     * Classes loaded from a module: its {@code target/classes} in the reactor, or its jar
     * ({@code maintenance4j-<artifact>-<version>.jar}) once packaged.
     */
    private static DescribedPredicate<JavaClass> inModule(String directory, String artifact) {
        Pattern location = Pattern.compile("/" + Pattern.quote(directory) + "/target/classes/|/maintenance4j-"
                + Pattern.quote(artifact) + "-\\d[^/]*\\.jar");
        return DescribedPredicate.describe(
                "in module " + directory,
                javaClass -> javaClass
                        .getSource()
                        .map(source ->
                                location.matcher(source.getUri().toString()).find())
                        .orElse(false));
    }
}
