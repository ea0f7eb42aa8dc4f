package dev.maintenance4j.store.file;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.spi.Change;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Child-JVM program for {@link FileStateStoreCrashIT}: writes state after state, as fast as it can,
 * until it is killed. Every state it writes is self-consistent: its reason names its own version.
 */
public final class CrashingWriter {

    private CrashingWriter() {}

    public static void main(String[] args) {
        FileStateStore store =
                FileStateStore.builder(Path.of(args[0])).backups(2).build();
        MaintenanceState current = store.read();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            long next = current.version() + 1;
            MaintenanceState proposed = MaintenanceState.builder()
                    .enabled(next % 2 == 1)
                    .mode(Mode.FULL)
                    .reason("state " + next)
                    .build();
            current = store.compareAndSet(
                    current.version(), proposed, new Change("down", "writer", "crash-test", Instant.now()));
        }
    }
}
