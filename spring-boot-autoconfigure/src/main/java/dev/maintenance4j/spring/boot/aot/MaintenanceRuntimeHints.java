package dev.maintenance4j.spring.boot.aot;

import dev.maintenance4j.protocol.ApiError;
import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.ChangeReceipt;
import dev.maintenance4j.protocol.ChangeRequest;
import dev.maintenance4j.protocol.DeadLetterEntry;
import dev.maintenance4j.protocol.DownRequest;
import dev.maintenance4j.protocol.EntriesRequest;
import dev.maintenance4j.protocol.InstanceStatus;
import dev.maintenance4j.protocol.PublicStatus;
import dev.maintenance4j.protocol.StatusDocument;
import dev.maintenance4j.protocol.StoreHealth;
import dev.maintenance4j.spi.StateStoreProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What maintenance4j loads by name or binds by reflection, so an application processed ahead of time (and a
 * native image built from it) has it: the maintenance page template, the admin page's files, the store
 * providers found through {@link java.util.ServiceLoader}, and the admin protocol's records that Jackson reads
 * and writes.
 */
public class MaintenanceRuntimeHints implements RuntimeHintsRegistrar {

    /** The admin protocol's documents, read from requests and written as responses. */
    private static final Class<?>[] PROTOCOL = {
        ApiError.class,
        BufferStatus.class,
        ChangeReceipt.class,
        ChangeRequest.class,
        DeadLetterEntry.class,
        DownRequest.class,
        EntriesRequest.class,
        InstanceStatus.class,
        PublicStatus.class,
        StatusDocument.class,
        StoreHealth.class
    };

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources()
                .registerPattern("dev/maintenance4j/http/maintenance.html")
                .registerPattern("dev/maintenance4j/admin/page/*")
                .registerPattern("META-INF/services/" + StateStoreProvider.class.getName());
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), PROTOCOL);
    }
}
