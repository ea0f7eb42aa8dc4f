package dev.maintenance4j.gateway;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket connections passed through to the upstream. An upgrade request has been decided like any other
 * request (maintenance, bypasses) before it gets here; then the upstream is asked first, with the client's
 * sub-protocols, its end-to-end headers and the forwarded headers, and only when it accepts is the client's
 * connection upgraded, to the sub-protocol the upstream chose. From then on every frame is relayed as it
 * comes (fragments stay fragments, nothing is gathered into whole messages), and the next frame from a side
 * is read only once the last one was written to the other: a slow reader slows its writer, never the heap.
 * Pings are answered by the gateway on each hop; a close from either side closes the other with the same code.
 *
 * <p>When maintenance begins, every tunnel is closed with {@code 1012 Service Restart}: clients reconnect, and
 * their upgrade is decided again (an admin's passes, a visitor's gets the maintenance page).
 */
final class WebSocketTunnels {

    private static final Logger log = LoggerFactory.getLogger(WebSocketTunnels.class);

    private final Set<Tunnel> open = ConcurrentHashMap.newKeySet();
    private final Duration timeout;
    private final Configuration.ConfigurationCustomizer configuration = new Configuration.ConfigurationCustomizer();
    private @Nullable WebSocketCoreClient client;
    private @Nullable WebSocketMappings mappings;

    /** {@code timeout}: how long the upstream may take to accept, and how long a tunnel may carry nothing. */
    WebSocketTunnels(Duration timeout) {
        this.timeout = timeout;
        configuration.setIdleTimeout(timeout); // the same for both hops of every tunnel
    }

    /** True for a WebSocket opening handshake (RFC 6455): a GET asking to upgrade to {@code websocket}. */
    static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null
                && upgrade.trim().equalsIgnoreCase("websocket")
                && request.getMethod().equals("GET");
    }

    void start(ServletContextHandler context) throws Exception {
        WebSocketCoreClient started = new WebSocketCoreClient();
        started.start();
        client = started;
        mappings = WebSocketMappings.ensureMappings(context);
    }

    /** Closes every tunnel with {@code code}; the clients are told {@code reason}. */
    void closeAll(int code, String reason) {
        for (Tunnel tunnel : open) {
            tunnel.close(code, reason);
        }
    }

    /** The tunnels open now. */
    int size() {
        return open.size();
    }

    /** Stops the client; the tunnels were closed first ({@link Gateway#close()}), while the server still ran. */
    void stop() {
        WebSocketCoreClient started = client;
        if (started != null) {
            try {
                started.stop();
            } catch (Exception e) {
                log.debug("The WebSocket client did not stop cleanly: {}", e.toString());
            }
        }
    }

    /**
     * Opens a tunnel from {@code request} to {@code target} (a {@code ws:} URI), sending {@code headers} to the
     * upstream with the handshake.
     *
     * @return null when the client's connection was upgraded (the response is done), else what to answer
     */
    @Nullable
    Refusal open(HttpServletRequest request, URI target, HttpFields headers) throws IOException {
        WebSocketCoreClient started = client;
        WebSocketMappings serverSide = mappings;
        if (started == null || serverSide == null) {
            throw new IllegalStateException("the gateway's WebSocket support was not started");
        }
        Tunnel tunnel = new Tunnel();
        CoreClientUpgradeRequest upgrade = CoreClientUpgradeRequest.from(started, target, tunnel.fromUpstream);
        upgrade.headers(fields -> fields.add(headers));
        upgrade.setSubProtocols(subProtocols(request));
        upgrade.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        upgrade.setConfiguration(configuration);
        CoreSession upstream;
        try {
            upstream = started.connect(upgrade).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Refusal.BAD_GATEWAY;
        } catch (TimeoutException e) {
            return Refusal.GATEWAY_TIMEOUT;
        } catch (ExecutionException e) {
            return refusal(target, e.getCause());
        }
        tunnel.fromClient.peer.complete(upstream);
        ServletContextRequest base = ServletContextRequest.getServletContextRequest(request);
        boolean upgraded = false;
        try (Blocker.Callback done = Blocker.callback()) {
            if (serverSide.upgrade(
                    new Negotiator(tunnel.fromClient, upstream, configuration),
                    base,
                    base.getServletContextResponse(),
                    done,
                    null)) {
                done.block();
                upgraded = true;
            }
        } finally {
            if (!upgraded) {
                upstream.close(CloseStatus.SHUTDOWN, "the client's upgrade failed", Callback.NOOP);
            }
        }
        return upgraded
                ? null
                : new Refusal(
                        400,
                        "Bad Request",
                        "This is not a WebSocket handshake the gateway can pass on; send an RFC 6455 one "
                                + "(Sec-WebSocket-Version: 13 and a Sec-WebSocket-Key).");
    }

    private static List<String> subProtocols(HttpServletRequest request) {
        var values = request.getHeaders("Sec-WebSocket-Protocol");
        List<String> protocols = new ArrayList<>();
        while (values != null && values.hasMoreElements()) {
            for (String protocol : values.nextElement().split(",")) {
                if (!protocol.isBlank()) {
                    protocols.add(protocol.trim());
                }
            }
        }
        return protocols;
    }

    private static Refusal refusal(URI target, @Nullable Throwable cause) {
        if (cause instanceof UpgradeException refused) {
            int status = refused.getResponseStatusCode();
            if (status >= 400 && status < 500) {
                return new Refusal(
                        status, "Refused", "The application refused this WebSocket connection (" + status + ").");
            }
        }
        log.warn("Upstream {} did not accept a WebSocket connection: {}", target, String.valueOf(cause));
        return Refusal.BAD_GATEWAY;
    }

    /** Accepts the client's upgrade with the upstream's choices. */
    private record Negotiator(Hop fromClient, CoreSession upstream, Configuration.Customizer configuration)
            implements WebSocketNegotiator {

        @Override
        public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
            response.setAcceptedSubProtocol(upstream.getNegotiatedSubProtocol());
            response.setExtensions(List.of()); // each hop its own: frames are relayed as the other side sent them
            return fromClient;
        }

        @Override
        public void customize(Configuration session) {
            configuration.customize(session);
        }
    }

    /** One client connection and its upstream connection, each side's frames written to the other. */
    private final class Tunnel {
        final Hop fromClient = new Hop(this, "client", CloseStatus.SHUTDOWN);
        final Hop fromUpstream = new Hop(this, "upstream", CloseStatus.BAD_GATEWAY);

        void opened() {
            open.add(this);
        }

        void closed() {
            if (fromClient.isClosed() && fromUpstream.isClosed()) {
                open.remove(this);
            }
        }

        void close(int code, String reason) {
            fromClient.close(code, reason);
            fromUpstream.close(CloseStatus.SHUTDOWN, "the gateway closed the client's connection: " + reason);
        }
    }

    /**
     * One side of a tunnel: receives that side's frames and writes them to the other ({@link #peer}, known once
     * that side's connection is open; until then nothing more is read from this side).
     */
    private static final class Hop implements FrameHandler {
        final CompletableFuture<CoreSession> peer = new CompletableFuture<>();
        private final Tunnel tunnel;
        private final String side;
        private final int closeOtherWhenLost;
        private volatile @Nullable CoreSession session;
        private volatile boolean closed;

        Hop(Tunnel tunnel, String side, int closeOtherWhenLost) {
            this.tunnel = tunnel;
            this.side = side;
            this.closeOtherWhenLost = closeOtherWhenLost;
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public void onOpen(CoreSession opened, Callback callback) {
            session = opened;
            if (this == tunnel.fromClient) {
                tunnel.fromUpstream.peer.complete(opened);
                tunnel.opened();
            }
            callback.succeeded();
            peer.thenRun(opened::demand);
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            CoreSession own = session;
            CoreSession other = peer.getNow(null);
            if (own == null || other == null) {
                callback.failed(new IllegalStateException("a frame before the tunnel was open"));
                return;
            }
            switch (frame.getOpCode()) {
                case OpCode.CLOSE -> {
                    if (other.isOutputOpen()) {
                        closeWith(other, CloseStatus.getCloseStatus(frame), CloseStatus.NORMAL, callback);
                    } else {
                        callback.succeeded(); // both sides are closing: this one is answered by the core
                    }
                }
                case OpCode.PING, OpCode.PONG -> {
                    callback.succeeded(); // each hop answers its own pings
                    own.demand();
                }
                default ->
                    other.sendFrame(
                            new Frame(frame.getOpCode(), frame.isFin(), frame.getPayload()),
                            Callback.from(
                                    () -> {
                                        callback.succeeded();
                                        own.demand();
                                    },
                                    callback::failed),
                            false);
            }
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            log.debug("The WebSocket connection of the {} failed: {}", side, cause.toString());
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus status, Callback callback) {
            closed = true;
            tunnel.closed();
            // the other side never opened (the client's upgrade failed): this side is not read again
            peer.completeExceptionally(new IllegalStateException("the " + side + " closed first"));
            CoreSession other = peer.isCompletedExceptionally() ? null : peer.getNow(null);
            if (other != null && other.isOutputOpen()) {
                closeWith(other, status, closeOtherWhenLost, Callback.NOOP);
            }
            callback.succeeded();
        }

        /** Closes {@code other} with this side's code, or with {@code otherwise} when that code cannot be sent. */
        private void closeWith(CoreSession other, CloseStatus status, int otherwise, Callback callback) {
            if (CloseStatus.isTransmittableStatusCode(status.getCode())) {
                other.close(status.getCode(), status.getReason(), callback);
            } else {
                other.close(otherwise, "the " + side + " closed", callback);
            }
        }

        void close(int code, String reason) {
            CoreSession own = session;
            if (own != null && own.isOutputOpen()) {
                own.close(code, reason, Callback.NOOP);
            }
        }
    }
}
