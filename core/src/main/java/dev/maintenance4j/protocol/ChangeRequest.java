package dev.maintenance4j.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST api/up}, {@code api/secret/rotate} and {@code api/secret/clear}: a change that names
 * nothing but the version it expects and, for up, how long to wait for every instance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeRequest(
        @JsonPropertyDescription("a non-negative integer") @Nullable
        Long expectedVersion,

        @JsonPropertyDescription("a string or a number of seconds") @JsonProperty("wait") @Nullable
        TimeText waitTime) {

    public ChangeRequest {
        AdminProtocol.expectedVersion(expectedVersion);
        AdminProtocol.waitFor(waitTime);
    }

    public static final ChangeRequest NONE = new ChangeRequest(null, null);

    /** How long to wait for every instance (at most 10 minutes), or null. */
    public @Nullable Duration waitFor() {
        return AdminProtocol.waitFor(waitTime);
    }
}
