package dev.maintenance4j.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

    @ParameterizedTest
    @CsvSource({
        "/health, /health, true",
        "/health, /health/, false",
        "/api/**, /api, true",
        "/api/**, /api/, true",
        "/api/**, /api/a/b/c, true",
        "/api/**, /apix, false",
        "/api/*, /api/orders, true",
        "/api/*, /api/orders/1, false",
        "/api/*/items, /api/7/items, true",
        "/api/*/items, /api/7/8/items, false",
        "/files/*.css, /files/site.css, true",
        "/files/*.css, /files/site.js, false",
        "/v?/x, /v1/x, true",
        "/v?/x, /v//x, false",
        "/**/export, /a/b/export, true",
        "/**/export, /export, false",
        "/**, /anything/at/all, true",
    })
    void matchesAntStyle(String pattern, String path, boolean expected) {
        assertThat(PathPattern.of(pattern).matches(path)).isEqualTo(expected);
    }

    @Test
    void refusesPatternsThatCanNotMatchPaths() {
        assertThatThrownBy(() -> PathPattern.of("api/**")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> PathPattern.of("/a/***")).hasMessageContaining("***");
    }
}
