package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maint secret --rotate|--clear}: replace or remove the bypass secret. */
@Command(
        name = "secret",
        mixinStandardHelpOptions = true,
        description = "Rotate (print a new one once) or clear the bypass secret; old bypass cookies stop working.")
public final class SecretCommand extends StoreCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--rotate", required = true, description = "Generate a new secret and print it once.")
        boolean rotate;

        @Option(names = "--clear", required = true, description = "Remove the secret.")
        boolean clear;
    }

    @Override
    int run(MaintenanceTarget target) {
        printResult(target, action.rotate ? target.rotateSecret() : target.clearSecret());
        return 0;
    }
}
