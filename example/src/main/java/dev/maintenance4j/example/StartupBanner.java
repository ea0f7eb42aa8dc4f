package dev.maintenance4j.example;

import dev.maintenance4j.protocol.AdminProtocol;
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
        String base = "http://localhost:"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String generated = environment.getProperty(ExampleApplication.GENERATED_TOKEN);
        String token = generated != null
                ? generated + "  (made for this run; set " + AdminProtocol.TOKEN_VARIABLE + " to choose your own)"
                : "the value of " + AdminProtocol.TOKEN_VARIABLE;
        System.out.println();
        System.out.println("Orders service  " + base + "/");
        System.out.println("Admin page      " + base + "/maintenance/");
        System.out.println("Admin token     " + token);
        System.out.println("State store     " + environment.getProperty("maintenance.store")
                + "  (bin/maint uses the same by default)");
        System.out.println();
    }
}
