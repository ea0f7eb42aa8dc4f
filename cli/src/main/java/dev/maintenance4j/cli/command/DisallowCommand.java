package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.net.CidrBlock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code maint disallow}: remove entries from the allow-list. */
@Command(
        name = "disallow",
        mixinStandardHelpOptions = true,
        description = "Remove entries from the allow-list (exactly as listed by status).")
public final class DisallowCommand extends StoreCommand {

    @Parameters(arity = "1..*", paramLabel = "IP|CIDR", description = "Entries to remove.")
    List<CidrBlock> blocks;

    @Override
    int run(MaintenanceTarget target) {
        printResult(target, target.disallow(blocks));
        return 0;
    }
}
