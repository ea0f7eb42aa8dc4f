package dev.maintenance4j.spring.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.Mode;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.spring.boot.security.TestUsers;
import dev.maintenance4j.test.EventStreamClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * A Spring WebFlux application on Reactor Netty with Spring Security, given nothing but the starter: the
 * maintenance WebFilter is there, answers with the page and JSON, lets admin authorities through, signs
 * non-admins out in an emergency, and takes the {@code maintenance.*} properties as the servlet filter does.
 */
@SpringBootTest(
        classes = WebFluxIntegrationIT.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
class WebFluxIntegrationIT {

    private static final String TOKEN = "reactive-deployer-token-0123456789";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String store = "file:" + Files.createTempDirectory("webflux-it").resolve("state.json");
        registry.add("maintenance.store", () -> store);
        registry.add("maintenance.admin-roles", () -> "ADMIN");
        registry.add("maintenance.api-paths", () -> "/api/**");
        registry.add("maintenance.admin.tokens.deployer", () -> TOKEN);
        registry.add("maintenance.buffer.enabled", () -> "true");
        Path buffer = Files.createTempDirectory("webflux-it-buffer");
        registry.add("maintenance.buffer.directory", buffer::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    Maintenance maintenance;

    @Autowired
    ApplicationContext context;

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

    private HttpResponse<String> send(String method, String path, String user, String... headers) throws Exception {
        return exchange(method, path, "", user, headers);
    }

    private HttpResponse<String> exchange(String method, String path, String body, String user, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
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
    void theStarterPutsTheFilterInFrontOfAReactiveApplication() throws Exception {
        assertThat(context.getBeansOfType(WebFilter.class)).containsKey("maintenanceWebFilter");
        assertThat(send("GET", "/hello", null).body()).isEqualTo("hello anonymous");
        assertThat(send("POST", "/api/orders", null).statusCode()).isEqualTo(201);

        enable(Mode.FULL, List.of());
        HttpResponse<String> page = send("GET", "/hello", null, "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        HttpResponse<String> api = send("POST", "/api/orders", null);
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(api.body()).contains("\"mode\":\"full\"");
    }

    @Test
    void adminAuthoritiesBypassMaintenance() throws Exception {
        enable(Mode.FULL, List.of());
        assertThat(send("GET", "/hello", "alice").body()).isEqualTo("hello alice");
        assertThat(send("GET", "/hello", "bob").statusCode()).isEqualTo(503);
        assertThat(send("GET", "/hello", null).statusCode()).isEqualTo(503);
    }

    @Test
    void inReadOnlyModeReadsPassAndWritesAreRefused() throws Exception {
        enable(Mode.READ_ONLY, List.of());
        assertThat(send("GET", "/hello", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/orders", null).statusCode()).isEqualTo(503);
        assertThat(send("POST", "/api/orders", "alice").statusCode()).isEqualTo(201);
    }

    @Test
    void inAnEmergencyNonAdminsAreRefusedAndSignedOutEvenFromAnAllowedAddress() throws Exception {
        HttpResponse<String> login = send("GET", "/hello", "bob");
        assertThat(login.body()).isEqualTo("hello bob");
        String session = login.headers()
                .firstValue("Set-Cookie")
                .map(c -> c.substring(0, c.indexOf(';')))
                .orElseThrow();

        enable(Mode.EMERGENCY, List.of(CidrBlock.parse("127.0.0.1")));
        assertThat(send("GET", "/hello", null).statusCode())
                .as("anonymous, allow-listed: may reach the login")
                .isEqualTo(200);
        assertThat(send("GET", "/hello", "alice").statusCode()).as("admin").isEqualTo(200);
        HttpResponse<String> bobSignedIn = send("GET", "/hello", null, "Cookie", session, "Accept", "application/json");
        assertThat(bobSignedIn.statusCode())
                .as("bob, signed in through his session")
                .isEqualTo(503);
        assertThat(bobSignedIn.body()).contains("only administrators can sign in");
        HttpResponse<String> afterwards = send("GET", "/hello", null, "Cookie", session);
        assertThat(afterwards.statusCode())
                .as("bob's session was invalidated: he is anonymous now")
                .isEqualTo(200);
        assertThat(afterwards.body()).isEqualTo("hello anonymous");
    }

    @Test
    void theAdminApiAndPageServeAReactiveApplicationWithTheServletsSignIn() throws Exception {
        assertThat(context.getBeansOfType(WebFilter.class)).containsKey("maintenanceAdminWebFilter");
        assertThat(send("GET", "/maintenance/", null).body()).contains("<html");
        assertThat(send("GET", "/maintenance/status.json", null).body()).contains("\"active\":false");
        HttpResponse<String> anonymous = send("GET", "/maintenance/api/status", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("sign in with an admin token of this service");
        assertThat(send("GET", "/maintenance/api/status", "bob").statusCode())
                .as("signed in, not an admin")
                .isEqualTo(401);

        try (EventStreamClient events =
                EventStreamClient.open(http, "http://127.0.0.1:" + port + "/maintenance/api/events", TOKEN)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !events.data().isEmpty());
            HttpResponse<String> down = exchange(
                    "POST",
                    "/maintenance/api/down",
                    "{\"reason\":\"reactive\",\"mode\":\"full\",\"allow\":[]}",
                    "alice",
                    "Content-Type",
                    "application/json");
            assertThat(down.statusCode())
                    .as("an ADMIN authority may change the state")
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(events.data())
                            .anySatisfy(d -> assertThat(d).contains("\"reason\":\"reactive\"")));
        }
        assertThat(send("GET", "/hello", null).statusCode()).isEqualTo(503);
        assertThat(maintenance.view().store().history(1).get(0).change().actor())
                .isEqualTo("alice");
        HttpResponse<String> up = exchange(
                "POST",
                "/maintenance/api/up",
                "{}",
                null,
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                "application/json");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(send("GET", "/hello", null).statusCode()).isEqualTo(200);
    }

    @Test
    void blockedWritesOnABufferedRouteAreAcceptedAndAppliedWhenMaintenanceEnds() throws Exception {
        List<String> events = context.getBean(App.class).events;
        events.clear();
        enable(Mode.FULL, List.of());
        HttpResponse<String> accepted = exchange(
                "POST",
                "/api/events",
                "{\"n\":1}",
                "bob",
                "Content-Type",
                "application/json",
                "Idempotency-Key",
                "e-1");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"idempotencyKey\":\"e-1\"");
        HttpResponse<String> buffer = send("GET", "/maintenance/api/buffer", null, "Authorization", "Bearer " + TOKEN);
        assertThat(buffer.body()).contains("\"pending\":1");
        assertThat(events).isEmpty();

        control().disable(new Actor("test", "test"));
        maintenance.view().refresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
        assertThat(events).containsExactly("bob {\"n\":1}");
    }

    @SpringBootApplication
    @RestController
    static class App {

        /** What the buffered route applied, as "user body". */
        final List<String> events = new CopyOnWriteArrayList<>();

        @Bean
        BufferedRoute eventsRoute() {
            return BufferedRoute.of(
                    "POST", "/api/events", request -> events.add(request.principal() + " " + request.bodyText()));
        }

        @GetMapping("/hello")
        Mono<String> hello(Mono<Principal> principal) {
            return principal.map(p -> "hello " + p.getName()).defaultIfEmpty("hello anonymous");
        }

        @PostMapping("/api/orders")
        Mono<ResponseEntity<String>> order() {
            return Mono.just(ResponseEntity.status(201).body("{}"));
        }

        @Bean
        SecurityWebFilterChain security(ServerHttpSecurity http) {
            // a login is kept in the web session, as with form login
            WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();
            return http.authorizeExchange(a -> a.anyExchange().permitAll())
                    .securityContextRepository(sessions)
                    .httpBasic(b -> b.securityContextRepository(sessions))
                    .csrf(csrf -> csrf.disable())
                    .build();
        }

        @Bean
        MapReactiveUserDetailsService users() {
            return new MapReactiveUserDetailsService(TestUsers.aliceTheAdminAndBob());
        }
    }
}
