package dev.maintenance4j.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Why and by whom a state is being written; it becomes the audit record.
 *
 * @param action what was done: an {@link AuditAction#id()} such as {@code down}, or an application's own act
 * @param actor  who: a user name, token name or principal
 * @param origin from where: host name, client IP, or tool
 * @param at     when
 */
public record Change(String action, String actor, String origin, Instant at) {

    public Change(AuditAction action, String actor, String origin, Instant at) {
        this(action.id(), actor, origin, at);
    }

    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(at, "at");
        if (action.isBlank()) {
            throw new IllegalArgumentException("action must not be blank");
        }
    }
}
