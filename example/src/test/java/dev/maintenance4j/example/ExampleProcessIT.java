package dev.maintenance4j.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.cli.CliEnvironment;
import dev.maintenance4j.cli.Maint;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.testing.servers.HeadlessChromium;
import dev.maintenance4j.testing.servers.PostgresServer;
import dev.maintenance4j.testing.servers.RedisServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The packaged example as users start it: its own JVM, its default configuration, from a working
 * directory. Two instances side by side; Redis and PostgreSQL as stores; start-up failures reported in
 * one clear description with an action, never a stack trace; and the same jar on the application context
 * Spring generated ahead of time.
 */
class ExampleProcessIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    private static final Path JAR = Path.of("target/maintenance4j-example.jar").toAbsolutePath();
    private static final Pattern TOKEN = Pattern.compile("Admin token     (\\S+)  \\(made for this run");

    @TempDir
    Path dir;

    private final List<Service> services = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Service(Process process, Path log, int port) {
        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Service service : services) {
            service.process().destroy();
            if (!service.process().waitFor(20, TimeUnit.SECONDS)) {
                service.process().destroyForcibly();
            }
        }
    }

    private Service start(String... arguments) throws IOException {
        int port = freePort();
        List<String> command =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        // -D system properties go to the JVM, everything else to the application
        List.of(arguments).stream().filter(a -> a.startsWith("-D")).forEach(command::add);
        command.addAll(List.of("-jar", JAR.toString(), "--server.port=" + port));
        List.of(arguments).stream().filter(a -> !a.startsWith("-D")).forEach(command::add);
        Path log = dir.resolve("example-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("MAINTENANCE4J_ADMIN_TOKEN");
        Service service = new Service(builder.start(), log, port);
        services.add(service);
        return service;
    }

    private Service started(String... arguments) throws Exception {
        Service service = start(arguments);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(service.process().isAlive())
                            .as("the example exited:%n%s", service.output())
                            .isTrue();
                    return service.output().contains("Admin page");
                });
        return service;
    }

    private int status(Service service, String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(service.url(path))).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int maint(String store, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--store", store));
        all.addAll(List.of(args));
        int exit = Maint.run(
                all.toArray(String[]::new),
                new CliEnvironment(
                        Map.of(),
                        Clock.systemUTC(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new Actor("ops", "it")));
        assertThat(exit).as("maint %s: %s%s", String.join(" ", args), out, err).isZero();
        return exit;
    }

    @Test
    void twoLocalInstancesStartSideBySideShareTheStateAndEachPrintsWhereToSignIn() throws Exception {
        Service first = started();
        Service second = started();
        assertThat(Files.isDirectory(dir.resolve("var/write-buffer/" + first.port())))
                .isTrue();
        assertThat(Files.isDirectory(dir.resolve("var/write-buffer/" + second.port())))
                .isTrue();

        maint("file:" + dir.resolve("var/maintenance/state.json"), "down", "--reason", "two instances");
        for (Service service : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> status(service, "/api/orders") == 503);
        }

        Matcher token = TOKEN.matcher(first.output());
        assertThat(token.find()).as(first.output()).isTrue();
        assertThat(first.output())
                .contains(
                        "Orders service  http://localhost:" + first.port() + "/",
                        "Admin page      http://localhost:" + first.port() + "/maintenance/");
        assertThat(status(first, "/maintenance/api/status", "Authorization", "Bearer " + token.group(1)))
                .isEqualTo(200);
        assertThat(status(first, "/maintenance/api/status")).isEqualTo(401);
    }

    @Test
    void theAdminPageSignsInWithTheTokenMadeForThisRun() throws Exception {
        Service service = started();
        Matcher token = TOKEN.matcher(service.output());
        assertThat(token.find()).as(service.output()).isTrue();
        WebDriver browser = HeadlessChromium.start();
        try {
            WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(15));
            browser.get(service.url("/maintenance/"));
            waiting.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("login-error"), "MAINTENANCE4J_ADMIN_TOKEN"));
            assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("signed out");
            browser.findElement(By.id("token")).sendKeys(token.group(1));
            browser.findElement(By.id("login-form")).submit();
            waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
            waiting.until(ExpectedConditions.textToBe(By.id("headline"), "Off"));
            waiting.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        } finally {
            browser.quit();
        }
    }

    @Test
    void runsOnTheContextGeneratedAheadOfTime() throws Exception {
        // with spring.aot.enabled the application starts from the generated initializer, not by evaluating the
        // auto-configurations, and refuses to start without one: starting at all proves the AOT path was taken
        Service service = started("-Dspring.aot.enabled=true");
        Matcher token = TOKEN.matcher(service.output());
        assertThat(token.find()).as(service.output()).isTrue();
        assertThat(status(service, "/api/orders")).isEqualTo(200);
        assertThat(status(service, "/actuator/health")).isEqualTo(200);

        maint("file:" + dir.resolve("var/maintenance/state.json"), "down", "--reason", "ahead of time");
        await().atMost(Duration.ofSeconds(15)).until(() -> status(service, "/api/orders") == 503);
        assertThat(status(service, "/maintenance/api/status", "Authorization", "Bearer " + token.group(1)))
                .isEqualTo(200);
        maint("file:" + dir.resolve("var/maintenance/state.json"), "up");
        await().atMost(Duration.ofSeconds(15)).until(() -> status(service, "/api/orders") == 200);
    }

    @Test
    void startsOnRedis() throws Exception {
        Service service = started("--maintenance.store=" + redis.uri());
        maint(redis.uri(), "down", "--reason", "on redis");
        await().atMost(Duration.ofSeconds(15)).until(() -> status(service, "/api/orders") == 503);
        maint(redis.uri(), "up");
        await().atMost(Duration.ofSeconds(15)).until(() -> status(service, "/api/orders") == 200);
    }

    @Test
    void startsOnPostgres() throws Exception {
        Service service = started("--maintenance.store=" + postgres.jdbcUrl());
        maint(postgres.jdbcUrl(), "down", "--reason", "on postgres");
        await().atMost(Duration.ofSeconds(15)).until(() -> status(service, "/api/orders") == 503);
    }

    @Test
    void aBadStoreUriEndsTheStartWithOneClearDescriptionAndNoStackTrace() throws Exception {
        Service service = start("--maintenance.store=gopher://nowhere");
        assertThat(service.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(service.process().exitValue()).isNotZero();
        assertThat(service.output())
                .contains("maintenance4j: cannot open the state store 'gopher://nowhere'", "Set maintenance.store to")
                .doesNotContain("\tat dev.maintenance4j", "Caused by");
    }

    @Test
    void aBufferDirectoryHeldByAnotherInstanceEndsTheStartWithOneClearDescription() throws Exception {
        Path buffer = dir.resolve("shared-buffer");
        started("--maintenance.buffer.directory=" + buffer);
        Service second = start("--maintenance.buffer.directory=" + buffer);
        assertThat(second.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(second.output())
                .contains(
                        "maintenance4j: cannot open the write buffer in " + buffer,
                        "in use by another process",
                        "Give each instance its own maintenance.buffer.directory")
                .doesNotContain("\tat dev.maintenance4j", "Caused by");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
