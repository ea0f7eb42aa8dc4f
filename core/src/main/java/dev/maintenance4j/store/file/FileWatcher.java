package dev.maintenance4j.store.file;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.spi.Listeners;
import dev.maintenance4j.spi.StateStore.Subscription;
import dev.maintenance4j.spi.StoreException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file store's change feed: one daemon thread, started with the first listener, that wakes on
 * directory events or after the poll interval, reads the state and delivers it when it differs from
 * the last one delivered.
 */
final class FileWatcher {

    private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

    private final Path file;
    private final Path directory;
    private final Duration pollInterval;
    private final Supplier<MaintenanceState> reader;
    private final Listeners<MaintenanceState> listeners = new Listeners<>();
    private @Nullable Thread thread;
    private volatile boolean closed;
    private volatile @Nullable MaintenanceState last;
    private @Nullable WatchService watchService;

    FileWatcher(Path file, Path directory, Duration pollInterval, Supplier<MaintenanceState> reader) {
        this.file = file;
        this.directory = directory;
        this.pollInterval = pollInterval;
        this.reader = reader;
    }

    synchronized Subscription add(Consumer<MaintenanceState> listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        Subscription subscription = listeners.add(listener);
        if (thread == null) {
            try {
                Files.createDirectories(directory); // so the directory can be watched from the start
            } catch (IOException e) {
                log.debug("cannot create {}; polling until it exists: {}", directory, e.toString());
            }
            try {
                last = reader.get();
            } catch (StoreException e) {
                last = null;
            }
            thread = new Thread(this::run, "maintenance4j-file-watch");
            thread.setDaemon(true);
            thread.start();
        }
        return subscription;
    }

    private void run() {
        while (!closed) {
            try {
                waitForChange();
                check();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Maintenance state watch on {} failed; retrying: {}", file, e.toString());
            }
        }
    }

    private void waitForChange() throws InterruptedException {
        WatchService service = watchService();
        if (service == null) {
            Thread.sleep(pollInterval.toMillis());
            return;
        }
        WatchKey key = service.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
            key.pollEvents();
            if (!key.reset()) {
                closeWatchService(); // the directory went away; poll until it is back
            }
        }
    }

    private synchronized @Nullable WatchService watchService() {
        if (watchService == null && !closed && Files.isDirectory(directory)) {
            try {
                WatchService service = FileSystems.getDefault().newWatchService();
                directory.register(
                        service,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                watchService = service;
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("no directory watch for {}, polling every {}: {}", file, pollInterval, e.toString());
            }
        }
        return watchService;
    }

    private synchronized void closeWatchService() {
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                log.debug("closing watch service: {}", e.toString());
            }
            watchService = null;
        }
    }

    private void check() {
        MaintenanceState current;
        try {
            current = reader.get();
        } catch (StoreException e) {
            log.debug("Maintenance state file {} unreadable while watching: {}", file, e.getMessage());
            return;
        }
        if (!current.equals(last)) {
            last = current;
            listeners.publish(current);
        }
    }

    void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
            closeWatchService();
        }
        if (running != null) {
            running.interrupt();
        }
    }
}
