package dev.maintenance4j.spring.boot.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.protocol.DownRequest;
import dev.maintenance4j.protocol.StatusDocument;
import dev.maintenance4j.spi.StateStoreProvider;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

/** The hints cover every resource maintenance4j loads by name, and the protocol's records Jackson binds. */
class MaintenanceRuntimeHintsTest {

    private final RuntimeHints hints = new RuntimeHints();

    MaintenanceRuntimeHintsTest() {
        new MaintenanceRuntimeHints().registerHints(hints, getClass().getClassLoader());
    }

    @Test
    void theResourcesLoadedByNameAreIncluded() {
        for (String resource : new String[] {
            "dev/maintenance4j/http/maintenance.html",
            "dev/maintenance4j/admin/page/index.html",
            "dev/maintenance4j/admin/page/admin.js",
            "dev/maintenance4j/admin/page/admin.css",
            "META-INF/services/" + StateStoreProvider.class.getName()
        }) {
            assertThat(getClass().getClassLoader().getResource(resource))
                    .as("%s exists", resource)
                    .isNotNull();
            assertThat(RuntimeHintsPredicates.resource().forResource(resource))
                    .as(resource)
                    .accepts(hints);
        }
    }

    @Test
    void theProtocolRecordsAndTheirNestedRecordsCanBeBound() {
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(DownRequest.class)
                        .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(StatusDocument.BlockedOperation.class))
                .as("a record nested in a document")
                .accepts(hints);
    }
}
