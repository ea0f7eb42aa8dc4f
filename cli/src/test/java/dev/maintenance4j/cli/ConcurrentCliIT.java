package dev.maintenance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.store.file.FileStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty {@code maint allow} processes (the packaged jar that bin/maint runs) change the allow-list
 * of one state file at once: every update lands, each with its audit record.
 */
class ConcurrentCliIT {

    private static final int PROCESSES = 20;

    @TempDir
    Path dir;

    @Test
    void twentyConcurrentProcessesLoseNoUpdate() throws Exception {
        Path jar = packagedJar();
        Path state = dir.resolve("state.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(new ProcessBuilder(
                            java, "-jar", jar.toString(), "--store", "file:" + state, "allow", "10.0." + i + ".0/24")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out-" + i + ".txt").toFile())
                    .start());
        }
        for (int i = 0; i < PROCESSES; i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("process %d finished", i)
                    .isTrue();
            assertThat(p.exitValue())
                    .as("exit of process %d: %s", i, Files.readString(dir.resolve("out-" + i + ".txt")))
                    .isZero();
        }
        try (FileStateStore store = FileStateStore.builder(state).build()) {
            MaintenanceState result = store.read();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                expected.add("10.0." + i + ".0/24");
            }
            assertThat(result.allowed().entries())
                    .extracting(CidrBlock::toString)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(result.version()).isEqualTo(PROCESSES);
            List<AuditRecord> history = store.history(100);
            assertThat(history).hasSize(PROCESSES).allSatisfy(r -> {
                assertThat(r.change().action()).isEqualTo("allow");
                assertThat(r.after().allowed().entries())
                        .hasSize(r.before().allowed().entries().size() + 1);
            });
        }
    }

    private static Path packagedJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-all.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("the packaged maint jar is missing; run ./mvnw verify"));
        }
    }
}
