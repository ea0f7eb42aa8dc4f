package dev.maintenance4j.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** As shipped, the example's actuator endpoint can be read but not used to change maintenance. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadOnlyActuatorIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("readonly-actuator");
        registry.add("maintenance.store", () -> "file:" + dir.resolve("state.json"));
        registry.add("maintenance.buffer.directory", () -> dir.resolve("write-buffer").toString());
    }

    @LocalServerPort
    int port;

    @Test
    void writesAreNotExposed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/actuator/maintenance");
        assertThat(http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"anyone\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isIn(404, 405);
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(endpoint).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isIn(404, 405);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/maintenance/status.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"active\":false");
    }
}
