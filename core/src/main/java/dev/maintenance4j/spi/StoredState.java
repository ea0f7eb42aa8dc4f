package dev.maintenance4j.spi;

import dev.maintenance4j.MaintenanceState;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a read of the store found: the state, or, when the stored data could not be decoded, the
 * store's safe default together with what was wrong, so callers can tell "off" from "unreadable".
 *
 * @param state      the stored state, or the safe default when {@code unreadable} is set
 * @param unreadable why the stored state could not be read, or null when it was read
 */
public record StoredState(MaintenanceState state, @Nullable String unreadable) {

    public StoredState {
        Objects.requireNonNull(state, "state");
    }

    /** A state read as stored. */
    public static StoredState of(MaintenanceState state) {
        return new StoredState(state, null);
    }

    /** The safe default, given because the stored data is unreadable for this reason (or, with none, just unreadable). */
    public static StoredState unreadable(MaintenanceState safeDefault, @Nullable String problem) {
        return new StoredState(safeDefault, problem == null ? "unreadable" : problem);
    }

    /** True when the stored data was decoded. */
    public boolean readable() {
        return unreadable == null;
    }
}
