package dev.maintenance4j.cli.command;

import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.cli.output.StatusOutput;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code maint status}: show the state. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether the service is in maintenance, and the options.")
public final class StatusCommand extends StoreCommand {

    @Override
    int run(MaintenanceTarget target) {
        Instant now = environment().clock().instant();
        MaintenanceStatus status = target.status();
        java.util.List<dev.maintenance4j.spi.InstanceReport> instances = target.instances();
        if (json) {
            tools.jackson.databind.node.ObjectNode node = StatusOutput.json(status);
            node.set("instances", StatusOutput.instancesJson(instances, now));
            StatusOutput.printJson(environment().out(), node);
        } else {
            StatusOutput.printHuman(environment().out(), status, now, target.describe());
            StatusOutput.printInstances(environment().out(), instances, status.version(), now);
        }
        return 0;
    }
}
