package dev.maintenance4j.operation;

/**
 * A kind of operation a request performs, such as {@link #READ}, {@link #WRITE}, {@link #ADMIN} or a
 * custom class like {@code EXPORT}. Modes block sets of classes; counters and metrics are kept per class.
 * Two classes are equal when their names are.
 *
 * @param name        upper-case letters, digits, {@code _} and {@code -}; used as a metric tag
 * @param description what the class covers, for status pages
 */
public record OperationClass(String name, String description) {

    /** Safe methods: GET, HEAD, OPTIONS, TRACE. */
    public static final OperationClass READ =
            new OperationClass("READ", "Requests that only read (GET, HEAD, OPTIONS)");
    /** Every other method. */
    public static final OperationClass WRITE =
            new OperationClass("WRITE", "Requests that change data (POST, PUT, PATCH, DELETE)");
    /** Administrative paths; not blocked in any mode by default. */
    public static final OperationClass ADMIN = new OperationClass("ADMIN", "Administrative operations");

    public OperationClass {
        if (name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException(
                    "operation class name must have 1 to 64 characters, but was '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                throw new IllegalArgumentException(
                        "operation class name may only use A-Z 0-9 _ -, but was '" + name + "'");
            }
        }
    }

    /** A custom class with a description. */
    public static OperationClass of(String name, String description) {
        return new OperationClass(name, description);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperationClass other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
