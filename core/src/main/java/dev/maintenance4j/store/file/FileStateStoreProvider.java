package dev.maintenance4j.store.file;

import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStoreProvider;
import dev.maintenance4j.spi.StoreOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens {@link FileStateStore}s from {@code file:relative/path.json}, {@code file:/absolute/path.json}
 * or {@code file:///absolute/path.json}.
 */
public final class FileStateStoreProvider implements StateStoreProvider {

    @Override
    public List<String> schemes() {
        return List.of("file");
    }

    @Override
    public Optional<StateStore> open(String uri, StoreOptions options) {
        if (!uri.startsWith("file:")) {
            return Optional.empty();
        }
        Path path;
        if (uri.startsWith("file://")) {
            try {
                path = Path.of(URI.create(uri));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed file store URI '" + uri + "': " + e.getMessage(), e);
            }
        } else {
            String rest = uri.substring("file:".length());
            if (rest.isBlank()) {
                throw new IllegalArgumentException("file store URI '" + uri + "' names no file");
            }
            path = Path.of(rest);
        }
        return Optional.of(FileStateStore.builder(path)
                .safeDefault(options.safeDefault())
                .pollInterval(options.pollInterval())
                .clock(options.clock())
                .build());
    }
}
