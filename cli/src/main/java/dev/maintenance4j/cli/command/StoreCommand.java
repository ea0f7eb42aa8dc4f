package dev.maintenance4j.cli.command;

import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.cli.CliEnvironment;
import dev.maintenance4j.cli.MaintCommand;
import dev.maintenance4j.cli.output.StatusOutput;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.ObjectNode;

/** What every subcommand shares: the parent's store and environment, and {@code --json} output. */
abstract class StoreCommand implements Callable<Integer> {

    @ParentCommand
    private MaintCommand parent;

    @Option(names = "--json", description = "Print JSON for scripts instead of a summary.")
    boolean json;

    @Override
    public final Integer call() {
        validate();
        try (MaintenanceTarget target = parent.openTarget()) {
            return run(target);
        }
    }

    /** Checks arguments before the store is opened; throws IllegalArgumentException (exit 2). */
    void validate() {
    }

    abstract int run(MaintenanceTarget target);

    CliEnvironment environment() {
        return parent.environment();
    }

    /** Prints the outcome of a change: JSON {@code {changed, status, secret?}} or a summary. */
    void printResult(MaintenanceTarget target, MaintenanceTarget.Outcome result) {
        Instant now = environment().clock().instant();
        MaintenanceStatus status = result.status();
        if (json) {
            ObjectNode node = StatusOutput.json(status);
            node.put("changed", result.changed());
            if (result.generatedSecret() != null) {
                node.put("secret", result.generatedSecret());
            }
            StatusOutput.printJson(environment().out(), node);
            return;
        }
        if (!result.changed()) {
            environment().out().println("Nothing to change.");
        }
        StatusOutput.printHuman(environment().out(), status, now, target.describe());
        if (result.generatedSecret() != null) {
            environment().out().println();
            environment().out().println("Bypass secret (shown once, store it now): " + result.generatedSecret());
            environment().out().println("Open /" + result.generatedSecret() + " on the service to get a bypass cookie.");
        }
    }
}
