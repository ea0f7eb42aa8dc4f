package dev.maintenance4j.admin;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Adds one field to the admin status document from outside the admin API, such as the number of
 * background jobs running (Spring scheduling) or the notifications' delivery results. The value is a
 * plain object (a record, a list, a number, text) written with Jackson data binding: contributors need
 * no JSON library of their own.
 */
public interface StatusContributor {

    /** The field this contributor fills, such as {@code activeJobs}. */
    String field();

    /** The field's value now; called on every status request and status event. */
    @Nullable
    Object value();

    /** A contributor of {@code field} whose value {@code value} gives. */
    static StatusContributor of(String field, Supplier<? extends @Nullable Object> value) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        return new StatusContributor() {
            @Override
            public String field() {
                return field;
            }

            @Override
            public @Nullable Object value() {
                return value.get();
            }
        };
    }
}
