package dev.maintenance4j.spi;

/**
 * The acts the audit history records, by the names operators type: what {@code bin/maint} calls them,
 * whichever way the change came (CLI, admin API, admin page, actuator). A record keeps the name as text
 * ({@link Change#action()}), so a history written by a newer version with acts unknown here still reads.
 */
public enum AuditAction {
    /** Maintenance switched on, or its options changed while on. */
    DOWN("down"),
    /** Maintenance switched off. */
    UP("up"),
    /** Networks added to the allow-list. */
    ALLOW("allow"),
    /** Networks removed from the allow-list. */
    DISALLOW("disallow"),
    /** A new bypass secret generated. */
    SECRET_ROTATE("secret-rotate"),
    /** The bypass secret removed. */
    SECRET_CLEAR("secret-clear"),
    /** A state the store had lost written back by an instance that knew it (maintenance4j itself, not an operator). */
    RESTORE("restore");

    private final String id;

    AuditAction(String id) {
        this.id = id;
    }

    /** The name in audit records, such as {@code down}. */
    public String id() {
        return id;
    }

    /** True when a record's action is this act. */
    public boolean is(String action) {
        return id.equals(action);
    }

    @Override
    public String toString() {
        return id;
    }
}
