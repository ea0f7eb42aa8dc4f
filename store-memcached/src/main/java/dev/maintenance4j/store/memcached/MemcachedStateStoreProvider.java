package dev.maintenance4j.store.memcached;

import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStoreProvider;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.utils.AddrUtil;

/** Opens {@link MemcachedStateStore}s from {@code memcached://host:port[,host:port...][?namespace=name]}. */
public final class MemcachedStateStoreProvider implements StateStoreProvider {

    @Override
    public List<String> schemes() {
        return List.of("memcached");
    }

    @Override
    public Optional<StateStore> open(String uri, StoreOptions options) {
        if (!uri.startsWith("memcached://")) {
            return Optional.empty();
        }
        String rest = uri.substring("memcached://".length());
        String namespace = "default";
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.startsWith("namespace=")) {
                    namespace = pair.substring("namespace=".length());
                }
            }
            rest = rest.substring(0, query);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException("memcached URI '" + uri + "' names no server");
        }
        XMemcachedClientBuilder builder;
        try {
            builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(rest.replace(',', ' ')));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed memcached URI '" + uri + "': " + e.getMessage(), e);
        }
        builder.setConnectTimeout(2000);
        builder.setOpTimeout(2000);
        MemcachedClient client;
        try {
            client = builder.build();
        } catch (IOException e) {
            throw new StoreException("cannot create a Memcached client for " + rest + ": " + e.getMessage(), e);
        }
        return Optional.of(MemcachedStateStore.owning(client)
                .namespace(namespace)
                .safeDefault(options.safeDefault())
                .clock(options.clock())
                .build());
    }
}
