package dev.maintenance4j.example;

import dev.maintenance4j.protocol.AdminProtocol;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small orders service behind maintenance4j: a page, a JSON API with reads and writes, a heavy export
 * endpoint (its own operation class), and a scheduled job. Start it with {@code bin/example}.
 *
 * <p>Started without {@code MAINTENANCE4J_ADMIN_TOKEN}, it makes an admin token for this run (as Spring
 * Boot makes a password when no user is configured), so the admin page works from the first start;
 * {@link StartupBanner} prints it with the service's and the page's addresses.
 */
@SpringBootApplication
@EnableScheduling
public class ExampleApplication {

    /** The property holding the admin token made for this run, when none was configured. */
    static final String GENERATED_TOKEN = "maintenance.admin.tokens.generated-for-this-run";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ExampleApplication.class);
        String configured = System.getenv(AdminProtocol.TOKEN_VARIABLE);
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            application.setDefaultProperties(Map.of(
                    GENERATED_TOKEN, Base64.getUrlEncoder().withoutPadding().encodeToString(random)));
        }
        application.run(args);
    }
}
