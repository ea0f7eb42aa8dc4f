package dev.maintenance4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps maintenance files to their owner: directories {@code rwx------}, files {@code rw-------}. The
 * state, its audit log and backups name who did what and from where, and hold the secret's verifier:
 * nobody else on the machine needs to read them. File systems without POSIX permissions are left as they are.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> DIRECTORY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private OwnerOnly() {}

    /** Creates the directory and missing parents; the ones it creates are owner-only. */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path missing = absolute;
        while (missing.getParent() != null && !Files.exists(missing.getParent())) {
            missing = missing.getParent();
        }
        boolean existed = Files.isDirectory(absolute);
        Files.createDirectories(absolute);
        if (!existed) {
            for (Path p = absolute; p != null && p.startsWith(missing); p = p.getParent()) {
                restrict(p, DIRECTORY);
            }
        }
        return dir;
    }

    /** Makes a file this process created readable and writable by its owner only. */
    public static Path file(Path file) throws IOException {
        restrict(file, FILE);
        return file;
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // permissions are the file system's business there
        }
    }
}
