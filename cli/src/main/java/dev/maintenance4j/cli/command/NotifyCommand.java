package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code maint notify test}: ask a running service to send a test notification. */
@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = "Send a test notification through a running service's targets (needs --store http(s)://...).")
public final class NotifyCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "test", description = "What to send: test.")
    String what;

    @Override
    void validate() {
        if (!"test".equals(what)) {
            throw new IllegalArgumentException("unknown notify action '" + what + "'; expected: test");
        }
    }

    @Override
    int run(MaintenanceTarget target) {
        target.sendTestNotification();
        if (json) {
            environment().out().println("{\"sent\":true}");
        } else {
            environment().out().println("Test notification sent through " + target.describe() + ".");
        }
        return 0;
    }
}
