package dev.maintenance4j.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperationClassifierTest {

    private static final OperationClass EXPORT = OperationClass.of("EXPORT", "Heavy exports");

    private final OperationClassifier classifier = OperationClassifier.of(
            List.of(OperationRule.parse("GET,POST /api/exports/** = EXPORT"), OperationRule.parse("/admin/** = ADMIN")),
            List.of(PathPattern.of("/maintenance/api/**")));

    @Test
    void rulesFirstThenAdminPathsThenMethods() {
        assertThat(classifier.classify("GET", "/api/exports/1")).isEqualTo(EXPORT);
        assertThat(classifier.classify("DELETE", "/api/exports/1")).isEqualTo(OperationClass.WRITE);
        assertThat(classifier.classify("POST", "/admin/users")).isEqualTo(OperationClass.ADMIN);
        assertThat(classifier.classify("POST", "/maintenance/api/enable")).isEqualTo(OperationClass.ADMIN);
        assertThat(classifier.classify("GET", "/orders")).isEqualTo(OperationClass.READ);
        assertThat(classifier.classify("HEAD", "/orders")).isEqualTo(OperationClass.READ);
        assertThat(classifier.classify("OPTIONS", "/orders")).isEqualTo(OperationClass.READ);
        assertThat(classifier.classify("PATCH", "/orders/1")).isEqualTo(OperationClass.WRITE);
        assertThat(classifier.classes())
                .containsExactly(OperationClass.READ, OperationClass.WRITE, OperationClass.ADMIN, EXPORT);
    }

    @Test
    void blockedClassesByListOrException() {
        assertThat(BlockedClasses.allExcept(OperationClass.ADMIN).blocks(EXPORT))
                .isTrue();
        assertThat(BlockedClasses.allExcept(OperationClass.ADMIN).blocks(OperationClass.ADMIN))
                .isFalse();
        assertThat(BlockedClasses.of(OperationClass.WRITE).blocks(OperationClass.READ))
                .isFalse();
        assertThat(BlockedClasses.none().blocks(OperationClass.WRITE)).isFalse();
    }

    @Test
    void malformedRulesAreRefused() {
        assertThatThrownBy(() -> OperationRule.parse("/x")).hasMessageContaining("must look like");
        assertThatThrownBy(() -> OperationRule.parse("G3T /x = READ")).hasMessageContaining("HTTP method");
        assertThatThrownBy(() -> OperationRule.parse("/x = lower")).hasMessageContaining("A-Z 0-9");
        assertThatThrownBy(() -> OperationRule.parse("GET x = READ")).hasMessageContaining("must start with '/'");
    }
}
