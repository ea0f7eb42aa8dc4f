package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.net.CidrBlock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code maint allow}: add clients to the allow-list. */
@Command(
        name = "allow",
        mixinStandardHelpOptions = true,
        description = "Let these client addresses or networks through maintenance.")
public final class AllowCommand extends StoreCommand {

    @Parameters(
            arity = "1..*",
            paramLabel = "IP|CIDR",
            description = "IPv4 or IPv6 addresses or networks, e.g. 10.0.0.0/8 2001:db8::/32.")
    List<CidrBlock> blocks;

    @Override
    int run(MaintenanceTarget target) {
        printResult(target, target.allow(blocks));
        return 0;
    }
}
