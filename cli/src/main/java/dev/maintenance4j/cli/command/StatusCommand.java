package dev.maintenance4j.cli.command;

import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.cli.output.StatusOutput;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code maint status}: show the state. */
@Command(name = "status", description = "Show whether the service is in maintenance, and the options.")
public final class StatusCommand extends StoreCommand {

    @Override
    int run(MaintenanceTarget target) {
        Instant now = environment().clock().instant();
        MaintenanceStatus status = target.status();
        if (json) {
            StatusOutput.printJson(environment().out(), StatusOutput.json(status));
        } else {
            StatusOutput.printHuman(environment().out(), status, now, target.describe());
        }
        return 0;
    }
}
