package dev.maintenance4j.spi;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a read of the store found: the state, or, when the stored data could not be decoded, the
 * store's safe default together with what was wrong, so callers can tell "off" from "unreadable".
 *
 * @param state      the stored state, or the safe default when {@code unreadable} is set
 * @param unreadable why the stored state could not be read, or null when it was read
 */
public record StoredState(MaintenanceState state, @Nullable String unreadable) {

    private static final Logger log = LoggerFactory.getLogger(StoredState.class);

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

    /**
     * Decodes stored bytes, the one way every store reads its state: data that is missing or not in the
     * {@link StateFormat} gives the safe default, with one loud log line naming where it was read from,
     * never an exception.
     *
     * @param data        the stored value, or null when the store holds a record without one
     * @param safeDefault what to assume when the data is unreadable
     * @param where       where it was read, for the log line: {@code "Redis key maintenance4j:prod:state"}
     */
    public static StoredState decode(byte @Nullable [] data, SafeDefault safeDefault, String where) {
        try {
            if (data == null) {
                throw new StateFormatException("the value is missing");
            }
            return of(StateFormat.decode(data));
        } catch (StateFormatException e) {
            log.error(
                    "Maintenance state in {} is unreadable ({}); using the safe default '{}' until it is rewritten",
                    where,
                    e.getMessage(),
                    safeDefault);
            return unreadable(safeDefault.state(), e.getMessage());
        }
    }

    /** True when the stored data was decoded. */
    public boolean readable() {
        return unreadable == null;
    }
}
