package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.cli.CliEnvironment;
import dev.maintenance4j.cli.Maint;
import dev.maintenance4j.control.Actor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gateway in its own JVM, as operators run it ({@code GatewayCommand}, the main class of
 * {@code bin/gateway}, with a 64 MB heap), on a fixed port so it can be SIGKILLed and started again in its
 * place, with its output in a log file.
 */
final class GatewayProcess implements AutoCloseable {

    private final int port;
    private final Map<String, String> environment;
    private final List<String> args;
    private final Path log;
    private Process process;

    private GatewayProcess(int port, Map<String, String> environment, List<String> args, Path log) {
        this.port = port;
        this.environment = environment;
        this.args = args;
        this.log = log;
    }

    /**
     * Starts {@code bin/gateway --port PORT --host 127.0.0.1 ARGS} with the admin token and {@code environment}
     * and waits until it accepts connections.
     */
    static GatewayProcess start(Map<String, String> environment, Path log, String... args) throws Exception {
        GatewayProcess gateway = new GatewayProcess(GatewayContract.unusedPort(), environment, List.of(args), log);
        gateway.start();
        return gateway;
    }

    /** Starts it (again, after {@link #kill}) on the same port, with the same options and environment. */
    void start() throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port), "--host", "127.0.0.1"));
        all.addAll(args);
        process = command(all, environment)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!accepts()) {
            assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("gateway start").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** SIGKILL: no shutdown hook, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    Process process() {
        return process;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The gateway's command line in a JVM of its own, with the admin token set. */
    static ProcessBuilder command(List<String> args, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                GatewayCommand.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MAINTENANCE4J_ADMIN_TOKEN", RunningGateway.TOKEN);
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs {@code maint ARGS} in this JVM with the admin token, as an operator would; it must exit 0. */
    static String maint(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Maint.run(
                args,
                new CliEnvironment(
                        Map.of("MAINTENANCE4J_ADMIN_TOKEN", RunningGateway.TOKEN),
                        Clock.systemUTC(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new Actor("ops", "test")));
        assertThat(code).as("maint %s: %s%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    private boolean accepts() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
