package dev.maintenance4j.cli.command;

import dev.maintenance4j.HistoryEntry;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.cli.output.StatusOutput;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maint history}: the audit log, newest first. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Show who changed maintenance, when, from where, and how (newest first).")
public final class HistoryCommand extends StoreCommand {

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "How many changes to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void validate() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, but was " + limit);
        }
    }

    @Override
    int run(MaintenanceTarget target) {
        List<HistoryEntry> records = target.history(limit);
        if (json) {
            StatusOutput.printJson(environment().out(), records);
        } else {
            StatusOutput.printHistory(environment().out(), records);
        }
        return 0;
    }
}
