package dev.maintenance4j.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStoreProvider;
import dev.maintenance4j.spi.StoreOptions;
import java.util.List;
import java.util.Optional;

/**
 * Opens {@link JdbcStateStore}s from {@code jdbc:postgresql://host:port/db?user=...&password=...} (any
 * {@code jdbc:} URL whose driver is on the class path) with a small HikariCP pool the store owns.
 * {@code maintenanceNamespace} and {@code maintenanceTablePrefix} query parameters are read by the
 * store and not passed to the driver.
 */
public final class JdbcStateStoreProvider implements StateStoreProvider {

    @Override
    public List<String> schemes() {
        return List.of("jdbc:postgresql (any jdbc:)");
    }

    @Override
    public Optional<StateStore> open(String uri, StoreOptions options) {
        if (!uri.startsWith("jdbc:")) {
            return Optional.empty();
        }
        String namespace = "default";
        String prefix = "maintenance";
        StringBuilder url = new StringBuilder();
        int query = uri.indexOf('?');
        url.append(query < 0 ? uri : uri.substring(0, query));
        if (query >= 0) {
            String separator = "?";
            for (String pair : uri.substring(query + 1).split("&")) {
                if (pair.startsWith("maintenanceNamespace=")) {
                    namespace = pair.substring("maintenanceNamespace=".length());
                } else if (pair.startsWith("maintenanceTablePrefix=")) {
                    prefix = pair.substring("maintenanceTablePrefix=".length());
                } else if (!pair.isEmpty()) {
                    url.append(separator).append(pair);
                    separator = "&";
                }
            }
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.toString());
        config.setPoolName("maintenance4j");
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        // an unreachable database shows within a second (health checks, maint status); the store is light work
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1); // an unreachable database is the view's business, not a start failure
        HikariDataSource pool = new HikariDataSource(config);
        try {
            return Optional.of(JdbcStateStore.owning(pool, pool)
                    .namespace(namespace)
                    .tablePrefix(prefix)
                    .safeDefault(options.safeDefault())
                    .build());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }
}
