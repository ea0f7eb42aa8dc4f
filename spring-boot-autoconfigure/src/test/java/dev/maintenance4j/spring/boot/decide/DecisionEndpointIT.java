package dev.maintenance4j.spring.boot.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
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

/**
 * {@code maintenance.decide.enabled}: a Spring Boot service answers its proxy's decision requests at
 * {@code /maintenance/decide}, as the filter would decide, and only for the trusted proxies; the admin
 * API beside it keeps working.
 */
@SpringBootTest(classes = DecisionEndpointIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DecisionEndpointIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String store = "file:" + Files.createTempDirectory("decide-it").resolve("state.json");
        registry.add("maintenance.store", () -> store);
        registry.add("maintenance.decide.enabled", () -> "true");
        registry.add("maintenance.decide.headers", () -> "x-original");
        registry.add("maintenance.decide.user-header", () -> "X-Forwarded-User");
        registry.add("maintenance.decide.roles-header", () -> "X-Forwarded-Groups");
        registry.add("maintenance.admin-roles", () -> "ops");
        registry.add("maintenance.trusted-proxies", () -> "127.0.0.1/32");
    }

    @LocalServerPort
    int port;

    @Autowired
    Maintenance maintenance;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void up() {
        maintenance.control().disable(new Actor("test", "test"));
        await().until(() -> !maintenance.state().enabled());
    }

    private HttpResponse<String> decide(String host, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/maintenance/decide"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersTheProxyAsTheFilterWouldDecide() throws Exception {
        assertThat(decide("127.0.0.1", "X-Original-URI", "/orders", "X-Original-Method", "POST")
                        .statusCode())
                .isEqualTo(204);
        maintenance.control().enable(EnableOptions.builder().reason("Upgrade").build(), new Actor("test", "test"));
        await().until(() -> maintenance.state().enabled());
        HttpResponse<String> blocked = decide(
                "127.0.0.1", "X-Original-URI", "/orders", "X-Original-Method", "GET", "Accept", "application/json");
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(503);
        assertThat(blocked.body()).contains("\"message\":\"Upgrade\"");
        assertThat(decide("127.0.0.1", "X-Original-URI", "/orders", "X-Maintenance4j-Deny-Status", "401")
                        .statusCode())
                .isEqualTo(401);
        assertThat(decide(
                                "127.0.0.1",
                                "X-Original-URI",
                                "/orders",
                                "X-Forwarded-User",
                                "alice",
                                "X-Forwarded-Groups",
                                "dev, ops")
                        .statusCode())
                .as("an admin role the proxy's authentication found")
                .isEqualTo(204);
        assertThat(decide("127.0.0.1", "X-Original-URI", "/actuator/health").statusCode())
                .isEqualTo(204);
        assertThat(decide("127.0.0.1", "X-Original-URI", "/orders", "X-Forwarded-Uri", "/actuator/health")
                        .statusCode())
                .as("only the configured family of headers is read")
                .isEqualTo(503);
    }

    @Test
    void refusesPeersThatAreNotTrustedProxiesAndRequestsWithoutTheOriginalUri() throws Exception {
        HttpResponse<String> stranger = decide("[::1]", "X-Original-URI", "/orders");
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.body()).contains("answers only the trusted proxies");
        HttpResponse<String> noUri = decide("127.0.0.1");
        assertThat(noUri.statusCode()).isEqualTo(400);
        assertThat(noUri.body()).contains("X-Original-URI");
    }

    @Test
    void pathsTheApplicationCouldRouteDifferentlyGetNoExemptPassAndMalformedOnesAreRefused() throws Exception {
        maintenance.control().enable(EnableOptions.none(), new Actor("test", "test"));
        await().until(() -> maintenance.state().enabled());
        assertThat(decide("127.0.0.1", "X-Original-URI", "/actuator/health").statusCode())
                .isEqualTo(204);
        for (String ambiguous :
                List.of("/actuator/health;x=1", "/actuator%2fhealth", "/orders/%2e%2e/actuator/health")) {
            assertThat(decide("127.0.0.1", "X-Original-URI", ambiguous, "Accept", "application/json")
                            .statusCode())
                    .as(ambiguous)
                    .isEqualTo(503);
        }
        assertThat(decide("127.0.0.1", "X-Original-URI", "/orders/../actuator/health")
                        .statusCode())
                .as("dot segments are removed before matching, as the container does")
                .isEqualTo(204);
        for (String malformed : List.of("orders", "http://evil.example/actuator/health", "/a%zz")) {
            HttpResponse<String> refused = decide("127.0.0.1", "X-Original-URI", malformed);
            assertThat(refused.statusCode()).as(malformed).isEqualTo(400);
            assertThat(refused.body()).as(malformed).contains("original URI");
        }
        assertThat(decide("127.0.0.1", "X-Original-URI", "/orders", "X-Maintenance4j-Deny-Status", "403")
                        .statusCode())
                .isEqualTo(403);
    }

    @SpringBootApplication
    static class App {
        /** The proxy in front authenticates; the service lets the decision requests in. */
        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
    }
}
