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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.jspecify.annotations.Nullable;

/**
 * A running gateway: one Jetty server whose single context holds the {@link MaintenanceFilter} in front
 * of everything, the admin API and page under the admin path, and the {@link UpstreamProxyServlet} for
 * every other path. Closing it stops the server, then closes what it was given to own (the request
 * buffer, the {@link Maintenance} and its store), in that order.
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
    private final ServerConnector connector;
    private final List<AutoCloseable> owned;
    private final @Nullable MaintenanceAdminServlet admin;
    private final @Nullable Path unixSocket;
    private final WebSocketTunnels webSockets;
    private final @Nullable Subscription maintenanceBegins;

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
        connector =
                new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost(b.host);
        connector.setPort(b.port);
        server.addConnector(connector);
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
        FilterHolder filter = new FilterHolder(Objects.requireNonNull(b.filter, "filter"));
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
        maintenanceBegins = b.maintenance == null
                ? null
                : b.maintenance.addListener(event -> {
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
            return this;
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing: the start failure is what the caller needs
            }
            throw new IllegalStateException("the gateway could not listen on " + describe() + ": " + e.getMessage(), e);
        }
    }

    private String describe() {
        String host = connector.getHost();
        return (host == null ? "*" : host) + ":" + connector.getPort()
                + (unixSocket == null ? "" : " and " + unixSocket);
    }

    /** The port it listens on (the one the system chose when it was asked for 0). */
    public int port() {
        return connector.getLocalPort();
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
        if (maintenanceBegins != null) {
            maintenanceBegins.close();
        }
        webSockets.closeAll(CloseStatus.SHUTDOWN, "the gateway is stopping");
        if (admin != null) {
            admin.destroy(); // ends the admin event streams, which would hold the graceful stop for its whole timeout
        }
        try {
            server.stop();
        } catch (Exception e) {
            failure = e;
        }
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

    public static final class Builder {

        private @Nullable URI upstream;
        private @Nullable MaintenanceDecisionServlet decisions;
        private @Nullable MaintenanceFilter filter;
        private @Nullable Maintenance maintenance;
        private @Nullable MaintenanceAdminServlet admin;
        private String adminPath = "/maintenance";
        private String host = "0.0.0.0";
        private int port = 8080;
        private int maxThreads = 200;
        private int maxUpstreamConnections = 256;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration drainTimeout = Duration.ofSeconds(30);
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

        /**
         * The maintenance this gateway's filter enforces: when it begins, WebSocket connections opened before are
         * closed ({@code 1012 Service Restart}), so their clients reconnect and are decided like any request.
         */
        public Builder maintenance(@Nullable Maintenance maintenance) {
            this.maintenance = maintenance;
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
        Builder bufferWhenDown(RequestBuffer buffer, List<BufferedRoute> routes, int maxBodyBytes) {
            this.requestBuffer = buffer;
            this.bufferWhenDown = List.copyOf(routes);
            this.maxBufferedBody = maxBodyBytes;
            return this;
        }

        /** Serves {@code registry} at {@code <admin path>/metrics} for Prometheus to scrape (none when not given). */
        public Builder metrics(@Nullable PrometheusMeterRegistry registry) {
            this.metrics = registry;
            return this;
        }

        /** On close, how long requests in progress may take to finish. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
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
