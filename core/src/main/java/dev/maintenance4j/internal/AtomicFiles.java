package dev.maintenance4j.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file's content so that a crash at any moment leaves the old content or the new one, never a
 * mix, and the new one survives a power cut once this returns: an owner-only temporary file beside it,
 * forced to disk, renamed over the file, and the directory forced. The one way the state file, its local
 * mirror and the instance reports are written.
 */
public final class AtomicFiles {

    private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);

    private AtomicFiles() {}

    /** What to do after the new content is on disk and before it replaces the old (keeping a backup). */
    @FunctionalInterface
    public interface BeforeRename {
        void run() throws IOException;
    }

    /** Replaces {@code file} with {@code bytes}, creating its directory (owner-only) when missing. */
    public static void replace(Path file, byte[] bytes) throws IOException {
        replace(file, bytes, () -> {});
    }

    /** Replaces {@code file} with {@code bytes}, running {@code beforeRename} once the new content is durable. */
    public static void replace(Path file, byte[] bytes, BeforeRename beforeRename) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = Objects.requireNonNull(absolute.getParent(), "an absolute file path has a directory");
        OwnerOnly.createDirectories(dir);
        Path temp = dir.resolve(absolute.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OwnerOnly.file(temp);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            beforeRename.run();
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " can not rename atomically", e);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms can not open directories; the rename itself is still atomic there
            log.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
