package dev.maintenance4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaintenanceStateTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void validatesAndNamesTheBadValue() {
        assertThatThrownBy(() -> MaintenanceState.builder()
                        .retryAfter(Duration.ofSeconds(-1))
                        .build())
                .hasMessage("retryAfter must be positive, but was PT-1S");
        assertThatThrownBy(() -> MaintenanceState.builder().statusCode(700).build())
                .hasMessage(
                        "statusCode must be one of [200, 403, 404, 410, 423, 429, 500, 502, 503, 504], but was 700");
        assertThatThrownBy(() -> MaintenanceState.builder().statusCode(302).build())
                .hasMessageContaining("but was 302");
        assertThatThrownBy(() -> MaintenanceState.builder().statusCode(401).build())
                .hasMessageContaining("but was 401");
        assertThatThrownBy(() -> MaintenanceState.builder().startsAt(T).until(T).build())
                .hasMessageContaining("until must be after startsAt");
        assertThatThrownBy(() ->
                        MaintenanceState.builder().reason("x".repeat(2001)).build())
                .hasMessageContaining("at most 2000");
        assertThatThrownBy(() -> MaintenanceState.builder()
                        .redirect("https://evil.example/")
                        .build())
                .hasMessageContaining("local path");
        assertThatThrownBy(() -> MaintenanceState.builder()
                        .redirect("/ok\r\nSet-Cookie: x")
                        .build())
                .hasMessageContaining("control characters");
    }

    @Test
    void timesAndDurationsStayWithinWhatAnHttpResponseCanCarry() {
        Instant year10000 = Instant.parse("+10000-01-01T00:00:00Z");
        assertThatThrownBy(() -> MaintenanceState.builder()
                        .enabled(true)
                        .until(year10000)
                        .build())
                .hasMessageContaining("until must lie between 1970 and 9999-12-31T23:59:59Z");
        assertThatThrownBy(() -> MaintenanceState.builder()
                        .enabled(true)
                        .startsAt(year10000)
                        .build())
                .hasMessageContaining("startsAt");
        assertThatThrownBy(() -> MaintenanceState.builder()
                        .since(Instant.parse("1969-12-31T23:59:59Z"))
                        .build())
                .hasMessageContaining("since");
        assertThatThrownBy(() -> MaintenanceState.builder()
                        .retryAfter(Duration.ofDays(367))
                        .build())
                .hasMessage("retryAfter must be at most 366d, but was 367d");
        assertThat(MaintenanceState.builder()
                        .enabled(true)
                        .until(MaintenanceState.LATEST_TIME)
                        .build()
                        .until())
                .isEqualTo(MaintenanceState.LATEST_TIME);
    }

    @Test
    void retryAfterCountsDownToTheEndWhenKnown() {
        MaintenanceState s = MaintenanceState.builder()
                .enabled(true)
                .until(T.plusSeconds(90))
                .retryAfter(Duration.ofSeconds(30))
                .build();
        assertThat(s.retryAfterSecondsAt(T)).isEqualTo(90);
        assertThat(s.retryAfterSecondsAt(T.plusMillis(500))).isEqualTo(90);
        assertThat(s.retryAfterSecondsAt(T.plusSeconds(90))).isEqualTo(30);
        assertThat(MaintenanceState.off().retryAfterSecondsAt(T)).isNull();
    }

    @Test
    void modesParseFromTheirIds() {
        assertThat(Mode.of("read-only")).isEqualTo(Mode.READ_ONLY);
        assertThat(Mode.of("READ_ONLY")).isEqualTo(Mode.READ_ONLY);
        assertThat(Mode.of("Emergency")).isEqualTo(Mode.EMERGENCY);
        assertThatThrownBy(() -> Mode.of("down"))
                .hasMessage("unknown mode 'down', expected one of full, read-only, emergency, test");
    }
}
