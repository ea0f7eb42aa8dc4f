package dev.maintenance4j.protocol;

import org.jspecify.annotations.Nullable;

/** A request the admin protocol refuses: one line saying what is wrong, and the field when one is at fault. */
public final class InvalidRequestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String field;

    public InvalidRequestException(@Nullable String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field of the request, or null when the request as a whole is wrong. */
    public @Nullable String field() {
        return field;
    }
}
