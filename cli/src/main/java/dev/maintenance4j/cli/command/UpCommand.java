package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maint up}: end maintenance; a no-op (exit 0) when already up. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Bring the service back: end maintenance (the allow-list is kept, the secret dropped).")
public final class UpCommand extends StoreCommand {

    @Option(names = "--wait", description = "Return only when every live instance applied the change.")
    boolean await;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(60);

    @Override
    int run(MaintenanceTarget target) {
        MaintenanceTarget.Outcome outcome = target.disable();
        printResult(target, outcome);
        warnIfNoInstanceListens(target, outcome);
        return await ? awaitInstances(target, outcome.status().version(), false, timeout) : 0;
    }
}
