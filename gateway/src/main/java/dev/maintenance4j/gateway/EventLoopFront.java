package dev.maintenance4j.gateway;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.decision.Decision;
import dev.maintenance4j.http.ClientAddressResolver;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.operation.OperationClassifier;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's public listener, on Netty event loops. Each request is routed when it arrives
 * ({@link #route}):
 *
 * <ul>
 *   <li><b>to the upstream, on the event loop</b>: an ordinary HTTP/1.1 request to the application while
 *       maintenance is off (a volatile read, no facts read), or one that maintenance lets through (allow-listed
 *       address, bypass cookie, exempt path, a mode that lets it pass). It is relayed over a kept-alive connection
 *       of its client connection's own, on the same event loop, with hop-by-hop headers dropped and this hop's
 *       forwarded headers set ({@link ForwardedHop}); bodies stream both ways with back-pressure; an unreachable
 *       or slow upstream gets the same {@link Refusal} pages as through Jetty.
 *   <li><b>answered here</b>: a request maintenance holds back gets its page, JSON or redirect, and the secret
 *       URL its cookie, decided as the gateway's {@code MaintenanceFilter} decides (the same
 *       {@link HttpMaintenance}, so one count of wrong secrets), written from the event loop.
 *   <li><b>to the Jetty gateway behind</b>, which decides and answers as it always has: the admin API, page,
 *       metrics and decisions, routes buffered (during maintenance or while the upstream is down: their bodies
 *       go into the write buffer there), upgrades (WebSocket, h2c) and HTTP/2 in cleartext, HTTP/1.0,
 *       {@code Expect: 100-continue}, paths Jetty must normalise first, and every request when the upstream is
 *       https. Jetty listens on a Unix socket in a directory only this process's user can open; the client's
 *       address goes in a PROXY protocol header, so Jetty sees the client as if it had connected itself.
 * </ul>
 *
 * A request crosses no thread unless it goes to Jetty: Jetty's proxy spent its time in its server, client pool
 * and thread hand-offs, which is why this listener exists (docs/benchmarks.md).
 */
final class EventLoopFront implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLoopFront.class);

    private final HttpMaintenance http;
    private final @Nullable RequestBuffering requestBuffer;
    private final List<BufferedRoute> bufferWhenDown;
    private final String adminPath;
    private final @Nullable InetSocketAddress upstream;
    final String upstreamHost;
    final String upstreamPathPrefix;
    final EventLoopTransport transport = EventLoopTransport.available();
    final SocketAddress jetty;
    final Duration timeout;
    private final Duration idleTimeout;
    final ClientAddressResolver trustedProxies;
    private final EventLoopGroup loops;
    private final int eventLoops;
    private final ChannelGroup connections = new DefaultChannelGroup("gateway-clients", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger exchanges = new AtomicInteger();
    private @Nullable Channel listener;
    volatile boolean stopping;

    EventLoopFront(
            HttpMaintenance http,
            @Nullable RequestBuffering requestBuffer,
            List<BufferedRoute> bufferWhenDown,
            String adminPath,
            @Nullable URI upstream,
            Path jetty,
            Duration timeout,
            Duration idleTimeout,
            ClientAddressResolver trustedProxies,
            int eventLoops) {
        this.http = http;
        this.requestBuffer = requestBuffer;
        this.bufferWhenDown = List.copyOf(bufferWhenDown);
        this.adminPath = adminPath;
        this.jetty = transport.unixSocket(jetty);
        this.timeout = timeout;
        this.idleTimeout = idleTimeout;
        this.trustedProxies = trustedProxies;
        if (upstream != null && "http".equals(upstream.getScheme())) {
            int port = upstream.getPort() < 0 ? 80 : upstream.getPort();
            this.upstream = InetSocketAddress.createUnresolved(upstream.getHost(), port);
            this.upstreamHost = upstream.getHost() + (upstream.getPort() < 0 ? "" : ":" + upstream.getPort());
            String prefix = upstream.getRawPath() == null ? "" : upstream.getRawPath();
            this.upstreamPathPrefix = prefix.replaceAll("/+$", "");
        } else {
            this.upstream = null;
            this.upstreamHost = "";
            this.upstreamPathPrefix = "";
        }
        this.eventLoops = eventLoops;
        this.loops = new MultiThreadIoEventLoopGroup(
                eventLoops, new DefaultThreadFactory("gateway-event-loop"), transport.ioHandlers());
    }

    /**
     * Listens on {@code host:port}.
     *
     * @throws IllegalStateException when it cannot (the port is taken, for one)
     */
    void start(String host, int port) {
        try {
            listener = new ServerBootstrap()
                    .group(loops)
                    .channel(transport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel client) {
                            connections.add(client);
                            client.pipeline()
                                    .addLast(
                                            // reads only: watching writes too would cost a listener on every write
                                            new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                            new PriorKnowledgeSniffer(),
                                            new HttpServerCodec(8192, 16384, 8192),
                                            new FrontConnection(EventLoopFront.this, client));
                        }
                    })
                    .bind(host, port)
                    .syncUninterruptibly()
                    .channel();
            log.info(
                    "Listening on {} with {} event loop(s) on {}; {}",
                    listener.localAddress(),
                    eventLoops,
                    transport,
                    upstream == null
                            ? "every request goes to Jetty behind (no http:// upstream to relay to)"
                            : "relaying to " + upstream.getHostString() + ":" + upstream.getPort());
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    int port() {
        Channel bound = listener;
        return bound == null ? -1 : ((InetSocketAddress) bound.localAddress()).getPort();
    }

    /** The upstream the event-loop lane relays to, or null when every request goes to Jetty. */
    @Nullable
    InetSocketAddress upstream() {
        return upstream;
    }

    /**
     * Where a request goes: the upstream, Jetty, or an answer of maintenance's written here (see the class
     * comment). While maintenance is off this costs a volatile read or two and no allocation of ours.
     *
     * @param remoteAddr the client connection's peer address
     */
    Route route(HttpRequest request, String remoteAddr) {
        if (upstream == null || stopping || !HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
            return Route.JETTY;
        }
        var headers = request.headers();
        if (headers.contains(HttpHeaderNames.UPGRADE) || headers.contains(HttpHeaderNames.EXPECT)) {
            return Route.JETTY;
        }
        String path = pathOf(request);
        if (path == null) {
            return Route.JETTY; // absolute form, asterisk form
        }
        if (path.indexOf('%') >= 0
                || path.indexOf(';') >= 0
                || path.indexOf('#') >= 0
                || path.indexOf('\\') >= 0
                || path.contains("/.")
                || path.contains("//")
                || path.startsWith(adminPath)
                        && (path.length() == adminPath.length() || path.charAt(adminPath.length()) == '/')) {
            return Route.JETTY; // Jetty's to normalise, or its own routes
        }
        String method = request.method().name();
        for (BufferedRoute route : bufferWhenDown) {
            if (route.matches(method, path)) {
                return Route.JETTY;
            }
        }
        MaintenanceState state = http.maintenance().state();
        RequestBuffering buffer = requestBuffer;
        if (http.passesWithoutFacts(state, buffer)) {
            return Route.UPSTREAM;
        }
        if (buffer != null && buffer.buffers(method, path)) {
            return Route.JETTY; // the write buffer takes its body there
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        return decide(request, state, path, query < 0 ? null : uri.substring(query + 1), remoteAddr);
    }

    /** A request while maintenance is on, decided as the gateway's filter decides it. */
    private Route decide(
            HttpRequest request, MaintenanceState state, String path, @Nullable String query, String remoteAddr) {
        Maintenance maintenance = http.maintenance();
        FrontMaintenanceRequest facts =
                new FrontMaintenanceRequest(request, http, path, query, remoteAddr, requestBuffer);
        Instant now = maintenance.clock().instant(); // once: the decision and the response read the same time
        Decision decision = maintenance.decide(state, facts, now);
        try {
            http.record(decision, facts, remoteAddr, now);
            MaintenanceResponse answer = http.answer(
                    decision,
                    state,
                    now,
                    path,
                    request.headers().get(HttpHeaderNames.ACCEPT),
                    "",
                    () -> http.resolver().isHttps(remoteAddr, false, facts.headers()),
                    query);
            return answer == null ? Route.UPSTREAM : Route.answer(answer);
        } catch (RuntimeException e) {
            return Route.answer(http.failed(request.method().name(), request.uri(), state, now, e));
        }
    }

    /** Where a request goes; {@link #answer} holds maintenance's response when it is answered here. */
    record Route(Lane lane, @Nullable MaintenanceResponse answer) {
        static final Route UPSTREAM = new Route(Lane.UPSTREAM, null);
        static final Route JETTY = new Route(Lane.JETTY, null);

        static Route answer(MaintenanceResponse response) {
            return new Route(Lane.ANSWERED, response);
        }
    }

    enum Lane {
        /** relayed to the upstream on the event loop */
        UPSTREAM,
        /** handed to the Jetty gateway behind */
        JETTY,
        /** answered here by maintenance */
        ANSWERED
    }

    /** Whether a request on the event-loop lane is one of the application's writes that "down --wait" waits for. */
    boolean isApplicationWrite(HttpRequest request) {
        String method = request.method().name();
        if (OperationClassifier.isSafe(method)) {
            return false;
        }
        String path = pathOf(request);
        return path != null && http.isApplicationWrite(method, path);
    }

    /** A write on the event-loop lane began or ended. */
    void writeBegins() {
        http.maintenance().inFlight().enter();
    }

    void writeEnds() {
        http.maintenance().inFlight().exit();
    }

    void exchangeBegins() {
        exchanges.incrementAndGet();
    }

    void exchangeEnds() {
        exchanges.decrementAndGet();
    }

    /** The request's path (origin form), or null for any other form of request target. */
    private static @Nullable String pathOf(HttpRequest request) {
        String uri = request.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return null;
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** Stops accepting connections; open ones finish the request in progress and are closed. */
    void stopAccepting() {
        stopping = true;
        Channel bound = listener;
        if (bound != null) {
            bound.close().syncUninterruptibly();
        }
        for (Channel client : connections) {
            client.pipeline().fireUserEventTriggered(FrontConnection.STOPPING);
        }
    }

    /** Waits up to {@code drain} for exchanges in progress, then closes every connection and the event loops. */
    void close(Duration drain) {
        stopAccepting();
        long deadline = System.nanoTime() + drain.toNanos();
        while (exchanges.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connections.close().awaitUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
