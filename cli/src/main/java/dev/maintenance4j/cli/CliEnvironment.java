package dev.maintenance4j.cli;

import dev.maintenance4j.control.Actor;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the command line gets from its surroundings, passed in so tests can run it in-process.
 *
 * @param env   environment variables ({@code MAINTENANCE4J_STORE})
 * @param clock time source and zone for local date-times
 * @param out   standard output
 * @param err   standard error
 * @param actor who runs the commands, for the audit log
 */
public record CliEnvironment(Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err, Actor actor) {

    public CliEnvironment {
        env = Map.copyOf(env);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(actor, "actor");
    }
}
