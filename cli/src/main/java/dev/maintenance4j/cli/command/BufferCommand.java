package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.cli.output.StatusOutput;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code maint buffer status|drain|dead-letters}: inspect and steer a running service's write buffer. */
@Command(
        name = "buffer",
        mixinStandardHelpOptions = true,
        description = "Show a running service's write buffer (status), replay it now (drain), or list the requests "
                + "that failed every replay attempt (dead-letters). Needs --store http(s)://.../maintenance/api.")
public final class BufferCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "status|drain|dead-letters", description = "What to do.")
    String action;

    @Option(
            names = "--limit",
            defaultValue = "50",
            description = "Dead letters to list, newest last (1 to 1000; default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void validate() {
        if (!action.equals("status") && !action.equals("drain") && !action.equals("dead-letters")) {
            throw new IllegalArgumentException(
                    "unknown buffer action '" + action + "'; expected: status, drain or dead-letters");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be from 1 to 1000, but was " + limit);
        }
    }

    @Override
    int run(MaintenanceTarget target) {
        JsonNode answer = target.writeBuffer(action, limit);
        PrintWriter out = environment().out();
        if (json) {
            StatusOutput.printJson(out, answer);
            return 0;
        }
        if (action.equals("dead-letters")) {
            if (answer.isEmpty()) {
                out.println("No dead letters.");
            }
            for (JsonNode letter : answer) {
                out.printf(
                        "#%d %s %s (key %s): %d attempts, last: %s%n",
                        letter.path("position").asLong(),
                        letter.path("method").asString("?"),
                        letter.path("path").asString("?"),
                        letter.path("idempotencyKey").asString(),
                        letter.path("attempts").asInt(),
                        letter.path("lastError").asString());
            }
            return 0;
        }
        if (action.equals("drain")) {
            out.println("Replay started: " + answer.path("pending").asLong() + " request(s) pending.");
            return 0;
        }
        out.printf(
                "Pending      %d request(s), %d bytes%s%n",
                answer.path("pending").asLong(),
                answer.path("bytes").asLong(),
                answer.path("pending").asLong() > 0
                        ? ", oldest waiting "
                                + answer.path("oldestPendingAgeSeconds").asLong() + " s"
                        : "");
        out.printf(
                "Replay       %s, %.0f%% done, %.1f/s, %d replayed since start, %d duplicate(s) skipped%n",
                answer.path("draining").asBoolean() ? "running" : "idle",
                answer.path("drainProgress").asDouble() * 100,
                answer.path("drainRatePerSecond").asDouble(),
                answer.path("drained").asLong(),
                answer.path("duplicatesSkipped").asLong());
        out.printf(
                "Dead letters %d%s%n",
                answer.path("deadLetters").asLong(),
                answer.path("lastError").isNull() || answer.path("lastError").isMissingNode()
                        ? ""
                        : " (last error: " + answer.path("lastError").asString() + ")");
        StringBuilder routes = new StringBuilder();
        answer.path("routes")
                .forEach(r -> routes.append(routes.isEmpty() ? "" : ", ").append(r.asString()));
        out.println("Routes       " + routes);
        return 0;
    }
}
