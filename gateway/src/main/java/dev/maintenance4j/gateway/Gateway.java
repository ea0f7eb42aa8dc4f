package dev.maintenance4j.gateway;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.MaintenanceAdminServlet;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.http.ClientAddressResolver;
import dev.maintenance4j.servlet.MaintenanceDecisionServlet;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.spi.StateStore.Subscription;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.jspecify.annotations.Nullable;

/**
 * A running gateway: the {@link EventLoopFront} on the public port, relaying to the upstream on its event loops
 * and answering maintenance itself, and behind it one Jetty server, reached over a private Unix socket, whose
 * single context holds the {@link MaintenanceFilter} in front of everything, the admin API and page under the
 * admin path, and the {@link UpstreamProxyServlet} for every other path it is handed. Both decide with the
 * filter's {@link dev.maintenance4j.http.HttpMaintenance}. Closing it stops taking connections, lets requests in
 * progress finish (up to the drain timeout), then closes what it was given to own (the request buffer, the
 * {@link Maintenance} and its store), in that order.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder(URI.create("http://127.0.0.1:9000"))
 *         .filter(MaintenanceFilter.builder(maintenance).build())
 *         .admin(MaintenanceAdminServlet.builder(maintenance).authenticator(tokens).build())
 *         .port(8080)
 *         .build()
 *         .start();
 * }</pre>
 */
public final class Gateway implements AutoCloseable {

    private final Server server;
    private final EventLoopFront front;
    private final Path jettySocketDirectory;
    private final String host;
    private final int requestedPort;
    private final Duration drainTimeout;
    private final List<AutoCloseable> owned;
    private final @Nullable MaintenanceAdminServlet admin;
    private final @Nullable Path unixSocket;
    private final WebSocketTunnels webSockets;
    private final Subscription maintenanceBegins;

    private Gateway(Builder b) {
        QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads);
        threads.setName("gateway");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // what the upstream sends goes out as it arrives (server-sent events, long polls, progress pages):
        // the proxy writes each chunk it reads, and these writes are not held back to be merged
        http.setOutputAggregationSize(0);
        // the public port is the event-loop front's; Jetty takes what it hands on over a socket only this user opens
        try {
            jettySocketDirectory = Files.createTempDirectory(
                    "maintenance4j-gateway-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the gateway could not make its private socket directory: " + e.getMessage(), e);
        }
        Path jettySocket = jettySocketDirectory.resolve("jetty.sock");
        UnixDomainServerConnector behindFront = new UnixDomainServerConnector(
                server,
                new ProxyConnectionFactory(HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http));
        behindFront.setUnixDomainPath(jettySocket);
        server.addConnector(behindFront);
        host = b.host;
        requestedPort = b.port;
        drainTimeout = b.drainTimeout;
        MaintenanceFilter maintenanceFilter = Objects.requireNonNull(b.filter, "filter");
        front = new EventLoopFront(
                maintenanceFilter.http(),
                b.requestBuffer,
                b.bufferWhenDown,
                b.adminPath,
                b.upstream,
                jettySocket,
                b.timeout,
                b.idleTimeout,
                b.trustedProxies,
                b.eventLoops);
        unixSocket = b.unixSocket;
        if (unixSocket != null) {
            HttpConfiguration localHttp = new HttpConfiguration(http);
            localHttp.addCustomizer(new UnixSocketPeers());
            UnixDomainServerConnector local =
                    new UnixDomainServerConnector(server, new HttpConnectionFactory(localHttp));
            local.setUnixDomainPath(unixSocket);
            server.addConnector(local);
        }

        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(maintenanceFilter);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        if (b.admin != null) {
            ServletHolder admin = new ServletHolder("maintenanceAdmin", b.admin);
            admin.setAsyncSupported(true);
            context.addServlet(admin, b.adminPath + "/*");
        }
        if (b.metrics != null) {
            context.addServlet(
                    new ServletHolder("metrics", new PrometheusServlet(b.metrics)), b.adminPath + "/metrics");
        }
        if (b.decisions != null) {
            // "/decide/*" is "/decide" too, and the path after it that Envoy's ext_authz sends
            context.addServlet(new ServletHolder("decisions", b.decisions), b.adminPath + "/decide/*");
        }
        webSockets = new WebSocketTunnels(b.timeout);
        URI upstream = b.upstream;
        if (upstream != null) {
            WebSocketServerComponents.ensureWebSocketComponents(server, context);
            UpstreamProxyServlet proxy = new UpstreamProxyServlet(
                    upstream, b.trustedProxies, b.requestBuffer, b.bufferWhenDown, b.maxBufferedBody, webSockets);
            ServletHolder proxyHolder = new ServletHolder("upstream", proxy);
            proxyHolder.setAsyncSupported(true);
            proxyHolder.setInitParameter("proxyTo", upstream.toString().replaceAll("/+$", ""));
            proxyHolder.setInitParameter("timeout", Long.toString(b.timeout.toMillis()));
            proxyHolder.setInitParameter("maxConnections", Integer.toString(b.maxUpstreamConnections));
            proxyHolder.setInitOrder(1); // the upstream client starts with the gateway, not on the first request
            context.addServlet(proxyHolder, "/*");
        }
        server.setHandler(context);
        server.setStopTimeout(b.drainTimeout.toMillis());
        server.setStopAtShutdown(false);
        owned = b.owned;
        admin = b.admin;
        // a tunnel opened before maintenance would carry on through it: its client reconnects and is decided again
        maintenanceBegins = maintenanceFilter.http().maintenance().addListener(event -> {
            if (event instanceof MaintenanceEvent.Activated) {
                webSockets.closeAll(CloseStatus.SERVICE_RESTART, "maintenance");
            }
        });
    }

    /** A gateway proxying to {@code upstream}. */
    public static Builder builder(URI upstream) {
        return new Builder().upstream(upstream);
    }

    /**
     * A gateway with no upstream: the decision endpoint ({@link Builder#decisions}) for the proxy a team
     * already runs, the admin API and page; other paths get 404.
     */
    public static Builder withoutUpstream() {
        return new Builder();
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException saying why it could not (the port is taken, for one); nothing is left running
     */
    public Gateway start() {
        if (unixSocket != null) {
            UnixSocketPeers.clearStale(unixSocket);
        }
        try {
            server.start();
            front.start(host, requestedPort);
            return this;
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing: the start failure is what the caller needs
            }
            front.close(Duration.ZERO);
            deleteSocketDirectory();
            throw new IllegalStateException("the gateway could not listen on " + describe() + ": " + e.getMessage(), e);
        }
    }

    private String describe() {
        return host + ":" + requestedPort + (unixSocket == null ? "" : " and " + unixSocket);
    }

    /** The port it listens on (the one the system chose when it was asked for 0). */
    public int port() {
        return front.port();
    }

    /** The WebSocket connections passed through to the upstream now. */
    public int openWebSockets() {
        return webSockets.size();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops accepting, lets requests in progress finish (up to the drain timeout), then closes what it owns. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        maintenanceBegins.close();
        webSockets.closeAll(CloseStatus.SHUTDOWN, "the gateway is stopping");
        if (admin != null) {
            admin.destroy(); // ends the admin event streams, which would hold the graceful stop for its whole timeout
        }
        front.stopAccepting();
        try {
            server.stop();
        } catch (Exception e) {
            failure = e;
        }
        front.close(drainTimeout);
        deleteSocketDirectory();
        for (AutoCloseable closeable : owned) {
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void deleteSocketDirectory() {
        try {
            Files.deleteIfExists(jettySocketDirectory.resolve("jetty.sock"));
            Files.deleteIfExists(jettySocketDirectory);
        } catch (IOException e) {
            // a stale directory in the temp folder is all that is left; nothing listens on it
        }
    }

    public static final class Builder {

        private @Nullable URI upstream;
        private @Nullable MaintenanceDecisionServlet decisions;
        private @Nullable MaintenanceFilter filter;
        private @Nullable MaintenanceAdminServlet admin;
        private String adminPath = "/maintenance";
        private String host = "0.0.0.0";
        private int port = 8080;
        private int maxThreads = 200;
        private int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private int maxUpstreamConnections = 256;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private ClientAddressResolver trustedProxies = ClientAddressResolver.trusting(List.of());
        private final List<AutoCloseable> owned = new ArrayList<>();
        private @Nullable RequestBuffer requestBuffer;
        private List<BufferedRoute> bufferWhenDown = List.of();
        private int maxBufferedBody = 1 << 20;
        private @Nullable PrometheusMeterRegistry metrics;
        private @Nullable Path unixSocket;

        private Builder() {}

        /**
         * Also listens on this Unix domain socket (HTTP/1.1), for a proxy on the same host: nginx's
         * {@code server unix:PATH;}. Who may connect is the socket file's permissions.
         */
        public Builder unixSocket(@Nullable Path unixSocket) {
            this.unixSocket = unixSocket;
            return this;
        }

        private Builder upstream(URI upstream) {
            String scheme = upstream.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || upstream.getHost() == null) {
                throw new IllegalArgumentException(
                        "the upstream must be an http:// or https:// URI with a host, such as http://127.0.0.1:9000, not '"
                                + upstream + "'");
            }
            this.upstream = upstream;
            return this;
        }

        /** Answers a proxy's per-request questions at {@code <admin path>/decide} (nginx {@code auth_request}, ...), and below it for Envoy. */
        public Builder decisions(@Nullable MaintenanceDecisionServlet decisions) {
            this.decisions = decisions;
            return this;
        }

        /** The maintenance filter every request passes first (build it from the same {@link Maintenance}). */
        public Builder filter(MaintenanceFilter filter) {
            this.filter = filter;
            return this;
        }

        /** The admin API and page, served under {@link #adminPath} (none when not given). */
        public Builder admin(@Nullable MaintenanceAdminServlet admin) {
            this.admin = admin;
            return this;
        }

        /** Where the admin API and page live (default {@code /maintenance}); the upstream never sees these paths. */
        public Builder adminPath(String path) {
            String p = path.replaceAll("/+$", "");
            if (!p.startsWith("/") || p.length() < 2) {
                throw new IllegalArgumentException(
                        "the admin path must start with / and name a path, such as /maintenance");
            }
            this.adminPath = p;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port to listen on; 0 lets the system choose (see {@link Gateway#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("the port must be 0 to 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Proxies whose {@code X-Forwarded-*}/{@code Forwarded} headers are passed on; others' are replaced. */
        public Builder trustedProxies(ClientAddressResolver resolver) {
            this.trustedProxies = resolver;
            return this;
        }

        /** How long the upstream may take to answer a request completely before the client gets 504. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the upstream timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Routes whose requests go into {@code buffer} when the upstream refuses the connection or answers 502 or
         * 503, so a deploy or a crash of the application loses no accepted write. The routes must be routes of
         * the buffer too (they are replayed by it); their bodies are read whole, up to {@code maxBodyBytes}.
         */
        Builder bufferWhenDown(List<BufferedRoute> routes, int maxBodyBytes) {
            this.bufferWhenDown = List.copyOf(routes);
            this.maxBufferedBody = maxBodyBytes;
            return this;
        }

        /**
         * The write buffer the filter replays from: while it holds writes, every request is decided by the filter
         * (so writes keep their order), none takes the event-loop lane.
         */
        public Builder requestBuffer(@Nullable RequestBuffer buffer) {
            this.requestBuffer = buffer;
            return this;
        }

        /** Serves {@code registry} at {@code <admin path>/metrics} for Prometheus to scrape (none when not given). */
        public Builder metrics(@Nullable PrometheusMeterRegistry registry) {
            this.metrics = registry;
            return this;
        }

        /**
         * How long a client's kept-alive connection may wait for its next request before it is closed (default
         * 30 s). Behind a load balancer that keeps connections open, make it longer than the balancer's.
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the idle timeout must be positive, not " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** On close, how long requests in progress may take to finish. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * Event loops of the public listener (default: half the processors, at least one). Requests passed straight
         * to the upstream run on them; the rest of the machine is left to Jetty, the JVM and the application.
         */
        public Builder eventLoops(int loops) {
            if (loops < 1) {
                throw new IllegalArgumentException("the gateway needs at least one event loop, not " + loops);
            }
            this.eventLoops = loops;
            return this;
        }

        public Builder maxThreads(int threads) {
            this.maxThreads = threads;
            return this;
        }

        /** Kept-alive connections to the upstream at most (default 256). */
        public Builder maxUpstreamConnections(int connections) {
            this.maxUpstreamConnections = connections;
            return this;
        }

        /** Closed with the gateway, after the server stops, in the order given (the request buffer, then the maintenance). */
        public Builder owns(AutoCloseable closeable) {
            owned.add(closeable);
            return this;
        }

        public Gateway build() {
            if (filter == null) {
                throw new IllegalStateException("a gateway needs its maintenance filter: call filter(...)");
            }
            if (upstream == null && decisions == null) {
                throw new IllegalStateException("a gateway without an upstream needs the decision endpoint");
            }
            return new Gateway(this);
        }
    }
}
