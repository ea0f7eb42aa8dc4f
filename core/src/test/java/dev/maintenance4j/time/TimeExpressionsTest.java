package dev.maintenance4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeExpressionsTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneId.of("Europe/Berlin"));

    @Test
    void parsesOperatorDurations() {
        assertThat(TimeExpressions.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TimeExpressions.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(TimeExpressions.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(TimeExpressions.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(TimeExpressions.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeExpressions.parseDuration("PT15M")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aBareNumberIsRefusedWithAHintBecauseItsUnitWouldBeAGuess() {
        assertThatThrownBy(() -> TimeExpressions.parseDuration("30"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'30' has no unit; durations need one: 30s, 30m or 30h");
    }

    @Test
    void aTimeGivenWhereADurationBelongsPointsToUntil() {
        assertThatThrownBy(() -> TimeExpressions.parseDuration("2026-12-01T10:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a time, not a duration")
                .hasMessageContaining("--until");
    }

    @Test
    void aRelativeTimeBeyondWhatAnInstantHoldsIsRefusedAsAnArgumentError() {
        assertThatThrownBy(() -> TimeExpressions.parseTime("+PT2000000000000000H", clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too far in the future");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-5", "5x", "h", "1.5h", "PTXM", "5 m", "99999999999s"})
    void refusesOtherDurations(String text) {
        assertThatThrownBy(() -> TimeExpressions.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration");
    }

    @Test
    void parsesTimes() {
        assertThat(TimeExpressions.parseTime("2026-11-23T14:30:00Z", clock))
                .isEqualTo(Instant.parse("2026-11-23T14:30:00Z"));
        assertThat(TimeExpressions.parseTime("2026-11-23T14:30+01:00", clock))
                .isEqualTo(Instant.parse("2026-11-23T13:30:00Z"));
        assertThat(TimeExpressions.parseTime("2026-11-23T14:30", clock))
                .isEqualTo(Instant.parse("2026-11-23T13:30:00Z"));
        assertThat(TimeExpressions.parseTime("+2h", clock)).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThatThrownBy(() -> TimeExpressions.parseTime("tomorrow", clock)).hasMessageContaining("is not a time");
    }
}
