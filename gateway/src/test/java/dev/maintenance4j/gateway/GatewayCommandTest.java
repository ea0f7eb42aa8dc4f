package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the gateway's settings come from: the command line over the environment over the config file. */
class GatewayCommandTest {

    @TempDir
    Path directory;

    private GatewayCommand parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = GatewayCommand.commandLine(
                args, environment, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheConfigFile() throws Exception {
        Path config = Files.writeString(
                directory.resolve("gateway.properties"),
                "upstream=http://127.0.0.1:9000\nport=7000\nhost=127.0.0.1\ntimeout=5s\n"
                        + "buffer=POST /api/orders, PUT /api/items/*\n");
        GatewayCommand fromFile = parse(Map.of(), "--config", config.toString());
        assertThat(fromFile.upstream).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(fromFile.port).isEqualTo(7000);
        assertThat(fromFile.timeout).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromFile.bufferedRoutes).containsExactly("POST /api/orders", "PUT /api/items/*");

        Map<String, String> environment = Map.of(
                "MAINTENANCE4J_CONFIG",
                config.toString(),
                "MAINTENANCE4J_PORT",
                "7001",
                "MAINTENANCE4J_BUFFER_DIR",
                "/b");
        GatewayCommand fromEnvironment = parse(environment);
        assertThat(fromEnvironment.port).isEqualTo(7001);
        assertThat(fromEnvironment.bufferDirectory).isEqualTo(Path.of("/b"));
        assertThat(fromEnvironment.host).isEqualTo("127.0.0.1");

        GatewayCommand fromCommandLine = parse(environment, "--port", "7002");
        assertThat(fromCommandLine.port).isEqualTo(7002);
    }

    @Test
    void defaultsApplyWithoutAnySource() {
        GatewayCommand command = parse(Map.of(), "--upstream", "http://127.0.0.1:9000");
        assertThat(command.port).isEqualTo(8080);
        assertThat(command.host).isEqualTo("0.0.0.0");
        assertThat(command.store).isEqualTo("file:var/maintenance/state.json");
        assertThat(command.timeout).isEqualTo(Duration.ofSeconds(60));
        assertThat(command.bufferedRoutes).isEmpty();
    }

    @Test
    void anUnreadableConfigFileIsOneClearError() {
        assertThatThrownBy(() -> parse(
                        Map.of(),
                        "--config",
                        directory.resolve("missing.properties").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read the config file " + directory.resolve("missing.properties"));
    }

    @Test
    void badValuesExitTwoAndNameTheOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatewayCommand.run(
                new String[] {"--upstream", "http://127.0.0.1:9000", "--timeout", "soon"},
                Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
                .singleElement()
                .asString()
                .startsWith("gateway: Invalid value for option '--timeout'")
                .endsWith("(see 'gateway --help')");
    }

    @Test
    void routesAreAMethodAndAPath() {
        assertThat(GatewayCommand.route("post /api/orders/**", "--buffer", request -> {})
                        .matches("POST", "/api/orders/7"))
                .isTrue();
        assertThat(GatewayCommand.route("POST /api/orders", "--buffer", request -> {})
                        .matches("PUT", "/api/orders"))
                .isFalse();
        for (String bad : List.of("POST", "POST api/orders", "POST /a /b")) {
            assertThatThrownBy(() -> GatewayCommand.route(bad, "--buffer", request -> {}))
                    .hasMessageContaining("such as 'POST /api/orders'");
        }
    }
}
