package dev.maintenance4j.testing.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL (Debian package {@code postgresql}): a fresh cluster made with {@code initdb} in
 * a temporary directory, trust authentication, user {@code postgres}, database {@code postgres}. When
 * the tests run as root, the server runs as the {@code postgres} system user, as PostgreSQL requires.
 */
public final class PostgresServer extends ExternalServer {

    private final boolean durable;

    /** A server for tests: {@code fsync=off} (see {@link #command}). */
    public PostgresServer() {
        this(false);
    }

    private PostgresServer(boolean durable) {
        super("postgres", "postgresql");
        this.durable = durable;
    }

    /**
     * A server configured as users run PostgreSQL: {@code fsync} and {@code full_page_writes} on, so every
     * commit waits for the disk. For benchmarks whose figures users compare with their own databases.
     */
    public static PostgresServer durable() {
        return new PostgresServer(true);
    }

    @Override
    protected List<String> searchPath() {
        List<String> dirs = new ArrayList<>(super.searchPath());
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder())
                    .forEach(v -> dirs.add(v.resolve("bin").toString()));
        } catch (IOException e) {
            // not installed there
        }
        return dirs;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    protected void prepare(Path directory) throws Exception {
        Path data = directory.resolve("data");
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", directory.toString()));
            run(List.of("chmod", "755", directory.toString()));
        }
        Path initdb = locate("initdb");
        run(asServerUser(List.of(
                initdb.toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C")));
    }

    @Override
    protected List<String> command(Path binary, int port, Path directory) {
        return asServerUser(List.of(
                binary.toString(),
                "-D",
                directory.resolve("data").toString(),
                "-p",
                Integer.toString(port),
                "-k",
                directory.toString(),
                "-c",
                "listen_addresses=127.0.0.1",
                // fast but honest: fsync=off only risks data on an OS crash; commits stay synchronous, so a
                // killed server keeps every transaction it acknowledged (the outage tests rely on that)
                "-c",
                "fsync=" + (durable ? "on" : "off"),
                "-c",
                "full_page_writes=" + (durable ? "on" : "off")));
    }

    @Override
    protected void awaitReady() throws IOException, InterruptedException {
        Path isReady = locate("pg_isready");
        for (int i = 0; i < 200; i++) {
            Process p = new ProcessBuilder(
                            isReady.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port()), "-U", "postgres")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("PostgreSQL did not become ready; log:\n" + log());
    }

    @Override
    public synchronized void kill() throws InterruptedException {
        try {
            killTree();
        } catch (IOException e) {
            throw new IllegalStateException("cannot clean up after killing PostgreSQL", e);
        }
    }

    private void killTree() throws InterruptedException, IOException {
        // runuser forks the server: SIGKILL the server tree, like a crash, and let runuser reap it
        // (killing runuser first would leave the postmaster a zombie that still holds its lock files)
        Process process = process();
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        super.kill();
        try (var files = Files.list(directory())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(".s.PGSQL"))
                    .toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // nothing to clean
        }
        Files.deleteIfExists(directory().resolve("data/postmaster.pid"));
    }

    /**
     * What {@code pg_ctl restart -m fast} does: a fast shutdown (SIGINT to the postmaster: sessions are
     * disconnected, open transactions rolled back, a clean checkpoint written), then a start on the same
     * port and data. The operator's restart, unlike {@link #kill()}'s crash.
     */
    public synchronized void restartFast() throws IOException, InterruptedException {
        Process process = process();
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        // as root, runuser runs the postmaster as its child; otherwise the process is the postmaster
        ProcessHandle postmaster = process.children().findFirst().orElse(process.toHandle());
        Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
                .inheritIO()
                .start();
        if (interrupt.waitFor() != 0) {
            throw new IllegalStateException("kill -INT " + postmaster.pid() + " failed; log:\n" + log());
        }
        try {
            postmaster.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not shut down fast; log:\n" + log(), e);
        }
        // the postmaster is gone; runuser, when it wraps it, only has its session left to close
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        start();
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres?user=postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?user=postgres";
    }
}
