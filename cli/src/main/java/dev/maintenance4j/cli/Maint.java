package dev.maintenance4j.cli;

import dev.maintenance4j.control.Actor;
import java.io.PrintWriter;
import java.time.Clock;

/** Entry point of the {@code maint} command line; {@link MaintCommand} defines the commands. */
public final class Maint {

    private Maint() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CliEnvironment environment =
                new CliEnvironment(System.getenv(), Clock.systemDefaultZone(), out, err, Actor.currentUser("cli"));
        System.exit(run(args, environment));
    }

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 bad arguments. */
    public static int run(String[] args, CliEnvironment environment) {
        return MaintCommand.commandLine(environment).execute(args);
    }
}
