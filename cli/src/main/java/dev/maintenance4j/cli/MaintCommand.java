package dev.maintenance4j.cli;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.cli.backend.AdminApiTarget;
import dev.maintenance4j.cli.backend.MaintenanceTarget;
import dev.maintenance4j.cli.backend.StoreTarget;
import dev.maintenance4j.cli.command.AllowCommand;
import dev.maintenance4j.cli.command.BufferCommand;
import dev.maintenance4j.cli.command.DisallowCommand;
import dev.maintenance4j.cli.command.DownCommand;
import dev.maintenance4j.cli.command.HistoryCommand;
import dev.maintenance4j.cli.command.NotifyCommand;
import dev.maintenance4j.cli.command.SecretCommand;
import dev.maintenance4j.cli.command.StatusCommand;
import dev.maintenance4j.cli.command.UpCommand;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.protocol.AdminProtocol;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.time.TimeExpressions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code maint}: the top command, holding the store option shared by every subcommand. */
@Command(
        name = "maint",
        mixinStandardHelpOptions = true,
        versionProvider = MaintCommand.Version.class,
        description = "Take a service (or every instance of it) into maintenance and back.",
        subcommands = {
            DownCommand.class,
            UpCommand.class,
            StatusCommand.class,
            AllowCommand.class,
            DisallowCommand.class,
            HistoryCommand.class,
            SecretCommand.class,
            NotifyCommand.class,
            BufferCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 done, 1 failed (store unreachable, ...), 2 bad arguments, 3 (status) the stored state is unreadable."
        })
public final class MaintCommand implements Runnable {

    /** The environment variable naming the store when {@code --store} is not given. */
    public static final String STORE_ENV = "MAINTENANCE4J_STORE";
    /** The environment variable holding the admin token for {@code http(s)://} stores. */
    /** The environment variable with the {@code Retry-After} a new maintenance gets ({@code 0s} for none; default 5m). */
    public static final String DEFAULT_RETRY_ENV = "MAINTENANCE4J_DEFAULT_RETRY";
    /** The store used when neither {@code --store} nor the environment names one. */
    public static final String DEFAULT_STORE = StateStores.DEFAULT_URI;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--store",
            paramLabel = "URI",
            scope = CommandLine.ScopeType.INHERIT,
            description =
                    "State store: file:PATH (a bare path works too), redis://HOST[:PORT][?namespace=N], rediss://..., "
                            + "jdbc:postgresql://HOST/DB?user=U[&password=P], memcached://HOST:PORT, or a running service's admin API "
                            + "http(s)://HOST/maintenance/api (token from $" + AdminProtocol.TOKEN_VARIABLE + "). "
                            + "Default: $" + STORE_ENV + ", else " + DEFAULT_STORE + ".")
    private @Nullable String store;

    private final CliEnvironment environment;

    MaintCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /** A command line with converters, error handlers and streams wired to the environment. */
    static CommandLine commandLine(CliEnvironment environment) {
        CommandLine cl = new CommandLine(new MaintCommand(environment));
        cl.setOut(environment.out());
        cl.setErr(environment.err());
        cl.registerConverter(Mode.class, converter(Mode::of));
        cl.registerConverter(Duration.class, converter(TimeExpressions::parseDuration));
        cl.registerConverter(Instant.class, converter(text -> TimeExpressions.parseTime(text, environment.clock())));
        cl.registerConverter(CidrBlock.class, converter(CidrBlock::parse));
        cl.setParameterExceptionHandler((e, args) -> {
            environment.err().println("maint: " + UsageErrors.describe(e));
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                environment.err().println("maint: " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            if (e instanceof StoreException) {
                environment.err().println("maint: " + e.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
            throw e;
        });
        return cl;
    }

    /** Turns a parser's IllegalArgumentException into picocli's conversion error, keeping its message. */
    private static <T> CommandLine.ITypeConverter<T> converter(Function<String, T> parser) {
        return text -> {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a command is required: "
                        + String.join(
                                ", ",
                                spec.commandLine().getSubcommands().keySet().stream()
                                        .filter(name -> !name.equals("help"))
                                        .toList()));
    }

    public CliEnvironment environment() {
        return environment;
    }

    /** The store URI: {@code --store}, else the environment variable, else the default file. A bare path is a file. */
    public String storeUri() {
        String uri = store != null ? store : environment.env().getOrDefault(STORE_ENV, DEFAULT_STORE);
        if (uri.isBlank()) {
            throw new IllegalArgumentException("the store URI is empty");
        }
        return looksLikeUri(uri) ? uri : "file:" + uri;
    }

    /** Opens what the commands act on: the admin API for {@code http(s)://} URIs, else a state store. The caller closes it. */
    public MaintenanceTarget openTarget() {
        String uri = storeUri();
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            return new AdminApiTarget(uri, environment.env().get(AdminProtocol.TOKEN_VARIABLE));
        }
        StoreOptions defaults = StoreOptions.ofDefaults();
        StateStore store = StateStores.open(
                uri, new StoreOptions(defaults.safeDefault(), defaults.pollInterval(), environment.clock()));
        return new StoreTarget(store, environment.clock(), environment.actor(), defaultRetryAfter());
    }

    /** From {@code MAINTENANCE4J_DEFAULT_RETRY}: a duration, {@code 0s} for none; 5 minutes when unset. */
    private java.time.@Nullable Duration defaultRetryAfter() {
        String text = environment.env().get(DEFAULT_RETRY_ENV);
        if (text == null || text.isBlank()) {
            return EnableOptions.DEFAULT_RETRY_AFTER;
        }
        Duration retry;
        try {
            retry = TimeExpressions.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$" + DEFAULT_RETRY_ENV + ": " + e.getMessage());
        }
        if (retry.isNegative() || retry.compareTo(MaintenanceState.MAX_DURATION) > 0) {
            throw new IllegalArgumentException(
                    "$" + DEFAULT_RETRY_ENV + " must be from 0s (none) to 366d, but was " + text);
        }
        return retry.isZero() ? null : retry;
    }

    private static boolean looksLikeUri(String text) {
        int colon = text.indexOf(':');
        if (colon < 2) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MaintCommand.class.getPackage().getImplementationVersion();
            return new String[] {"maint " + (version == null ? "(development build)" : version)};
        }
    }
}
