package dev.maintenance4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.test.StateStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest extends StateStoreContract {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("maintenance/state.json");
    }

    @Override
    protected StateStore newStore(SafeDefault safeDefault) {
        return FileStateStore.builder(file())
                .safeDefault(safeDefault)
                .pollInterval(Duration.ofMillis(200))
                .build();
    }

    @Override
    protected void corruptStoredState() throws Exception {
        Files.writeString(file(), "{\"format\":1,\"version\":\"not a number\"");
    }

    @Test
    void aCorruptFileIsKeptAsideForInspection() throws Exception {
        store.compareAndSet(0, down("x"), change("down"));
        corruptStoredState();
        store.read();
        try (Stream<Path> files = Files.list(file().getParent())) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("state.json.corrupt-"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo(Files.readString(file()));
        }
    }

    @Test
    void aCorruptFileReadManyTimesIsKeptAsideOnce() throws Exception {
        store.compareAndSet(0, down("x"), change("down"));
        corruptStoredState();
        for (int i = 0; i < 3; i++) {
            try (StateStore reader = newStore(SafeDefault.OPEN)) { // a CLI process each time
                assertThat(reader.readStored().unreadable())
                        .isEqualTo("not valid JSON: Unexpected end-of-input: expected close marker for Object");
            }
        }
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("state.json.corrupt-")))
                    .hasSize(1);
        }
    }

    @Test
    void aDeletedStateFileIsRestoredFromWhatAnInstanceKnew() throws Exception {
        MaintenanceState stored = store.compareAndSet(0, down("x"), change("down"));
        Files.delete(file());
        assertThat(store.restoreIfAbsent(stored)).isTrue();
        assertThat(store.read()).isEqualTo(stored);
        assertThat(store.history(1).get(0).change().action()).isEqualTo("restore");
        assertThat(store.restoreIfAbsent(stored)).isFalse();
    }

    @Test
    void stateAuditAndBackupFilesAreTheOwnersOnly() throws Exception {
        store.compareAndSet(0, down("x"), change("down"));
        store.compareAndSet(1, down("y"), change("down"));
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        FileStateStore fileStore = (FileStateStore) store;
        for (Path p : List.of(file(), fileStore.auditFile(), fileStore.backup(1))) {
            assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).isEqualTo(ownerOnly);
        }
        assertThat(Files.getPosixFilePermissions(file().getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void keepsTheConfiguredNumberOfBackups() throws Exception {
        StateStore twoBackups = FileStateStore.builder(file()).backups(2).build();
        MaintenanceState state = MaintenanceState.off();
        for (int i = 1; i <= 4; i++) {
            state = twoBackups.compareAndSet(i - 1, down("v" + i), change("down"));
        }
        FileStateStore f = (FileStateStore) twoBackups;
        assertThat(Files.readString(f.backup(1))).contains("\"v3\"");
        assertThat(Files.readString(f.backup(2))).contains("\"v2\"");
        assertThat(f.backup(3)).doesNotExist();
        assertThat(state.version()).isEqualTo(4);
        twoBackups.close();
    }

    @Test
    void leavesNoTempFilesBehind() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.compareAndSet(i, down("v" + i), change("down"));
        }
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void writesReadableJsonAndAuditLines() throws Exception {
        store.compareAndSet(0, down("readable"), change("down"));
        String json = Files.readString(file());
        assertThat(json).contains("\"reason\":\"readable\"", "\"version\":1", "\"mode\":\"full\"");
        String audit = Files.readString(((FileStateStore) store).auditFile(), StandardCharsets.UTF_8);
        assertThat(audit.lines())
                .hasSize(1)
                .allSatisfy(line -> assertThat(line).contains("\"actor\":\"alice\"", "\"origin\":\"test@host\""));
    }

    @Test
    void aFileFromANewerVersionIsUnreadableNotMisread() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"format\":99,\"version\":5,\"enabled\":true,\"mode\":\"full\"}");
        assertThat(open(SafeDefault.CLOSED).read()).isEqualTo(SafeDefault.CLOSED.state());
    }

    @Test
    void opensFromUris() {
        try (StateStore relative = StateStores.open("file:" + file(), StoreOptions.ofDefaults());
                StateStore absolute = StateStores.open(file().toUri().toString(), StoreOptions.ofDefaults())) {
            assertThat(relative.describe()).isEqualTo("file:" + file().toAbsolutePath());
            assertThat(absolute.describe()).isEqualTo(relative.describe());
        }
        assertThatThrownBy(() -> StateStores.open("gopher://x", StoreOptions.ofDefaults()))
                .hasMessageContaining("no state store for 'gopher://x'")
                .hasMessageContaining("file");
        assertThatThrownBy(() -> StateStores.open("file:", StoreOptions.ofDefaults()))
                .hasMessageContaining("names no file");
    }

    @Test
    void builderNamesBadValues() {
        assertThatThrownBy(() -> FileStateStore.builder(file()).backups(-1))
                .hasMessage("backups must be between 0 and 100, but was -1");
        assertThatThrownBy(() -> FileStateStore.builder(file()).pollInterval(Duration.ZERO))
                .hasMessageContaining("pollInterval must be positive");
    }

    @Test
    void aTornAuditLineNeverSwallowsTheNextRecord() throws Exception {
        FileStateStore fileStore = (FileStateStore) store;
        store.compareAndSet(0, down("one"), change("down"));
        // a writer killed in the middle of appending its record: part of a line, no newline
        Files.write(
                fileStore.auditFile(),
                "{\"format\":1,\"version\":2,\"act".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        store.compareAndSet(1, down("two"), change("down"));
        assertThat(store.history(10)).extracting(AuditRecord::version).containsExactly(2L, 1L);
    }
}
