package dev.maintenance4j.protocol;

import org.jspecify.annotations.Nullable;

/**
 * {@code GET api/health}: whether this instance reaches its state store now.
 *
 * @param status      {@code UP} or {@code DOWN}
 * @param active      maintenance is in force on this instance
 * @param store       the store's description (never a password)
 * @param lastFailure the last store failure seen, or null
 */
public record StoreHealth(
        String status,
        boolean active,
        String store,
        boolean storeReachable,
        @Nullable String lastFailure) {

    public static StoreHealth of(boolean reachable, boolean active, String store, @Nullable String lastFailure) {
        return new StoreHealth(reachable ? "UP" : "DOWN", active, store, reachable, lastFailure);
    }
}
