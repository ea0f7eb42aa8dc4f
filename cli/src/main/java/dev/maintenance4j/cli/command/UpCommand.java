package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import picocli.CommandLine.Command;
import java.time.Duration;

/** {@code maint up}: end maintenance; a no-op (exit 0) when already up. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Bring the service back: end maintenance (the allow-list is kept, the secret dropped).")
public final class UpCommand extends StoreCommand {

    @picocli.CommandLine.Option(names = "--wait", description = "Return only when every live instance applied the change.")
    boolean await;

    @picocli.CommandLine.Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run(MaintenanceTarget target) {
        MaintenanceTarget.Outcome outcome = target.disable();
        printResult(target, outcome);
        warnIfNoInstanceListens(target, outcome);
        return await ? awaitInstances(target, outcome.status().version(), false, timeout) : 0;
    }
}
