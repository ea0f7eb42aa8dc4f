package dev.maintenance4j.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Opens a {@link StateStore} from a URI with the first {@link StateStoreProvider} on the class path that takes it. */
public final class StateStores {

    /** The store when none is configured: the file store under the working directory, for every entry point. */
    public static final String DEFAULT_URI = "file:var/maintenance/state.json";

    private StateStores() {}

    /**
     * Checks a namespace, which separates services that share one store: 1 to 100 letters, digits and
     * {@code . _ -}, so that it is safe in key names, table rows and file names.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static String requireNamespace(String namespace) {
        if (namespace.isEmpty()
                || namespace.length() > 100
                || !namespace.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
            throw new IllegalArgumentException(
                    "namespace may only use letters, digits and . _ -, but was '" + namespace + "'");
        }
        return namespace;
    }

    /**
     * @throws IllegalArgumentException when no provider takes the URI (naming the known schemes) or it is malformed
     * @throws StoreException           when the store can not be opened
     */
    public static StateStore open(String uri, StoreOptions options) {
        List<String> schemes = new ArrayList<>();
        for (StateStoreProvider provider :
                ServiceLoader.load(StateStoreProvider.class, StateStores.class.getClassLoader())) {
            Optional<StateStore> store = provider.open(uri, options);
            if (store.isPresent()) {
                return store.get();
            }
            schemes.addAll(provider.schemes());
        }
        throw new IllegalArgumentException(
                "no state store for '" + uri + "'; supported: " + String.join(", ", schemes));
    }
}
