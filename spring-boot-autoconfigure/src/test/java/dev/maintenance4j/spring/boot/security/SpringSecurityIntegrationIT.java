package dev.maintenance4j.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.Mode;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.net.CidrBlock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * With Spring Security: admin authorities bypass maintenance and may use the admin API; in an
 * emergency, signed-in non-admins are refused with a clear message and lose their session, even from
 * an allow-listed address.
 */
@SpringBootTest(
        classes = SpringSecurityIntegrationIT.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringSecurityIntegrationIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String store = "file:" + Files.createTempDirectory("security-it").resolve("state.json");
        registry.add("maintenance.store", () -> store);
        registry.add("maintenance.admin-roles", () -> "ADMIN");
        registry.add("management.endpoints.web.exposure.include", () -> "maintenance");
    }

    @LocalServerPort
    int port;

    @Autowired
    Maintenance maintenance;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void off() {
        control().disable(new Actor("test", "test"));
        maintenance.view().refresh();
    }

    private MaintenanceControl control() {
        return MaintenanceControl.of(maintenance.view().store(), maintenance.clock());
    }

    private void enable(Mode mode, List<CidrBlock> allowed) {
        control().enable(EnableOptions.builder().mode(mode).allowed(allowed).build(), new Actor("test", "test"));
        maintenance.view().refresh();
    }

    private HttpResponse<String> get(String path, String user, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json");
        if (user != null) {
            b.header("Authorization", basic(user));
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void adminAuthoritiesBypassMaintenance() throws Exception {
        enable(Mode.FULL, List.of());
        assertThat(get("/hello", "alice").statusCode()).isEqualTo(200);
        assertThat(get("/hello", "bob").statusCode()).isEqualTo(503);
        assertThat(get("/hello", null).statusCode()).isEqualTo(503);
    }

    @Test
    void adminAuthoritiesMayUseTheAdminApiWithoutAToken() throws Exception {
        HttpResponse<String> status = get("/maintenance/api/status", "alice");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(get("/maintenance/api/status", "bob").statusCode()).isEqualTo(401);
    }

    @Test
    void inAnEmergencyNonAdminsAreRefusedAndSignedOutEvenFromAnAllowedAddress() throws Exception {
        HttpResponse<String> login = get("/hello", "bob");
        assertThat(login.statusCode()).isEqualTo(200);
        String session = login.headers()
                .firstValue("Set-Cookie")
                .map(c -> c.substring(0, c.indexOf(';')))
                .orElseThrow();

        enable(Mode.EMERGENCY, List.of(CidrBlock.parse("127.0.0.1")));
        assertThat(get("/hello", null).statusCode())
                .as("anonymous, allow-listed: may reach the login")
                .isEqualTo(200);
        assertThat(get("/hello", "alice").statusCode()).as("admin").isEqualTo(200);
        HttpResponse<String> bobSignedIn = get("/hello", null, "Cookie", session);
        assertThat(bobSignedIn.statusCode())
                .as("bob, signed in through his session")
                .isEqualTo(503);
        assertThat(bobSignedIn.body()).contains("only administrators can sign in");
        HttpResponse<String> afterwards = get("/hello", null, "Cookie", session);
        assertThat(afterwards.statusCode())
                .as("bob's session was invalidated: he is anonymous now")
                .isEqualTo(200);
        assertThat(afterwards.body()).isEqualTo("hello anonymous");
        HttpResponse<String> bobAgain = get("/hello", "bob");
        assertThat(bobAgain.statusCode()).as("a new login is refused too").isEqualTo(503);
    }

    @Test
    void theActuatorEndpointAuditsTheSignedInUserNotTheEndpoint() throws Exception {
        HttpResponse<String> down = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/maintenance"))
                        .header("Authorization", basic("alice"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"Audited\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
        assertThat(maintenance.view().store().history(1))
                .singleElement()
                .satisfies(record -> assertThat(record.change().actor()).isEqualTo("alice"));
    }

    @SpringBootApplication
    @RestController
    static class App {

        @GetMapping("/hello")
        String hello(Principal principal) {
            return "hello " + (principal == null ? "anonymous" : principal.getName());
        }

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            // a login is kept in the HTTP session, as with form login
            HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .securityContext(c -> c.securityContextRepository(sessions))
                    .httpBasic(b -> b.securityContextRepository(sessions))
                    .csrf(csrf -> csrf.disable())
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(TestUsers.aliceTheAdminAndBob());
        }
    }
}
