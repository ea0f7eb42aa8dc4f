package dev.maintenance4j.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.maintenance4j.time.TimeExpressions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A duration or time as the CLI writes it ({@code "30m"}, {@code "+2h"}, ISO-8601); a JSON number is
 * seconds. Parsed only when the request is turned into options, so a bad value names its field.
 */
@JsonDeserialize(using = TimeText.Reader.class)
public record TimeText(@JsonValue String text) {

    public TimeText {
        Objects.requireNonNull(text, "text");
    }

    /** A duration written so any version of the service reads it back exactly. */
    public static TimeText of(Duration duration) {
        return new TimeText(duration.toString());
    }

    public static TimeText of(Instant instant) {
        return new TimeText(instant.toString());
    }

    Duration duration() {
        return TimeExpressions.parseDuration(text);
    }

    Instant time(Clock clock) {
        return TimeExpressions.parseTime(text, clock);
    }

    /** A string as it is; a whole number as that many seconds; anything else is refused. */
    static final class Reader extends ValueDeserializer<TimeText> {
        @Override
        public TimeText deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return new TimeText(p.getString() + "s");
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return new TimeText(p.getString());
            }
            return (TimeText) ctxt.handleUnexpectedToken(TimeText.class, p);
        }
    }
}
