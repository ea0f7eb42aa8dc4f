package dev.maintenance4j.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bearer/JWT resource server, as APIs behind an identity provider run: a token whose {@code roles} claim holds
 * an admin role bypasses maintenance and may use the admin API (the audit names its subject); other tokens are
 * refused during maintenance; and the admin API still takes the service's own admin token (what {@code maint}
 * sends), which is not a JWT, through the resolver README.md shows.
 */
@SpringBootTest(classes = JwtResourceServerIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtResourceServerIT {

    private static final String ADMIN_TOKEN = "jwt-it-deployer-token-0123456789";
    private static final SecretKey KEY = new SecretKeySpec(
            "jwt-it-signing-key-of-at-least-256-bits!".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String store = "file:" + Files.createTempDirectory("jwt-it").resolve("state.json");
        registry.add("maintenance.store", () -> store);
        registry.add("maintenance.admin-roles", () -> "ADMIN");
        registry.add("maintenance.admin.tokens.deployer", () -> ADMIN_TOKEN);
    }

    @LocalServerPort
    int port;

    @Autowired
    Maintenance maintenance;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void off() {
        maintenance.control().disable(new Actor("test", "test"));
        maintenance.view().refresh();
    }

    private static String jwt(String subject, String... roles) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300))
                .claim("roles", List.of(roles))
                .build();
        return new NimbusJwtEncoder(new ImmutableSecret<>(KEY))
                .encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAdminTokenFromTheIdentityProviderTakesTheServiceDownAndIsAudited() throws Exception {
        String admin = jwt("carol@example.com", "ADMIN");
        HttpResponse<String> down =
                send("POST", "/maintenance/api/down", admin, "{\"reason\":\"jwt\",\"mode\":\"full\",\"allow\":[]}");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
        maintenance.view().refresh();
        assertThat(maintenance.view().store().history(1).get(0).change().actor())
                .isEqualTo("carol@example.com");

        assertThat(send("GET", "/hello", admin, null).body()).isEqualTo("hello carol@example.com");
        HttpResponse<String> user = send("GET", "/hello", jwt("dave@example.com", "USER"), null);
        assertThat(user.statusCode()).isEqualTo(503);
        assertThat(send("GET", "/hello", null, null).statusCode()).isEqualTo(503);
    }

    @Test
    void aTokenWithoutTheAdminRoleMayNotUseTheAdminApi() throws Exception {
        HttpResponse<String> status = send("GET", "/maintenance/api/status", jwt("dave@example.com", "USER"), null);
        assertThat(status.statusCode()).isEqualTo(401);
        assertThat(status.body()).contains("\"error\"");
        assertThat(send("POST", "/maintenance/api/down", jwt("dave@example.com", "USER"), "{}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(maintenance.state().enabled()).isFalse();
    }

    @Test
    void theServicesOwnAdminTokenStillWorksBesideJwts() throws Exception {
        HttpResponse<String> down = send("POST", "/maintenance/api/down", ADMIN_TOKEN, "{\"reason\":\"cli\"}");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
        maintenance.view().refresh();
        assertThat(maintenance.state().enabled()).isTrue();
        assertThat(send("POST", "/maintenance/api/up", ADMIN_TOKEN, "{}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aForgedTokenIsRefusedBySpringSecurity() throws Exception {
        String admin = jwt("carol@example.com", "ADMIN");
        String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "AAAA";
        assertThat(send("GET", "/hello", forged, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/maintenance/api/down", forged, "{}").statusCode())
                .isEqualTo(401);
        assertThat(maintenance.state().enabled()).isFalse();
    }

    @Test
    void inAnEmergencyOnlyAdminTokensGetThroughEvenFromAnAllowedAddress() throws Exception {
        HttpResponse<String> down = send(
                "POST",
                "/maintenance/api/down",
                jwt("carol@example.com", "ADMIN"),
                "{\"mode\":\"emergency\",\"allow\":[\"127.0.0.1\"]}");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
        maintenance.view().refresh();
        assertThat(send("GET", "/hello", null, null).body())
                .as("anonymous from the allowed address")
                .isEqualTo("hello anonymous");
        HttpResponse<String> user = send("GET", "/hello", jwt("dave@example.com", "USER"), null);
        assertThat(user.statusCode()).as("a signed-in non-admin").isEqualTo(503);
        assertThat(user.body()).contains("only administrators can sign in");
        assertThat(send("GET", "/hello", jwt("carol@example.com", "ADMIN"), null)
                        .statusCode())
                .isEqualTo(200);
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
            // the identity provider's "roles" claim becomes ROLE_ authorities, which maintenance.admin-roles names
            JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
            roles.setAuthoritiesClaimName("roles");
            roles.setAuthorityPrefix("ROLE_");
            JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
            authentication.setJwtGrantedAuthoritiesConverter(roles);
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .oauth2ResourceServer(o ->
                            o.bearerTokenResolver(jwtsOnly()).jwt(j -> j.jwtAuthenticationConverter(authentication)))
                    .csrf(csrf -> csrf.ignoringRequestMatchers("/maintenance/api/**"))
                    .build();
        }

        /**
         * The admin API's own token (what {@code maint} sends) is a bearer token too, but not a JWT: left to the admin
         * API instead of being refused as an invalid JWT.
         */
        static BearerTokenResolver jwtsOnly() {
            DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
            return request -> {
                String token = bearer.resolve(request);
                boolean adminApi = request.getRequestURI().startsWith(request.getContextPath() + "/maintenance/");
                return token != null
                                && adminApi
                                && token.chars().filter(c -> c == '.').count() != 2
                        ? null
                        : token;
            };
        }

        @Bean
        JwtDecoder jwtDecoder() {
            return NimbusJwtDecoder.withSecretKey(KEY).build();
        }
    }
}
