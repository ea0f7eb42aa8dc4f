package dev.maintenance4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

    @Test
    void writesImfFixdateWithATwoDigitDay() {
        assertThat(HttpDates.format(Instant.parse("2026-12-01T10:00:00Z"))).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
        assertThat(HttpDates.format(Instant.parse("1994-11-06T08:49:37.900Z")))
                .isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void whatItWritesParsesBackAsAnHttpDate() {
        Instant instant = Instant.parse("2027-03-09T23:05:07Z");
        assertThat(ZonedDateTime.parse(HttpDates.format(instant), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant())
                .isEqualTo(instant);
    }

    @Test
    void refusesYearsAnHttpDateCanNotHold() {
        assertThat(HttpDates.format(HttpDates.LATEST)).isEqualTo("Fri, 31 Dec 9999 23:59:59 GMT");
        assertThatThrownBy(() -> HttpDates.format(HttpDates.LATEST.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
