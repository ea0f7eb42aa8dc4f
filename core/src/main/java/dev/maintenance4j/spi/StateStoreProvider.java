package dev.maintenance4j.spi;

import java.util.List;
import java.util.Optional;

/**
 * Opens stores from URIs such as {@code file:var/state.json} or {@code redis://host:6379}; found with
 * {@link java.util.ServiceLoader}, one provider per store module. Only the edges (the CLI, Spring
 * properties) open stores from URIs; code builds stores from client objects.
 */
public interface StateStoreProvider {

    /** The URI schemes this provider opens, for error messages: {@code file}, {@code redis}, ... */
    List<String> schemes();

    /**
     * Opens the store, or returns empty when the URI is not for this provider.
     *
     * @throws IllegalArgumentException when the URI is for this provider but malformed
     * @throws StoreException           when the store can not be opened
     */
    Optional<StateStore> open(String uri, StoreOptions options);
}
