package dev.maintenance4j.cli.command;

import dev.maintenance4j.Mode;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maint down}: switch maintenance on, or update a running one (only what is given changes). */
@Command(name = "down", description = {"Put the service into maintenance, or update the options of a running one.",
        "Options not given keep their current values; the command is idempotent."})
public final class DownCommand extends StoreCommand {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Text shown to users.")
    String reason;

    @Option(names = "--mode", paramLabel = "MODE", description = "full (default), read-only, emergency or test.")
    Mode mode;

    @Option(names = "--retry", paramLabel = "SECONDS", description = "Retry-After when no end is known (90s, 15m, ...).")
    Duration retry;

    @Option(names = "--refresh", paramLabel = "SECONDS", description = "Refresh header of the maintenance page.")
    Duration refresh;

    @Option(names = "--allow", paramLabel = "IP|CIDR", description = "Allow these clients (replaces the allow-list; repeatable).")
    List<CidrBlock> allow;

    @ArgGroup(exclusive = true)
    SecretChoice secret;

    @Option(names = "--at", paramLabel = "TIME", description = "Scheduled start: 2026-11-23T02:00, an ISO instant, or +2h.")
    Instant at;

    @ArgGroup(exclusive = true)
    End end;

    @Option(names = "--redirect", paramLabel = "PATH", description = "Redirect blocked browsers to this local path.")
    String redirect;

    @Option(names = "--status", paramLabel = "CODE", description = "Status of blocked responses (default 503).")
    Integer status;

    @Option(names = "--wait", description = "Return only when every live instance applied the change and finished its writes in progress.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    Duration timeout;

    static final class SecretChoice {
        @Option(names = "--secret", paramLabel = "SECRET", description = "Bypass secret (16+ URL-safe characters).")
        String value;

        @Option(names = "--with-secret", description = "Generate a bypass secret and print it once.")
        boolean generate;
    }

    static final class End {
        @Option(names = "--for", paramLabel = "DURATION", description = "End after this long (from the start).")
        Duration duration;

        @Option(names = "--until", paramLabel = "TIME", description = "End at this time.")
        Instant until;
    }

    private EnableOptions options;

    @Override
    void validate() {
        if (retry != null && (retry.isNegative() || retry.isZero())) {
            throw new IllegalArgumentException("--retry must be positive, but was " + retry.toSeconds() + "s");
        }
        if (refresh != null && (refresh.isNegative() || refresh.isZero())) {
            throw new IllegalArgumentException("--refresh must be positive, but was " + refresh.toSeconds() + "s");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, but was " + timeout.toSeconds() + "s");
        }
        if (status != null && (status < 200 || status > 599)) {
            throw new IllegalArgumentException("--status must be between 200 and 599, but was " + status);
        }
        options = EnableOptions.builder()
                .reason(reason).mode(mode).retryAfter(retry).refresh(refresh).allowed(allow)
                .secret(secret == null ? null : secret.value)
                .generateSecret(secret != null && secret.generate)
                .startsAt(at)
                .duration(end == null ? null : end.duration)
                .until(end == null ? null : end.until)
                .redirect(redirect).statusCode(status)
                .build();
    }

    @Override
    int run(MaintenanceTarget target) {
        MaintenanceTarget.Outcome outcome = target.enable(options);
        printResult(target, outcome);
        return await ? awaitInstances(target, outcome.status().version(), true, timeout) : 0;
    }
}
