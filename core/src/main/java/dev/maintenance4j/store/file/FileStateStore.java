package dev.maintenance4j.store.file;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.internal.AtomicFiles;
import dev.maintenance4j.internal.OwnerOnly;
import dev.maintenance4j.spi.AuditAction;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.Commit;
import dev.maintenance4j.spi.InstanceRegistry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StateFormatException;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.text.Failures;
import dev.maintenance4j.time.Durations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state in a JSON file, for one host or a shared volume.
 *
 * <ul>
 *   <li>Writes are atomic: a temp file is written and fsynced, renamed over the state file, and the
 *       directory fsynced. A crash at any point leaves either the old or the new state.</li>
 *   <li>Writers serialise on a lock file ({@code state.json.lock}) with an OS file lock, so concurrent
 *       CLI processes and instances on one host never lose an update; inside one JVM a lock per path
 *       does the same for threads.</li>
 *   <li>The previous {@code backups} versions are kept as {@code state.json.1}, {@code .2}, ...</li>
 *   <li>A missing file is "not in maintenance". A file that can not be decoded gives the configured
 *       {@link SafeDefault}, an ERROR log line, and a copy kept aside as {@code state.json.corrupt-<millis>}.</li>
 *   <li>Every change is appended to {@code state.audit.jsonl} (one JSON record per line, fsynced)
 *       before the state is replaced, so a committed change always has its record.</li>
 *   <li>{@link #watch} detects changes by a directory watch, with polling as the fallback.</li>
 * </ul>
 */
public final class FileStateStore implements StateStore, InstanceRegistry {

    private static final Logger log = LoggerFactory.getLogger(FileStateStore.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path directory;
    private final Path lockFile;
    private final Path auditFile;
    private final Path instancesDir;
    private final int backups;
    private final SafeDefault safeDefault;
    private final Duration pollInterval;
    private final Clock clock;
    private final FileWatcher watcher;
    private volatile int lastCorruptFingerprint;

    private FileStateStore(Builder b) {
        this.file = b.file.toAbsolutePath().normalize();
        this.directory = Objects.requireNonNull(file.getParent(), "an absolute file path has a directory");
        this.lockFile = sibling(file, file.getFileName() + ".lock");
        String name = file.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        this.auditFile = sibling(file, base + ".audit.jsonl");
        this.instancesDir = sibling(file, base + ".instances");
        this.backups = b.backups;
        this.safeDefault = b.safeDefault;
        this.pollInterval = b.pollInterval;
        this.clock = b.clock;
        this.watcher = new FileWatcher(file, directory, pollInterval, this::read);
    }

    /** A store for this state file, with defaults: 3 backups, {@link SafeDefault#OPEN}, 1 s polling. */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** The state file. */
    public Path file() {
        return file;
    }

    /** The audit log file. */
    public Path auditFile() {
        return auditFile;
    }

    @Override
    public StoredState readStored() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return StoredState.of(MaintenanceState.off());
        } catch (IOException e) {
            throw new StoreException("cannot read maintenance state file " + file + ": " + Failures.describe(e), e);
        }
        return decodeOrDefault(bytes);
    }

    private StoredState decodeOrDefault(byte[] bytes) {
        try {
            return StoredState.of(StateFormat.decode(bytes));
        } catch (StateFormatException e) {
            int fingerprint = Arrays.hashCode(bytes) * 31 + bytes.length;
            if (fingerprint != lastCorruptFingerprint) {
                lastCorruptFingerprint = fingerprint;
                Path aside = keepAside(bytes);
                log.error(
                        "Maintenance state file {} is unreadable ({}); using the safe default '{}' until it is rewritten{}",
                        file,
                        e.getMessage(),
                        safeDefault,
                        aside == null ? "" : "; the bad file is kept at " + aside);
            }
            return StoredState.unreadable(safeDefault.state(), e.getMessage());
        }
    }

    /** Keeps one copy of each distinct unreadable content, named by its digest, however often it is read. */
    private @Nullable Path keepAside(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            Path aside = sibling(
                    file, file.getFileName() + ".corrupt-" + HexFormat.of().formatHex(digest, 0, 8));
            if (!Files.exists(aside)) {
                OwnerOnly.file(Files.write(aside, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            }
            return aside;
        } catch (IOException | RuntimeException | NoSuchAlgorithmException copyFailure) {
            return null;
        }
    }

    /** The highest version the audit log records, or 0: where versions go on when the state file is unreadable. */
    private long lastAuditedVersion() {
        List<String> lines;
        try {
            lines = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new StoreException("cannot read the audit log " + auditFile + ": " + Failures.describe(e), e);
        }
        long highest = 0;
        for (String line : lines) {
            if (!line.isBlank()) {
                try {
                    highest = Math.max(
                            highest,
                            StateFormat.decodeAudit(line.getBytes(StandardCharsets.UTF_8))
                                    .version());
                } catch (StateFormatException e) {
                    // skipped, as history() does
                }
            }
        }
        return highest;
    }

    @Override
    public MaintenanceState compareAndSet(long expectedVersion, MaintenanceState proposed, Change change) {
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(change, "change");
        return underLock(() -> {
            // over an unreadable file, versions go on from the audit log
            Commit commit = Commit.over(readStored(), expectedVersion, proposed, change, this::lastAuditedVersion);
            // the audit record is made durable first, so no committed change lacks one; a record whose
            // state write did not happen (crash in between) is superseded by the next writer's record
            // for the same version, and hidden by history() until then
            appendAudit(commit.audit());
            replace(StateFormat.encode(commit.next()));
            return commit.next();
        });
    }

    /** Writes the known state back when the state file is gone (deleted by hand), under the same lock as a change. */
    @Override
    public boolean restoreIfAbsent(MaintenanceState known) {
        return underLock(() -> {
            if (Files.exists(file) || known.version() == 0) {
                return false;
            }
            appendAudit(new AuditRecord(
                    new Change(AuditAction.RESTORE, "maintenance4j", "instance", clock.instant()),
                    MaintenanceState.off(),
                    known));
            replace(StateFormat.encode(known));
            return true;
        });
    }

    /** Runs a write while holding this JVM's lock and the cross-process file lock. */
    private <T> T underLock(LockedWrite<T> write) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        jvmLock.lock();
        try {
            OwnerOnly.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return write.run();
            }
        } catch (IOException e) {
            throw new StoreException("cannot write maintenance state file " + file + ": " + Failures.describe(e), e);
        } finally {
            jvmLock.unlock();
        }
    }

    /** A write done under the store's locks. */
    @FunctionalInterface
    private interface LockedWrite<T> {
        T run() throws IOException;
    }

    private void replace(byte[] bytes) throws IOException {
        AtomicFiles.replace(file, bytes, this::rotateBackups);
    }

    private void rotateBackups() throws IOException {
        if (backups == 0 || !Files.exists(file)) {
            return;
        }
        for (int i = backups - 1; i >= 1; i--) {
            Path older = backup(i);
            if (Files.exists(older)) {
                Files.move(older, backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(file, backup(1), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** The n-th backup, 1 being the newest. */
    public Path backup(int n) {
        return sibling(file, file.getFileName() + "." + n);
    }

    /**
     * Appends one line to the audit log (under the write lock). A writer killed in the middle of its append
     * can leave a torn last line: the new record then starts on a line of its own, so it never merges with
     * the torn one into one unreadable line.
     */
    private void appendAudit(AuditRecord record) throws IOException {
        byte[] line = StateFormat.encodeAudit(record);
        try (FileChannel out = FileChannel.open(
                auditFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            OwnerOnly.file(auditFile);
            long size = out.size();
            boolean tornTail = false;
            if (size > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                out.read(last, size - 1);
                tornTail = last.get(0) != '\n';
            }
            ByteBuffer buffer = ByteBuffer.allocate(line.length + (tornTail ? 2 : 1));
            if (tornTail) {
                buffer.put((byte) '\n');
            }
            buffer.put(line).put((byte) '\n').flip();
            out.position(size);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false);
        }
    }

    @Override
    public List<AuditRecord> history(int limit) {
        StateStore.requireHistoryLimit(limit);
        List<String> lines;
        try {
            lines = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StoreException("cannot read audit log " + auditFile + ": " + Failures.describe(e), e);
        }
        StoredState stored = readStored();
        long committed = stored.readable() ? stored.state().version() : Long.MAX_VALUE;
        Deque<AuditRecord> newestFirst = new ArrayDeque<>();
        long nextExpected = Long.MAX_VALUE;
        for (int i = lines.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            AuditRecord record;
            try {
                record = StateFormat.decodeAudit(line.getBytes(StandardCharsets.UTF_8));
            } catch (StateFormatException e) {
                log.warn("Skipping unreadable line {} of audit log {}: {}", i + 1, auditFile, e.getMessage());
                continue;
            }
            // newest line wins for a version; versions above the committed one never took effect
            if (record.version() > committed || record.version() >= nextExpected) {
                continue;
            }
            nextExpected = record.version();
            newestFirst.addLast(record);
        }
        return new ArrayList<>(newestFirst);
    }

    @Override
    public Subscription watch(Consumer<MaintenanceState> listener) {
        return watcher.add(listener);
    }

    @Override
    public Optional<InstanceRegistry> instanceRegistry() {
        return Optional.of(this);
    }

    /** Each instance's report is a small JSON file in {@code state.instances/}, replaced atomically. */
    @Override
    public void heartbeat(InstanceReport report) {
        try {
            AtomicFiles.replace(reportFile(report.id()), StateFormat.encodeInstance(report));
        } catch (IOException e) {
            throw new StoreException(
                    "cannot write instance report in " + instancesDir + ": " + Failures.describe(e), e);
        }
    }

    @Override
    public List<InstanceReport> reports() {
        List<InstanceReport> reports = new ArrayList<>();
        if (!Files.isDirectory(instancesDir)) {
            return reports;
        }
        try (Stream<Path> files = Files.list(instancesDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .toList()) {
                try {
                    reports.add(StateFormat.decodeInstance(Files.readAllBytes(f)));
                } catch (StateFormatException | NoSuchFileException e) {
                    // half-written by a crashed instance, or forgotten concurrently: skip it
                }
            }
        } catch (IOException e) {
            throw new StoreException(
                    "cannot read instance reports in " + instancesDir + ": " + Failures.describe(e), e);
        }
        return reports;
    }

    @Override
    public void forget(String instanceId) {
        try {
            Files.deleteIfExists(reportFile(instanceId));
        } catch (IOException e) {
            throw new StoreException(
                    "cannot delete an instance report in " + instancesDir + ": " + Failures.describe(e), e);
        }
    }

    private Path reportFile(String instanceId) {
        return instancesDir.resolve(instanceId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    @Override
    public String describe() {
        return "file:" + file;
    }

    @Override
    public void close() {
        watcher.close();
    }

    private static Path sibling(Path file, String name) {
        return file.resolveSibling(name);
    }

    /** Builds {@link FileStateStore}s; setters validate at once. */
    public static final class Builder {
        private final Path file;
        private int backups = 3;
        private SafeDefault safeDefault = SafeDefault.OPEN;
        private Duration pollInterval = StoreOptions.DEFAULT_POLL_INTERVAL;
        private Clock clock = Clock.systemUTC();

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            if (file.getFileName() == null) {
                throw new IllegalArgumentException("state file must name a file, but was '" + file + "'");
            }
        }

        /** How many previous versions to keep (0 to 100). */
        public Builder backups(int backups) {
            if (backups < 0 || backups > 100) {
                throw new IllegalArgumentException("backups must be between 0 and 100, but was " + backups);
            }
            this.backups = backups;
            return this;
        }

        /** What to assume when the file can not be decoded. */
        public Builder safeDefault(SafeDefault safeDefault) {
            this.safeDefault = Objects.requireNonNull(safeDefault, "safeDefault");
            return this;
        }

        /** How often the change feed polls when the directory watch misses a change. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.requirePositive(pollInterval, "pollInterval");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public FileStateStore build() {
            return new FileStateStore(this);
        }
    }
}
