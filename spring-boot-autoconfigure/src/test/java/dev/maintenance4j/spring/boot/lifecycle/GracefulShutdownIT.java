package dev.maintenance4j.spring.boot.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.store.file.FileStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's graceful shutdown with the starter: a write in flight when the application is told to stop
 * finishes, and only then does the instance leave the store's registry, at once rather than three missed
 * heartbeats later, so {@code down --wait} and {@code maint status} stop counting it.
 */
class GracefulShutdownIT {

    /** What the application saw, in order. */
    static final List<String> happened = new CopyOnWriteArrayList<>();

    @Test
    void aWriteInFlightFinishesThenTheInstanceReportsItselfGone() throws Exception {
        Path state = Files.createTempDirectory("graceful").resolve("state.json");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "server.shutdown=graceful",
                        "maintenance.store=file:" + state)
                .run();
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        Maintenance maintenance = context.getBean(Maintenance.class);
        try (StateStore observer = FileStateStore.builder(state).build()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> ids(observer).contains(maintenance.instanceId()));

            CompletableFuture<HttpResponse<String>> write = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow-write"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> happened.contains("write started"));
            context.close(); // as on SIGTERM: the web server drains, then the beans are destroyed

            assertThat(write.get().statusCode())
                    .as("the write in flight finished")
                    .isEqualTo(200);
            assertThat(happened).containsExactly("write started", "write finished");
            assertThat(ids(observer))
                    .as("gone from the registry at once, not after three missed heartbeats")
                    .doesNotContain(maintenance.instanceId());
        }
    }

    private static List<String> ids(StateStore store) {
        return store.instanceRegistry().orElseThrow().reports().stream()
                .map(InstanceReport::id)
                .toList();
    }

    @SpringBootApplication
    @RestController
    static class App {

        @PostMapping("/slow-write")
        String slowWrite() throws InterruptedException {
            happened.add("write started");
            Thread.sleep(1500);
            happened.add("write finished");
            return "written";
        }

        @Bean
        SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .csrf(csrf -> csrf.disable())
                    .build();
        }
    }
}
