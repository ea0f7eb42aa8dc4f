package dev.maintenance4j.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringsTest {

    @Test
    void findsDecodedValuesWithoutTouchingOthers() {
        assertThat(QueryStrings.value("a=1&maintenance_secret=s%2Fx&b=2", "maintenance_secret")).isEqualTo("s/x");
        assertThat(QueryStrings.value("xmaintenance_secret=1", "maintenance_secret")).isNull();
        assertThat(QueryStrings.value("maintenance_secret", "maintenance_secret")).isNull();
        assertThat(QueryStrings.value("redirect=%ZZ", "redirect")).isNull();
        assertThat(QueryStrings.value(null, "redirect")).isNull();
        assertThat(QueryStrings.value("redirect=/a&redirect=/b", "redirect")).isEqualTo("/a");
    }

    @Test
    void limiterCountsFailuresPerClientAndWindow() {
        SecretAttemptLimiter limiter = new SecretAttemptLimiter(2, 2);
        limiter.recordFailure("a", 0);
        assertThat(limiter.isLimited("a", 1)).isFalse();
        limiter.recordFailure("a", 2);
        assertThat(limiter.isLimited("a", 3)).isTrue();
        assertThat(limiter.isLimited("b", 3)).isFalse();
        assertThat(limiter.isLimited("a", 60_001)).isFalse();
        limiter.recordFailure("b", 10);
        assertThat(limiter.isLimited("c", 11)).as("full table fails closed").isTrue();
        assertThat(limiter.isLimited("c", 70_000)).as("room once windows expire").isFalse();
    }
}
