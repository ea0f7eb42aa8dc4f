package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** A gateway started in this JVM from {@code bin/gateway}'s own options, and HTTP helpers for talking to it. */
final class RunningGateway implements AutoCloseable {

    static final String TOKEN = "gateway-test-token-0123456789abcdef";

    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RunningGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    /** Starts a gateway on a free port, its state in {@code directory} (unless given --store), with these further options. */
    static RunningGateway start(@Nullable String upstream, Path directory, String... options) {
        List<String> args = new ArrayList<>(List.of(
                "--port", "0", "--buffer-dir", directory.resolve("buffer").toString()));
        if (!List.of(options).contains("--store")) {
            args.addAll(List.of("--store", "file:" + directory.resolve("state.json")));
        }
        if (upstream != null) {
            args.addAll(List.of("--upstream", upstream));
        }
        if (!List.of(options).contains("--host")) {
            args.addAll(List.of("--host", "127.0.0.1"));
        }
        args.addAll(List.of(options));
        String[] array = args.toArray(String[]::new);
        Map<String, String> environment = Map.of("MAINTENANCE4J_ADMIN_TOKEN", TOKEN);
        CommandLine commandLine = GatewayCommand.commandLine(
                array, environment, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        commandLine.parseArgs(array);
        GatewayCommand command = commandLine.getCommand();
        return new RunningGateway(command.assemble().gateway().start());
    }

    String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Calls the gateway's admin API with its token; fails the test unless it answers 2xx. */
    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/maintenance/api/" + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isBetween(200, 299);
        return response;
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
