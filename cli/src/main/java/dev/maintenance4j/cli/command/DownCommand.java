package dev.maintenance4j.cli.command;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maint down}: switch maintenance on, or update a running one (only what is given changes). */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Put the service into maintenance, or update the options of a running one.",
            "Options not given keep their current values; the command is idempotent."
        })
public final class DownCommand extends StoreCommand {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Text shown to users.")
    @Nullable
    String reason;

    @Option(names = "--mode", paramLabel = "MODE", description = "full (default), read-only, emergency or test.")
    @Nullable
    Mode mode;

    @Option(
            names = "--retry",
            paramLabel = "DURATION",
            description = {
                "Retry-After when no end is known (90s, 15m, ...; at most 366d).",
                "Default: 5m for a new maintenance ($MAINTENANCE4J_DEFAULT_RETRY sets another, 0s none), so clients always get a retry hint; --clear retry removes it."
            })
    @Nullable
    Duration retry;

    @Option(
            names = "--refresh",
            paramLabel = "DURATION",
            description = "Refresh header of the maintenance page (30s, 1m, ...).")
    @Nullable
    Duration refresh;

    @Option(
            names = "--allow",
            paramLabel = "IP|CIDR",
            description = "Allow these clients (replaces the allow-list; repeatable).")
    @Nullable
    List<CidrBlock> allow;

    @ArgGroup(exclusive = true)
    @Nullable
    SecretChoice secret;

    @Option(
            names = "--at",
            paramLabel = "TIME",
            description = "Scheduled start: 2026-11-23T02:00 (local time), an ISO instant, or +2h; within a year.")
    @Nullable
    Instant at;

    @ArgGroup(exclusive = true)
    @Nullable
    End end;

    @Option(names = "--redirect", paramLabel = "PATH", description = "Redirect blocked browsers to this local path.")
    @Nullable
    String redirect;

    @Option(
            names = "--status",
            paramLabel = "CODE",
            description =
                    "Status of blocked responses (default 503; 200, 403, 404, 410, 423, 429, 500, 502, 503 or 504).")
    @Nullable
    Integer status;

    @Option(
            names = "--clear",
            paramLabel = "SETTING",
            split = ",",
            converter = SettingConverter.class,
            description = {
                "Reset settings while maintenance stays on (repeatable or comma-separated):",
                "reason, retry, refresh, at, until, redirect, status, secret, allow."
            })
    @Nullable
    List<EnableOptions.Setting> clear;

    @Option(
            names = "--wait",
            description =
                    "Return only when every live instance applied the change and finished its writes in progress.")
    boolean await;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(60);

    static final class SecretChoice {
        @Option(names = "--secret", paramLabel = "SECRET", description = "Bypass secret (16+ URL-safe characters).")
        @Nullable
        String value;

        @Option(names = "--with-secret", description = "Generate a bypass secret and print it once.")
        boolean generate;
    }

    static final class End {
        @Option(
                names = "--for",
                paramLabel = "DURATION",
                description = "End after this long from the start: 30m, 2h, 1d (a unit is required; at most 366d).")
        @Nullable
        Duration duration;

        @Option(names = "--until", paramLabel = "TIME", description = "End at this time.")
        @Nullable
        Instant until;
    }

    private @Nullable EnableOptions options;

    @Override
    void validate() {
        positiveAndBounded(retry, "--retry");
        positiveAndBounded(refresh, "--refresh");
        positiveAndBounded(end == null ? null : end.duration, "--for");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, but was " + timeout.toSeconds() + "s");
        }
        if (status != null && !MaintenanceState.STATUS_CODES.contains(status)) {
            throw new IllegalArgumentException(
                    "--status must be one of " + new TreeSet<>(MaintenanceState.STATUS_CODES) + ", but was " + status);
        }
        if (redirect != null && redirect.isBlank()) {
            throw new IllegalArgumentException(
                    "--redirect needs a local path such as /status; to stop redirecting use --clear redirect");
        }
        if (at != null && end != null && end.until != null && !end.until.isAfter(at)) {
            throw new IllegalArgumentException("--until must be after --at, but " + end.until + " is not after " + at);
        }
        EnableOptions.Builder builder = EnableOptions.builder()
                .reason(reason)
                .mode(mode)
                .retryAfter(retry)
                .refresh(refresh)
                .allowed(allow)
                .secret(secret == null ? null : secret.value)
                .generateSecret(secret != null && secret.generate)
                .startsAt(at)
                .duration(end == null ? null : end.duration)
                .until(end == null ? null : end.until)
                .redirect(redirect)
                .statusCode(status);
        Set<EnableOptions.Setting> cleared = clear == null ? Set.of() : EnumSet.copyOf(clear);
        EnableOptions given = builder.build();
        for (EnableOptions.Setting setting : cleared) {
            if (given.gives(setting)) { // said here with the flags' names; EnableOptions refuses it too
                throw new IllegalArgumentException(
                        "give --" + (setting == EnableOptions.Setting.UNTIL ? "until/--for" : setting.id())
                                + " or --clear " + setting.id() + ", not both");
            }
        }
        options = builder.clear(cleared).build();
    }

    private static void positiveAndBounded(@Nullable Duration value, String flag) {
        if (value == null) {
            return;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive, but was " + value.toSeconds() + "s");
        }
        Durations.requireAtMost(value, MaintenanceState.MAX_DURATION, flag);
    }

    /** Reads a {@code --clear} name. */
    static final class SettingConverter implements CommandLine.ITypeConverter<EnableOptions.Setting> {
        @Override
        public EnableOptions.Setting convert(String value) {
            try {
                return EnableOptions.Setting.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    int run(MaintenanceTarget target) {
        MaintenanceTarget.Outcome outcome = target.enable(Objects.requireNonNull(options, "validate() runs first"));
        printResult(target, outcome);
        warnIfNoInstanceListens(target, outcome);
        return await ? awaitInstances(target, outcome.status().version(), true, timeout) : 0;
    }
}
