package dev.maintenance4j.gateway;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.AdminAuthenticator;
import dev.maintenance4j.admin.BearerTokenAuthenticator;
import dev.maintenance4j.admin.MaintenanceAdminServlet;
import dev.maintenance4j.admin.StatusContributor;
import dev.maintenance4j.buffer.WriteBuffer;
import dev.maintenance4j.buffer.request.BufferedRequestHandler;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.bypass.CookieKey;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.http.ForwardedHeader;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.http.MaintenancePage;
import dev.maintenance4j.micrometer.MaintenanceMetrics;
import dev.maintenance4j.micrometer.NotificationMetrics;
import dev.maintenance4j.micrometer.WriteBufferMetrics;
import dev.maintenance4j.notify.MaintenanceNotifications;
import dev.maintenance4j.notify.webhook.WebhookNotifier;
import dev.maintenance4j.operation.OperationRule;
import dev.maintenance4j.protocol.AdminProtocol;
import dev.maintenance4j.servlet.MaintenanceDecisionServlet;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.OriginalRequestHeaders;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.text.Failures;
import dev.maintenance4j.time.TimeExpressions;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/gateway}: maintenance mode in front of any HTTP service.
 *
 * <p>Every option also comes from the environment ({@code --buffer-dir} from {@code MAINTENANCE4J_BUFFER_DIR})
 * or from a properties file ({@code --config FILE} or {@code MAINTENANCE4J_CONFIG}; keys are the option names
 * without dashes in front: {@code upstream=http://127.0.0.1:9000}); the command line wins over the
 * environment, which wins over the file. Secrets never come from the command line, where {@code ps} shows
 * them: the admin token from {@code MAINTENANCE4J_ADMIN_TOKEN} or {@code admin-token=} in the file, the
 * cookie key from {@code MAINTENANCE4J_COOKIE_KEY} or {@code cookie-key=}.
 *
 * <p>Exit codes: 0 stopped cleanly, 1 could not start (one line says why and what to do), 2 bad arguments.
 */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        versionProvider = GatewayCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Puts maintenance mode, its admin API and page, and a write buffer in front of an HTTP service.")
public final class GatewayCommand implements Callable<Integer> {

    static final String ENV_PREFIX = "MAINTENANCE4J_";
    static final String CONFIG_ENV = ENV_PREFIX + "CONFIG";
    static final String COOKIE_KEY_ENV = ENV_PREFIX + "COOKIE_KEY";
    static final String WEBHOOK_SECRET_ENV = ENV_PREFIX + "WEBHOOK_SECRET";

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with any of these options.")
    @Nullable
    Path config;

    @Option(
            names = "--upstream",
            paramLabel = "URI",
            description = "The service behind the gateway, such as http://127.0.0.1:9000 (required unless --decide "
                    + "is given: then only the decision endpoint and the admin API are served).")
    @Nullable
    URI upstream;

    @Option(
            names = "--decide",
            paramLabel = "HEADERS",
            description = "Also answer your own proxy's per-request questions at the admin path's /decide (nginx "
                    + "auth_request, Caddy forward_auth, Traefik ForwardAuth, Envoy ext_authz; see docs/proxies.md), "
                    + "reading the original request from x-original (nginx) or x-forwarded (Caddy, Traefik) headers, "
                    + "or with envoy from the path after /decide, sent by a --trusted-proxy.")
    @Nullable
    OriginalRequestHeaders decide;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host = "0.0.0.0";

    @Option(
            names = "--unix-socket",
            paramLabel = "PATH",
            description =
                    "Also listen on this Unix domain socket, for a proxy on the same host (nginx: server "
                            + "unix:PATH;); its peers count as 127.0.0.1, and who may connect is the socket file's permissions.")
    @Nullable
    Path unixSocket;

    @Option(
            names = "--store",
            paramLabel = "URI",
            description =
                    "Where the state lives: file:PATH, redis://HOST:PORT, jdbc:postgresql://HOST/DB?user=U, "
                            + "memcached://HOST:PORT; gateways and services sharing it share one state (default ${DEFAULT-VALUE}).")
    String store = StateStores.DEFAULT_URI;

    @Option(
            names = "--admin-path",
            paramLabel = "PATH",
            description = "Where the admin API and page are served; never proxied (default ${DEFAULT-VALUE}).")
    String adminPath = "/maintenance";

    @Option(
            names = "--trusted-proxy",
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            paramLabel = "CIDR",
            description = "A proxy in front of the gateway whose forwarded headers are believed (repeatable).")
    List<String> trustedProxies = new ArrayList<>();

    @Option(
            names = "--forwarded-header",
            paramLabel = "NAME",
            description =
                    "The header family trusted proxies write: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;

    @Option(
            names = "--exempt",
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            paramLabel = "PATTERN",
            description = "Paths always passed through, such as /health (default "
                    + MaintenancePolicy.DEFAULT_EXEMPT_PATHS_TEXT + ").")
    @Nullable
    List<String> exemptPaths;

    @Option(
            names = "--api-path",
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            paramLabel = "PATTERN",
            description = "Paths answered with JSON during maintenance whatever they accept, such as /api/**.")
    List<String> apiPaths = new ArrayList<>();

    @Option(
            names = "--rule",
            paramLabel = "RULE",
            description = "An operation rule, such as 'EXPORT GET /reports/**' (repeatable).")
    List<String> rules = new ArrayList<>();

    @Option(
            names = "--template",
            paramLabel = "FILE",
            description = "An HTML file for the maintenance page instead of the built-in one.")
    @Nullable
    Path template;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "60s",
            description =
                    "How long the service may take to answer before the client gets 504 (default ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(60);

    @Option(
            names = "--event-loops",
            paramLabel = "N",
            description = "Event loops of the public listener, where requests are relayed and maintenance answered "
                    + "(default: half the processors, at least 1); the rest of the machine is left to the admin side, "
                    + "the JVM and the application.")
    @Nullable
    Integer eventLoops;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description =
                    "How long a client's kept-alive connection may wait for its next request before the gateway "
                            + "closes it (default ${DEFAULT-VALUE}); behind a load balancer, make it longer than the balancer's.")
    Duration idleTimeout = Duration.ofSeconds(30);

    @Option(
            names = "--notify-webhook",
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            paramLabel = "URL",
            description = "A webhook told when maintenance starts, ends, is scheduled or forgotten, signed with "
                    + "HMAC-SHA256 when MAINTENANCE4J_WEBHOOK_SECRET is set (repeatable).")
    List<URI> webhooks = new ArrayList<>();

    @Option(
            names = "--notify-format",
            paramLabel = "FORMAT",
            defaultValue = "json",
            description = "What the webhooks get: json (the whole notification) or slack ({\"text\": ...}, for Slack, "
                    + "Mattermost and the like) (default ${DEFAULT-VALUE}).")
    String notifyFormat = "json";

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "gateway",
            description = "The service's name in notifications (default ${DEFAULT-VALUE}).")
    String name = "gateway";

    @Option(
            names = "--metrics",
            description =
                    "Serve Prometheus metrics at the admin path's /metrics without sign-in: maintenance state, "
                            + "blocked and bypassed requests, the write buffer, the JVM. Counts only; restrict who can reach it.")
    boolean metrics;

    @Option(
            names = "--buffer",
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            paramLabel = "'METHOD PATH'",
            description = "A write accepted with 202 during maintenance and replayed to the service when it ends, "
                    + "such as 'POST /api/orders' (repeatable).")
    List<String> bufferedRoutes = new ArrayList<>();

    @Option(
            names = "--buffer-when-down",
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            paramLabel = "'METHOD PATH'",
            description = "A write buffered like --buffer, and also while the service is down or restarting "
                    + "(connection refused, 502 or 503 from it), so a deploy or a crash loses no accepted write "
                    + "(repeatable).")
    List<String> bufferWhenDownRoutes = new ArrayList<>();

    @Option(
            names = "--buffer-max-body",
            paramLabel = "BYTES",
            description = "The largest body a buffered route accepts (default ${DEFAULT-VALUE}).")
    int bufferMaxBody = 1 << 20;

    @Option(
            names = "--buffer-dir",
            paramLabel = "DIR",
            description = "Where buffered writes are kept on disk; one per gateway (default ${DEFAULT-VALUE}).")
    Path bufferDirectory = Path.of("var/write-buffer");

    @Option(
            names = "--buffer-keep-header",
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            paramLabel = "NAME",
            description = "A request header stored and replayed with buffered writes (default: Content-Type, "
                    + "Content-Encoding, Accept, Accept-Language, User-Agent). Authorization or Cookie here are "
                    + "stored on disk: only if the service needs them to accept the write.")
    @Nullable
    List<String> bufferKeepHeaders;

    @Option(
            names = "--buffer-max-attempts",
            paramLabel = "N",
            description = "Replays of a write the service refuses with 5xx or cannot take before it becomes a "
                    + "dead letter (default ${DEFAULT-VALUE}).")
    int bufferMaxAttempts = 10;

    @Option(
            names = "--buffer-retry-backoff",
            paramLabel = "DURATION",
            defaultValue = "1s",
            description = "Wait after a failed replay, doubled each time up to 30s (default ${DEFAULT-VALUE}).")
    Duration bufferRetryBackoff = Duration.ofSeconds(1);

    private final Map<String, String> environment;
    private final Properties file;
    private final PrintStream out;

    private GatewayCommand(Map<String, String> environment, Properties file, PrintStream out) {
        this.environment = environment;
        this.file = file;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the gateway until it is stopped; the exit code. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine commandLine;
        try {
            commandLine = commandLine(args, environment, out);
        } catch (IllegalArgumentException e) {
            err.println("gateway: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            err.println("gateway: " + e.getMessage() + " (see 'gateway --help')");
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, ignored, parseResult) -> {
            err.println("gateway: " + (e instanceof StartupException ? e.getMessage() : Failures.describe(e)));
            return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(args);
    }

    /**
     * The command line, its defaults from {@code environment} and the config file named by {@code --config} in
     * {@code args} or by {@code MAINTENANCE4J_CONFIG}.
     *
     * @throws IllegalArgumentException when the config file cannot be read
     */
    static CommandLine commandLine(String[] args, Map<String, String> environment, PrintStream out) {
        Properties file = configFile(args, environment);
        CommandLine commandLine = new CommandLine(new GatewayCommand(environment, file, out));
        commandLine.registerConverter(Duration.class, converter(TimeExpressions::parseDuration));
        commandLine.registerConverter(URI.class, converter(URI::create));
        commandLine.registerConverter(
                OriginalRequestHeaders.class,
                converter(text -> OriginalRequestHeaders.valueOf(
                        text.toUpperCase(Locale.ROOT).replace('-', '_'))));
        commandLine.registerConverter(
                ForwardedHeader.class,
                converter(text ->
                        ForwardedHeader.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'))));
        commandLine.setDefaultValueProvider(option -> {
            if (!(option instanceof CommandLine.Model.OptionSpec o)
                    || o.longestName().equals("--config")) {
                return null;
            }
            String key = o.longestName().substring(2);
            String fromEnvironment =
                    environment.get(ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment;
            }
            String fromFile = file.getProperty(key);
            return fromFile != null && !fromFile.isBlank() ? fromFile.strip() : o.defaultValue();
        });
        return commandLine;
    }

    /** The {@code --config} file (or {@code MAINTENANCE4J_CONFIG}'s), read; empty without one. */
    private static Properties configFile(String[] args, Map<String, String> environment) {
        @Command
        final class ConfigOnly {
            @Option(names = "--config")
            @Nullable
            Path config;
        }
        ConfigOnly only = new ConfigOnly();
        CommandLine pre = new CommandLine(only);
        pre.setUnmatchedArgumentsAllowed(true);
        pre.setUnmatchedOptionsArePositionalParams(true);
        Path path = null;
        try {
            pre.parseArgs(args);
            path = only.config;
        } catch (CommandLine.ParameterException e) {
            // the real parse reports it
        }
        if (path == null
                && environment.get(CONFIG_ENV) != null
                && !environment.get(CONFIG_ENV).isBlank()) {
            path = Path.of(environment.get(CONFIG_ENV));
        }
        Properties properties = new Properties();
        if (path != null) {
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot read the config file " + path + ": " + Failures.describe(e));
            }
        }
        return properties;
    }

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
    public Integer call() throws Exception {
        Assembly assembly = assemble();
        try (Gateway gateway = assembly.gateway().start()) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    gateway.close();
                                } catch (Exception e) {
                                    System.err.println("gateway: stopping failed: " + Failures.describe(e));
                                }
                            },
                            "gateway-shutdown"));
            printBanner(gateway.port(), assembly.generatedToken());
            gateway.join();
        }
        return 0;
    }

    private void printBanner(int listening, @Nullable String generatedToken) {
        String base = "http://" + (host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host) + ":" + listening;
        out.println();
        out.println("Gateway         " + base + "/  ->  " + (upstream == null ? "(no upstream)" : upstream));
        if (unixSocket != null) {
            out.println("Unix socket     " + unixSocket.toAbsolutePath());
        }
        if (decide != null) {
            out.println(
                    "Decisions       " + base + adminPath + "/decide  (for " + String.join(", ", trustedProxies) + ")");
        }
        out.println("Admin page      " + base + adminPath + "/");
        out.println("Admin token     "
                + (generatedToken != null
                        ? generatedToken + "  (made for this run; set " + AdminProtocol.TOKEN_VARIABLE
                                + " to choose your own)"
                        : "the value of " + AdminProtocol.TOKEN_VARIABLE));
        out.println("State store     " + store);
        if (!bufferedRoutes.isEmpty() || !bufferWhenDownRoutes.isEmpty()) {
            List<String> routes = new ArrayList<>(bufferedRoutes);
            bufferWhenDownRoutes.forEach(route -> routes.add(route + " (also while the service is down)"));
            out.println("Write buffer    " + String.join(", ", routes) + "  (in " + bufferDirectory + ")");
        }
        out.println();
        out.flush();
    }

    /** What {@link #call()} runs: the gateway, not started, and the admin token made for this run, if any. */
    record Assembly(Gateway gateway, @Nullable String generatedToken) {}

    /** Opens the store, starts following it and builds the gateway around it; one line says what failed. */
    Assembly assemble() {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return assemble(opened);
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private Assembly assemble(List<AutoCloseable> opened) {
        if (upstream == null && decide == null) {
            throw new IllegalArgumentException(
                    "give the service to stand in front of with --upstream http://HOST:PORT, or --decide to answer "
                            + "your own proxy's questions");
        }
        if (decide != null && trustedProxies.isEmpty()) {
            throw new IllegalArgumentException(
                    "--decide answers only the proxy in front: list its address with --trusted-proxy, such as "
                            + "--trusted-proxy 127.0.0.1/32");
        }
        if (eventLoops != null && eventLoops < 1) {
            throw new IllegalArgumentException(
                    "--event-loops must be 1 or more, not " + eventLoops + "; leave it out for half the processors");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("--idle-timeout must be more than zero, such as 30s");
        }
        Clock clock = Clock.systemUTC();
        StateStore stateStore;
        try {
            stateStore = StateStores.open(store, StoreOptions.ofDefaults());
        } catch (IllegalArgumentException | StoreException e) {
            throw new StartupException(
                    "cannot open the state store '" + store + "': " + e.getMessage()
                            + "; set --store to file:PATH, redis://HOST:PORT, jdbc:postgresql://HOST/DB?user=U or memcached://HOST:PORT");
        }
        opened.add(stateStore);
        MaintenancePolicy policy = policy();
        Maintenance maintenance =
                Maintenance.builder(stateStore).policy(policy).clock(clock).build();
        opened.add(0, maintenance);
        maintenance.start();

        // a route named by both options is one route of the buffer
        Map<String, BufferedRoute> routes = new LinkedHashMap<>();
        List<BufferedRoute> whenDown = new ArrayList<>();
        if (!bufferedRoutes.isEmpty() || !bufferWhenDownRoutes.isEmpty()) {
            if (upstream == null) {
                throw new IllegalArgumentException("--buffer needs --upstream: buffered writes are replayed to it");
            }
            UpstreamReplay replay = new UpstreamReplay(upstream, timeout);
            for (String text : bufferedRoutes) {
                BufferedRoute route = route(text, "--buffer", replay);
                routes.putIfAbsent(route.toString(), route);
            }
            for (String text : bufferWhenDownRoutes) {
                BufferedRoute route = route(text, "--buffer-when-down", replay);
                whenDown.add(routes.computeIfAbsent(route.toString(), key -> route));
            }
        }
        RequestBuffer requestBuffer = routes.isEmpty() ? null : requestBuffer(maintenance, routes.values());
        if (requestBuffer != null) {
            opened.add(0, requestBuffer);
        }
        HttpOptions.Builder options;
        try {
            options = HttpOptions.builder().trustedProxies(trustedProxies);
        } catch (IllegalArgumentException e) {
            throw new StartupException(
                    "bad --trusted-proxy: " + e.getMessage() + "; give addresses or networks such as 10.0.0.0/8");
        }
        options.forwardedHeader(forwardedHeader).apiPaths(apiPaths);
        if (template != null) {
            try {
                options.page(MaintenancePage.fromFile(template));
            } catch (RuntimeException e) {
                throw new StartupException("cannot use the maintenance page template " + template + ": "
                        + Failures.describe(e) + "; point --template at a readable HTML file");
            }
        }
        HttpOptions httpOptions = options.build();
        MaintenanceFilter.Builder filter = MaintenanceFilter.builder(maintenance)
                .requestBuffer(requestBuffer)
                .options(httpOptions);
        String token = secret(AdminProtocol.TOKEN_VARIABLE, "admin-token");
        String generated = null;
        if (token == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            token = generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        AdminAuthenticator authenticator;
        try {
            authenticator = BearerTokenAuthenticator.of("admin-token", token);
        } catch (IllegalArgumentException e) {
            throw new StartupException(Failures.describe(e) + "; use a longer random token in "
                    + AdminProtocol.TOKEN_VARIABLE + ", such as the output of: openssl rand -base64 24");
        }
        MaintenanceNotifications notifications = webhooks.isEmpty() ? null : notifications(maintenance);
        if (notifications != null) {
            opened.add(0, notifications);
        }
        MaintenanceAdminServlet.Builder admin = MaintenanceAdminServlet.builder(maintenance)
                .requestBuffer(requestBuffer)
                .authenticator(authenticator)
                .signInHint("sign in with the gateway's admin token (" + AdminProtocol.TOKEN_VARIABLE + ")")
                .trustedProxies(trustedProxies)
                .forwardedHeader(forwardedHeader);
        if (notifications != null) {
            admin.testNotification(notifications::sendTest)
                    .statusContributor(StatusContributor.of("notifications", notifications::status));
        }
        MaintenanceFilter builtFilter = filter.build();
        Gateway.Builder gateway = (upstream != null ? Gateway.builder(upstream) : Gateway.withoutUpstream())
                .decisions(
                        decide == null
                                ? null
                                : MaintenanceDecisionServlet.builder(builtFilter, decide)
                                        .build())
                .host(host)
                .port(port)
                .unixSocket(unixSocket)
                .adminPath(adminPath)
                .timeout(timeout)
                .idleTimeout(idleTimeout)
                .trustedProxies(httpOptions.clientAddressResolver())
                .filter(builtFilter)
                .admin(admin.build());
        if (eventLoops != null) {
            gateway.eventLoops(eventLoops);
        }
        if (requestBuffer != null) {
            gateway.requestBuffer(requestBuffer).bufferWhenDown(whenDown, bufferMaxBody);
        }
        if (metrics) {
            gateway.metrics(meters(maintenance, requestBuffer, notifications));
        }
        opened.forEach(gateway::owns);
        return new Assembly(gateway.build(), generated);
    }

    private MaintenancePolicy policy() {
        String adminPattern = adminPath.replaceAll("/+$", "") + "/**";
        List<String> exempt =
                new ArrayList<>(exemptPaths != null ? exemptPaths : MaintenancePolicy.DEFAULT_EXEMPT_PATHS);
        if (!exempt.contains(adminPattern)) {
            exempt.add(adminPattern); // the admin API and page stay reachable, wherever they live
        }
        String cookieKey = secret(COOKIE_KEY_ENV, "cookie-key");
        try {
            return MaintenancePolicy.custom()
                    .exemptPaths(exempt)
                    .rules(rules.stream().map(OperationRule::parse).toList())
                    .cookieKey(cookieKey == null ? null : CookieKey.of(cookieKey))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new StartupException(Failures.describe(e) + "; check --exempt, --rule and " + COOKIE_KEY_ENV);
        }
    }

    private MaintenanceNotifications notifications(Maintenance maintenance) {
        WebhookNotifier.Format format;
        try {
            format = WebhookNotifier.Format.valueOf(notifyFormat.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--notify-format is json or slack, not '" + notifyFormat + "'");
        }
        MaintenanceNotifications.Builder builder =
                MaintenanceNotifications.builder(maintenance).service(name);
        String secret = secret(WEBHOOK_SECRET_ENV, "webhook-secret");
        for (URI webhook : webhooks) {
            builder.notifier(WebhookNotifier.builder(webhook)
                    .secret(secret)
                    .format(format)
                    .clock(maintenance.clock())
                    .build());
        }
        return builder.build();
    }

    /** The meters the gateway exposes: maintenance4j's own and the JVM's. */
    private static PrometheusMeterRegistry meters(
            Maintenance maintenance, @Nullable RequestBuffer buffer, @Nullable MaintenanceNotifications notifications) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MaintenanceMetrics(maintenance).bindTo(registry);
        if (buffer != null) {
            new WriteBufferMetrics(buffer.buffer(), maintenance.clock()).bindTo(registry);
        }
        if (notifications != null) {
            new NotificationMetrics(notifications).bindTo(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * A route as the options name one, {@code 'POST /api/orders/**'}: a write method and a path pattern.
     *
     * @throws IllegalArgumentException naming the option and saying what a route looks like
     */
    static BufferedRoute route(String text, String option, BufferedRequestHandler replay) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException(
                    option + ": a route is a method and a path, such as 'POST /api/orders', not '" + text + "'");
        }
        try {
            return BufferedRoute.of(parts[0], parts[1], replay);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private RequestBuffer requestBuffer(Maintenance maintenance, Collection<BufferedRoute> routes) {
        WriteBuffer buffer;
        try {
            buffer = WriteBuffer.builder(bufferDirectory)
                    .maxAttempts(bufferMaxAttempts)
                    .retryBackoff(bufferRetryBackoff, max(bufferRetryBackoff, Duration.ofSeconds(30)))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot open the write buffer in " + bufferDirectory.toAbsolutePath() + ": "
                    + Failures.describe(e) + "; give each gateway its own --buffer-dir");
        }
        try {
            RequestBuffer.Builder requestBuffer = RequestBuffer.builder(buffer).maxBodyBytes(bufferMaxBody);
            if (bufferKeepHeaders != null) {
                requestBuffer.keepHeaders(bufferKeepHeaders);
            }
            routes.forEach(requestBuffer::route);
            return requestBuffer.build().start(maintenance);
        } catch (RuntimeException e) {
            try {
                buffer.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof IllegalArgumentException bad ? bad : new StartupException(Failures.describe(e));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A secret from the environment, else the config file; never from the command line. */
    private @Nullable String secret(String variable, String fileKey) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            value = file.getProperty(fileKey);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A failure to start, its message one line saying what to do. */
    static final class StartupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartupException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GatewayCommand.class.getPackage().getImplementationVersion();
            return new String[] {"maintenance4j gateway " + (version == null ? "(development build)" : version)};
        }
    }
}
