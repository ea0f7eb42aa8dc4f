package dev.maintenance4j.testing.servers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server process started from an installed binary on a free loopback port, in its own temporary
 * directory, for one test class ({@code @RegisterExtension static}). Tests can {@link #kill()} it
 * (SIGKILL) and {@link #start()} it again on the same port to inject faults. A missing binary fails
 * the test loudly, naming the Debian package to install.
 */
public abstract class ExternalServer implements BeforeAllCallback, AfterAllCallback {

    private final String binary;
    private final String debianPackage;
    private int port;
    private Path directory;
    private Process process;

    protected ExternalServer(String binary, String debianPackage) {
        this.binary = binary;
        this.debianPackage = debianPackage;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        launch();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        shutdown();
    }

    /**
     * Prepares and starts the server; outside JUnit's lifecycle, for servers whose configuration depends
     * on what the test started first (a proxy needs its upstream's port). {@link #shutdown()} undoes it.
     */
    public void launch() throws Exception {
        directory = Files.createTempDirectory(getClass().getSimpleName().toLowerCase());
        port = freePort();
        prepare(directory);
        start();
    }

    /** Stops the server and deletes its directory. */
    public void shutdown() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Runs once before the first start, for servers that need an initialised data directory. */
    protected void prepare(Path directory) throws Exception {}

    /** Sets the server's environment variables, when it needs some. */
    protected void environment(Map<String, String> environment, Path directory) {}

    /** The command line that runs the server in the foreground. */
    protected abstract List<String> command(Path binaryPath, int port, Path directory);

    /** Starts the server (again, after {@link #kill()}) and waits until it accepts connections. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path binaryPath = locate(binary);
        ProcessBuilder builder = new ProcessBuilder(command(binaryPath, port, directory))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("server.log").toFile()));
        environment(builder.environment(), directory);
        process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!accepts(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(binary + " exited with " + process.exitValue() + "; log:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        binary + " did not accept connections on port " + port + " within 30 s; log:\n" + log());
            }
            Thread.sleep(50);
        }
        awaitReady();
    }

    /** Waits for readiness beyond an open port (PostgreSQL accepts before it is ready). */
    protected void awaitReady() throws IOException, InterruptedException {}

    /** Kills the server with SIGKILL, as a crash or a network cut would look to clients. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            // its workers too (php -S with PHP_CLI_SERVER_WORKERS): they share the listening socket
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            process.waitFor();
            for (int i = 0; i < 100 && accepts(port); i++) {
                Thread.sleep(50);
            }
        }
    }

    /**
     * Freezes the server and the processes it started with SIGSTOP: connections stay open and nothing
     * answers, the hang case that is worse than a crash. {@link #thaw()} resumes them.
     */
    public synchronized void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Resumes a server frozen by {@link #freeze()} (SIGCONT). */
    public synchronized void thaw() throws IOException, InterruptedException {
        signal("CONT");
        // a wrapper such as runuser stops itself when it sees its child stopped, and may do so after the
        // SIGCONT above: stopped, it would never reap the server, so a later shutdown would seem to hang
        Process wrapper = process;
        for (int i = 0; i < 40 && wrapper != null && isStopped(wrapper.pid()); i++) {
            signal("CONT");
            Thread.sleep(50);
        }
    }

    /** True when the process is stopped (state T in /proc), as after SIGSTOP. */
    private static boolean isStopped(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        int end = text.lastIndexOf(')');
        return end > 0 && end + 2 < text.length() && text.charAt(end + 2) == 'T';
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(binary + " is not running");
        }
        // the server and every process it started (PostgreSQL's backends serve the open connections)
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(process.pid())));
        process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** Stops the server. */
    public synchronized void stop() throws InterruptedException {
        kill();
    }

    public int port() {
        return port;
    }

    protected Path directory() {
        return directory;
    }

    protected Process process() {
        return process;
    }

    /** The server's output so far, for failure messages. */
    public String log() {
        try {
            return Files.exists(directory.resolve("server.log"))
                    ? Files.readString(directory.resolve("server.log"))
                    : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Path locate(String name) {
        for (String dir : searchPath()) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " is not installed: apt-get install " + debianPackage
                + " (the tests start a real " + debianPackage + " server; they do not mock it)");
    }

    /** Runs a preparation command (initdb, mariadb-install-db) to completion; fails with its output. */
    protected static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    /** Where to look for the binary: the PATH, and server directories that are not on it. */
    protected List<String> searchPath() {
        return List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
