package dev.maintenance4j.spring.boot.customize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Customizer beans change one part of what the starter builds, on a real Tomcat, with the properties kept. */
@SpringBootTest(classes = CustomizersIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomizersIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String store = "file:" + Files.createTempDirectory("customizers-it").resolve("state.json");
        registry.add("maintenance.store", () -> store);
        registry.add("maintenance.exempt-paths", () -> "/health");
    }

    @LocalServerPort
    int port;

    @Autowired
    Maintenance maintenance;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePolicyFilterAndInstanceCustomizersApplyOnTopOfTheProperties() throws Exception {
        assertThat(maintenance.instanceId()).isEqualTo("orders-blue-1");
        long version = maintenance
                .control()
                .enable(EnableOptions.builder().reason("Customized").build(), new Actor("test", "test"))
                .after()
                .version();
        maintenance.view().refresh();
        assertThat(maintenance.state().version()).isEqualTo(version);

        assertThat(get("/page").statusCode()).isEqualTo(503);
        assertThat(get("/health").statusCode()).as("the property's exempt path").isEqualTo(200);
        assertThat(get("/status-page").statusCode())
                .as("the policy customizer's exempt path")
                .isEqualTo(200);
        HttpResponse<String> v2 = get("/v2/orders");
        assertThat(v2.statusCode()).isEqualTo(503);
        assertThat(v2.body())
                .as("the filter customizer's API path answers JSON")
                .startsWith("{");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootApplication
    @RestController
    static class App {

        @GetMapping({"/page", "/health", "/status-page", "/v2/orders"})
        String page() {
            return "ok";
        }

        @Bean
        SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }

        @Bean
        MaintenancePolicyCustomizer statusPageIsExempt() {
            return policy -> policy.addExemptPaths("/status-page");
        }

        @Bean
        MaintenanceHttpCustomizer v2IsAnApi() {
            return options -> options.apiPaths(List.of("/v2/**"));
        }

        @Bean
        MaintenanceCustomizer namedInstance() {
            return instance -> instance.instanceId("orders-blue-1");
        }
    }
}
