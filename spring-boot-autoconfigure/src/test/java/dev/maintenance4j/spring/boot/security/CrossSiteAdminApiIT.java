package dev.maintenance4j.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.MaintenanceControl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Principal;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An admin signed in through a session cookie (Spring Security, CSRF protection on for the application,
 * the admin API exempted as SECURITY.md allows): another site can not use that session to change
 * maintenance, neither with a form nor with a script, while the admin's own same-origin calls work.
 */
@SpringBootTest(classes = CrossSiteAdminApiIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrossSiteAdminApiIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String store = "file:" + Files.createTempDirectory("cross-site-it").resolve("state.json");
        registry.add("maintenance.store", () -> store);
        registry.add("maintenance.admin-roles", () -> "ADMIN");
    }

    @LocalServerPort
    int port;

    @Autowired
    Maintenance maintenance;

    private final HttpClient http = HttpClient.newHttpClient();
    private String session;

    @BeforeEach
    void signInAsAdmin() throws Exception {
        MaintenanceControl.of(maintenance.view().store(), maintenance.clock()).disable(new Actor("test", "test"));
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(url("/hello")))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        "alice:alice-password".getBytes(StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.body()).isEqualTo("hello alice");
        session = login.headers()
                .firstValue("Set-Cookie")
                .map(c -> c.substring(0, c.indexOf(';')))
                .orElseThrow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> postWithSession(String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/maintenance/api/enable")))
                .header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anotherSiteCanNotChangeMaintenanceThroughTheAdminsSession() throws Exception {
        assertThat(postWithSession(
                                "reason=hijacked",
                                "Content-Type",
                                "application/x-www-form-urlencoded",
                                "Origin",
                                "https://evil.example",
                                "Sec-Fetch-Site",
                                "cross-site")
                        .statusCode())
                .as("a forged form")
                .isIn(403, 415);
        assertThat(postWithSession(
                                "{\"reason\":\"hijacked\"}",
                                "Content-Type",
                                "text/plain",
                                "Origin",
                                "https://evil.example")
                        .statusCode())
                .as("a 'simple' cross-site fetch")
                .isIn(403, 415);
        assertThat(postWithSession(
                                "{\"reason\":\"hijacked\"}",
                                "Content-Type",
                                "application/json",
                                "Origin",
                                "https://evil.example")
                        .statusCode())
                .as("a script on another origin")
                .isEqualTo(403);
        assertThat(postWithSession(
                                "{\"reason\":\"hijacked\"}",
                                "Content-Type",
                                "application/json",
                                "Sec-Fetch-Site",
                                "cross-site")
                        .statusCode())
                .isEqualTo(403);
        maintenance.view().refresh();
        assertThat(maintenance.state().enabled()).as("nothing changed").isFalse();
    }

    @Test
    void theAdminsOwnSameOriginCallsWork() throws Exception {
        HttpResponse<String> own = postWithSession(
                "{\"reason\":\"by alice\"}",
                "Content-Type",
                "application/json",
                "Origin",
                "http://127.0.0.1:" + port,
                "Sec-Fetch-Site",
                "same-origin");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        maintenance.view().refresh();
        assertThat(maintenance.state().reason()).isEqualTo("by alice");
        assertThat(maintenance.state().actor()).isEqualTo("alice");
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
            HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .securityContext(c -> c.securityContextRepository(sessions))
                    .httpBasic(b -> b.securityContextRepository(sessions))
                    // CSRF protection stays on for the application; the admin API defends itself (JSON only, same
                    // origin)
                    .csrf(csrf -> csrf.ignoringRequestMatchers("/maintenance/api/**"))
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(User.withUsername("alice")
                    .password("{noop}alice-password")
                    .roles("ADMIN")
                    .build());
        }
    }
}
