package dev.maintenance4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file's directory made read-only under a running instance: a small tmpfs remounted read-only,
 * a real file system refusing writes (mounting needs root, as CI runs). Changes are refused with a clear
 * error and nothing half-written; instances keep serving; a change made through an instance holds there
 * and is written once the directory is writable again.
 */
class ReadOnlyStateDirectoryIT {

    private static final Actor ALICE = new Actor("alice", "test");

    @TempDir
    Path dir;

    private Path disk;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    private static void mount(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "mount";
        System.arraycopy(args, 0, command, 1, args.length);
        Process mount = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            fail("this test mounts a tmpfs and remounts it read-only, which needs root (as CI runs); mount said: "
                    + output.strip());
        }
    }

    @Test
    void changesAreRefusedClearlyInstancesKeepServingAndAChangeHeldByAnInstanceIsWrittenWhenWritableAgain()
            throws Exception {
        try (FileStateStore store =
                        FileStateStore.builder(disk.resolve("state.json")).build();
                Maintenance instance = Maintenance.builder(store).build().start()) {
            MaintenanceControl operator = MaintenanceControl.of(store, Clock.systemUTC()); // as bin/maint on the store
            operator.enable(EnableOptions.builder().reason("before").build(), ALICE);
            instance.view().refresh();
            assertThat(instance.state().enabled()).isTrue();
            byte[] stateBefore = Files.readAllBytes(disk.resolve("state.json"));

            mount("-o", "remount,ro", disk.toString());
            assertThatThrownBy(() -> operator.disable(ALICE))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot write maintenance state file")
                    .hasMessageContaining("read-only file system");
            assertThat(Files.readAllBytes(disk.resolve("state.json"))).isEqualTo(stateBefore);
            instance.view().refresh();
            assertThat(instance.state().enabled())
                    .as("the instance keeps serving")
                    .isTrue();
            assertThat(instance.view().storeReachable())
                    .as("reading still works")
                    .isTrue();

            MaintenanceControl.Result held = instance.control().disable(ALICE);
            assertThat(held.pending()).isTrue();
            assertThat(instance.state().enabled())
                    .as("in force on the instance at once")
                    .isFalse();

            mount("-o", "remount,rw", disk.toString());
            instance.view().refresh();
            assertThat(instance.view().hasPendingChange()).isFalse();
            assertThat(store.read().enabled()).isFalse();
            assertThat(store.history(1).get(0).change().action()).isEqualTo("up");
            assertThat(store.read().version()).isEqualTo(2);
        }
    }
}
