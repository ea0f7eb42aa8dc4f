package dev.maintenance4j.cli.command;

import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.cli.output.StatusOutput;
import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.DeadLetterEntry;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
        PrintWriter out = environment().out();
        if (action.equals("dead-letters")) {
            List<DeadLetterEntry> letters = target.deadLetters(limit);
            if (json) {
                StatusOutput.printJson(out, letters);
                return 0;
            }
            if (letters.isEmpty()) {
                out.println("No dead letters.");
            }
            for (DeadLetterEntry letter : letters) {
                out.printf(
                        "#%d %s %s (key %s): %d attempts, last: %s%n",
                        letter.position(),
                        letter.method() != null ? letter.method() : "?",
                        letter.path() != null ? letter.path() : "?",
                        letter.idempotencyKey(),
                        letter.attempts(),
                        letter.lastError());
            }
            return 0;
        }
        BufferStatus status = action.equals("drain") ? target.drainBuffer() : target.bufferStatus();
        if (json) {
            StatusOutput.printJson(out, status);
            return 0;
        }
        if (action.equals("drain")) {
            out.println("Replay started: " + status.pending() + " request(s) pending.");
            return 0;
        }
        out.printf(
                "Pending      %d request(s), %d bytes%s%n",
                status.pending(),
                status.bytes(),
                status.pending() > 0 ? ", oldest waiting " + status.oldestPendingAgeSeconds() + " s" : "");
        out.printf(
                "Replay       %s, %.0f%% done, %.1f/s, %d replayed since start, %d duplicate(s) skipped%n",
                status.draining() ? "running" : "idle",
                status.drainProgress() * 100,
                status.drainRatePerSecond(),
                status.drained(),
                status.duplicatesSkipped());
        out.printf(
                "Dead letters %d%s%n",
                status.deadLetters(), status.lastError() == null ? "" : " (last error: " + status.lastError() + ")");
        out.println("Routes       " + String.join(", ", status.routes()));
        return 0;
    }
}
