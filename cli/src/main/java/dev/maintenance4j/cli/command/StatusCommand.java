package dev.maintenance4j.cli.command;

import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.cli.output.StatusOutput;
import dev.maintenance4j.spi.InstanceReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ObjectNode;

/** {@code maint status}: show the state. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show whether the service is in maintenance, and the options.",
        footer = {
            "",
            "Exit codes: 0 shown, 1 failed (store unreachable, ...), 2 bad arguments, " + StatusCommand.UNREADABLE
                    + " the stored state is unreadable (instances keep their last good state)."
        })
public final class StatusCommand extends StoreCommand {

    /** The exit code when the stored state can not be decoded. */
    public static final int UNREADABLE = 3;

    @Override
    int run(MaintenanceTarget target) {
        Instant now = environment().clock().instant();
        MaintenanceStatus status = target.status();
        String unreadable = target.unreadable();
        List<InstanceReport> instances = target.instances();
        if (json) {
            ObjectNode node = StatusOutput.json(status);
            node.put("unreadable", unreadable);
            node.set("instances", StatusOutput.instancesJson(instances, now));
            StatusOutput.printJson(environment().out(), node);
        } else if (unreadable != null) {
            PrintWriter out = environment().out();
            out.printf("%-12s %s%n", "Maintenance", "UNKNOWN: the stored state is unreadable (" + unreadable + ")");
            out.printf(
                    "%-12s %s%n",
                    "",
                    "Running instances keep serving their last good state; instances starting now apply their safe default.");
            out.printf("%-12s %s%n", "", "Rewrite it with 'maint down' or 'maint up'.");
            out.printf("%-12s %s%n", "Store", target.describe());
            StatusOutput.printInstances(out, instances, status.version(), now);
        } else {
            StatusOutput.printHuman(environment().out(), status, now, target.describe());
            StatusOutput.printInstances(environment().out(), instances, status.version(), now);
        }
        return unreadable == null ? 0 : UNREADABLE;
    }
}
