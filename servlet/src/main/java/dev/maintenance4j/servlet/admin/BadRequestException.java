package dev.maintenance4j.servlet.admin;

import org.jspecify.annotations.Nullable;

/** A request the admin API refuses with 400, naming the field at fault. */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String field;

    BadRequestException(@Nullable String field, String message) {
        super(message);
        this.field = field;
    }

    @Nullable
    String field() {
        return field;
    }
}
