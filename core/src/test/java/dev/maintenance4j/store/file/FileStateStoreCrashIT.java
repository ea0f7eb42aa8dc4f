package dev.maintenance4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.StateFormat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL in the middle of many writes leaves a state file that is exactly one
 * of the states it wrote, and an audit log with one record for every committed version.
 */
class FileStateStoreCrashIT {

    private static final int ROUNDS = 6;

    @TempDir
    Path dir;

    @Test
    void sigkillDuringWritesLeavesTheOldOrTheNewStateAndACompleteAudit() throws Exception {
        Path file = dir.resolve("state.json");
        long lastVersion = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process writer = startWriter(file);
            long target = lastVersion + ThreadLocalRandom.current().nextInt(20, 200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (versionOnDisk(file) < target) {
                assertThat(System.nanoTime()).as("writer made progress").isLessThan(deadline);
                assertThat(writer.isAlive()).as("writer still running").isTrue();
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 3));
            }
            writer.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();

            byte[] bytes = Files.readAllBytes(file);
            MaintenanceState state = StateFormat.decode(bytes); // throws if the file were torn
            assertThat(state.reason()).isEqualTo("state " + state.version());
            assertThat(state.enabled()).isEqualTo(state.version() % 2 == 1);
            assertThat(state.version()).isGreaterThanOrEqualTo(target);
            lastVersion = state.version();

            try (FileStateStore store = FileStateStore.builder(file).build()) {
                List<AuditRecord> history = store.history(Integer.MAX_VALUE);
                assertThat(history).hasSize((int) lastVersion);
                for (int i = 0; i < history.size(); i++) {
                    AuditRecord record = history.get(i);
                    assertThat(record.version()).isEqualTo(lastVersion - i);
                    assertThat(record.after().reason()).isEqualTo("state " + record.version());
                    assertThat(record.before().version()).isEqualTo(record.version() - 1);
                }
            }
        }
    }

    private static long versionOnDisk(Path file) {
        try {
            return StateFormat.decode(Files.readAllBytes(file)).version();
        } catch (Exception e) {
            return 0;
        }
    }

    private static Process startWriter(Path file) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingWriter.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("writer started").isEqualTo("ready");
        Thread drain = new Thread(() -> out.lines().forEach(line -> {}));
        drain.setDaemon(true);
        drain.start();
        return process;
    }
}
