package dev.maintenance4j.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Every refusal of the admin API: the status, its reason phrase, one line saying what to do, and the
 * request field at fault when there is one.
 */
public record ApiError(
        int status,
        String error,
        String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String field) {

    public static ApiError of(int status, String error, String message) {
        return new ApiError(status, error, message, null);
    }
}
