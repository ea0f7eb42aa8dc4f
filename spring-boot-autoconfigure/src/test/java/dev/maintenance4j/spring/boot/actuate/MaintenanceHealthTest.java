package dev.maintenance4j.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.store.file.FileStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceHealthTest {

    @TempDir
    Path dir;

    @Test
    void upWithDetailsWhileTheStoreAnswers() {
        try (FileStateStore store =
                        FileStateStore.builder(dir.resolve("state.json")).build();
                Maintenance maintenance = Maintenance.builder(store).build().start()) {
            var health = new MaintenanceHealth(maintenance, () -> Instant.parse("2026-11-23T10:00:00Z"), null).check();
            assertThat(health.up()).isTrue();
            assertThat(health.details())
                    .containsEntry("active", false)
                    .containsEntry("staleSince", "2026-11-23T10:00:00Z");
        }
    }

    @Test
    void downWhenTheStoreCanNotBeRead() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("blocker"), "x");
        try (FileStateStore store = FileStateStore.builder(notADirectory.resolve("state.json"))
                        .build();
                Maintenance maintenance = Maintenance.builder(store).build().start()) {
            var health = new MaintenanceHealth(maintenance).check();
            assertThat(health.up()).isFalse();
            assertThat(health.details()).containsKey("storeFailure");
        }
    }
}
