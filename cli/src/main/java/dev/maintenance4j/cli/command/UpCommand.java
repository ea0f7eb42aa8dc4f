package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import picocli.CommandLine.Command;

/** {@code maint up}: end maintenance; a no-op (exit 0) when already up. */
@Command(name = "up", description = "Bring the service back: end maintenance (the allow-list is kept, the secret dropped).")
public final class UpCommand extends StoreCommand {

    @Override
    int run(MaintenanceTarget target) {
        printResult(target, target.disable());
        return 0;
    }
}
