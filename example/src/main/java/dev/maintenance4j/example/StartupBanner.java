package dev.maintenance4j.example;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Once the service is up, says where it is, where its admin page is, and how to sign in. */
@Component
class StartupBanner {

    private final Environment environment;

    StartupBanner(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void printAddresses() {
        String base = "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String generated = environment.getProperty(ExampleApplication.GENERATED_TOKEN);
        String signIn = generated != null
                ? "sign in with the token made for this run: " + generated + " (set MAINTENANCE4J_ADMIN_TOKEN to choose your own)"
                : "sign in with your MAINTENANCE4J_ADMIN_TOKEN";
        System.out.println();
        System.out.println("Orders service  " + base + "/");
        System.out.println("Admin page      " + base + "/maintenance/  (" + signIn + ")");
        System.out.println("State store     " + environment.getProperty("maintenance.store") + "  (bin/maint uses the same by default)");
        System.out.println();
    }
}
