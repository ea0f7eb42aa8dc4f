package dev.maintenance4j.cli.command;

import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.cli.CliEnvironment;
import dev.maintenance4j.cli.MaintCommand;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.cli.output.StatusOutput;
import dev.maintenance4j.control.ClusterAwait;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StoreException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    void validate() {}

    abstract int run(MaintenanceTarget target);

    CliEnvironment environment() {
        return parent.environment();
    }

    /**
     * Waits until every live instance applied {@code version} (and, for down, drained writes), printing
     * each as it acknowledges.
     *
     * @return 0 when all did, 1 on timeout (the laggards are named)
     */
    int awaitInstances(MaintenanceTarget target, long version, boolean drainWrites, Duration timeout) {
        PrintWriter out = environment().out();
        if (!json) {
            out.println("Waiting for every instance to apply version " + version
                    + (drainWrites ? " and finish its writes" : "") + "...");
        }
        ClusterAwait.Result result;
        try {
            result = ClusterAwait.of(target::instances, environment().clock())
                    .await(version, drainWrites, timeout, report -> {
                        if (!json) {
                            out.println("  ready  " + report.id() + " (" + report.host() + "): version "
                                    + report.appliedVersion() + ", " + report.inFlightBlocked()
                                    + " blocked writes in flight");
                        }
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting", e);
        }
        if (result.done()) {
            if (!json) {
                int live = result.live().size();
                out.println(
                        live == 0
                                ? "No instance is reporting to this store."
                                : live == 1
                                        ? "The live instance is ready."
                                        : "All " + live + " live instances are ready.");
            }
            return 0;
        }
        for (InstanceReport laggard : result.laggards()) {
            environment()
                    .err()
                    .println("maint: still waiting for " + laggard.id() + " (" + laggard.host() + "): applied version "
                            + laggard.appliedVersion() + " of " + version + ", " + laggard.inFlightBlocked()
                            + " blocked writes in flight");
        }
        environment()
                .err()
                .println("maint: timed out after " + timeout.toSeconds() + "s waiting for "
                        + result.laggards().size() + " instance(s)");
        return 1;
    }

    /**
     * Warns on standard error when a change reached no running instance: no live instance reports to
     * this store, so a service configured with another store (a different path, another checkout) will
     * not see it.
     */
    void warnIfNoInstanceListens(MaintenanceTarget target, MaintenanceTarget.Outcome outcome) {
        if (outcome.notice() != null) {
            return; // printResult said what matters more
        }
        if (!outcome.changed()) {
            return;
        }
        Instant now = environment().clock().instant();
        boolean anyLive;
        try {
            anyLive = target.instances().stream().anyMatch(report -> report.isLiveAt(now));
        } catch (StoreException e) {
            return; // the change is stored; the registry is a hint only
        }
        if (!anyLive) {
            environment()
                    .err()
                    .println("maint: warning: no running instance reports to " + target.describe()
                            + "; a service using another store will not see this change (check its maintenance.store)");
        }
    }

    /** Prints the outcome of a change: JSON {@code {changed, status, secret?}} or a summary. */
    void printResult(MaintenanceTarget target, MaintenanceTarget.Outcome result) {
        if (result.notice() != null) {
            environment().err().println("maint: warning: " + result.notice());
        }
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
        MaintenanceStatus before = result.before();
        if (!result.changed()) {
            environment().out().println("Nothing to change.");
        } else if (before != null && before.enabled() && status.enabled()) {
            List<String> changes = StatusOutput.changes(before, status);
            if (!changes.isEmpty()) {
                environment().out().println("Updated: " + String.join("; ", changes));
                environment().out().println();
            }
        }
        StatusOutput.printHuman(environment().out(), status, now, target.describe());
        if (result.generatedSecret() != null) {
            environment().out().println();
            environment().out().println("Bypass secret (shown once, store it now): " + result.generatedSecret());
            environment()
                    .out()
                    .println("Open /" + result.generatedSecret() + " on the service to get a bypass cookie.");
        }
    }
}
