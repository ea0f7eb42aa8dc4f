package dev.maintenance4j.spi;

/** A compare-and-set found another version than expected: someone else changed the state first. */
public class VersionConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long expectedVersion;
    private final long actualVersion;

    public VersionConflictException(long expectedVersion, long actualVersion) {
        super("state changed concurrently: expected version " + expectedVersion + " but the store has "
                + actualVersion);
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
