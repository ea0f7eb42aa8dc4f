package dev.maintenance4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringsTest {

    @Test
    void findsDecodedValuesWithoutTouchingOthers() {
        assertThat(QueryStrings.value("a=1&maintenance_secret=s%2Fx&b=2", "maintenance_secret"))
                .isEqualTo("s/x");
        assertThat(QueryStrings.value("xmaintenance_secret=1", "maintenance_secret"))
                .isNull();
        assertThat(QueryStrings.value("maintenance_secret", "maintenance_secret"))
                .isNull();
        assertThat(QueryStrings.value("redirect=%ZZ", "redirect")).isNull();
        assertThat(QueryStrings.value(null, "redirect")).isNull();
        assertThat(QueryStrings.value("redirect=/a&redirect=/b", "redirect")).isEqualTo("/a");
    }

    @Test
    void limiterCountsFailuresPerClientAndWindow() {
        FailedAttemptLimiter limiter = new FailedAttemptLimiter(2, 2);
        limiter.recordFailure("a", 0);
        assertThat(limiter.isLimited("a", 1)).isFalse();
        limiter.recordFailure("a", 2);
        assertThat(limiter.isLimited("a", 3)).isTrue();
        assertThat(limiter.isLimited("b", 3)).isFalse();
        assertThat(limiter.isLimited("a", 60_001)).isFalse();
        limiter.recordFailure("b", 10);
        limiter.recordFailure("c", 11); // no room: not tracked
        limiter.recordFailure("c", 12);
        assertThat(limiter.isLimited("c", 13))
                .as("a full table fails open: strangers filling it lock nobody out")
                .isFalse();
        assertThat(limiter.isLimited("a", 13))
                .as("clients already tracked stay limited")
                .isTrue();
    }
}
