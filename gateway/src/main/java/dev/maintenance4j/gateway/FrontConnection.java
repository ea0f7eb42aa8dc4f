package dev.maintenance4j.gateway;

import dev.maintenance4j.http.MaintenanceResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the {@link EventLoopFront}: its requests, one exchange at a time (pipelined ones wait
 * their turn), each relayed to the upstream (the event-loop lane) or to Jetty, and each response relayed back.
 * Every method runs on the connection's event loop. A connection keeps at most one kept-alive connection to
 * each; after an upgrade (WebSocket, h2c) or HTTP/2 with prior knowledge it becomes a byte tunnel to Jetty.
 */
final class FrontConnection extends ChannelInboundHandlerAdapter {

    /** The user event the {@link PriorKnowledgeSniffer} fires on the HTTP/2 connection preface. */
    static final Object PRIOR_KNOWLEDGE = new Object();
    /** The user event telling every connection the gateway is stopping. */
    static final Object STOPPING = new Object();

    private static final Logger log = LoggerFactory.getLogger(FrontConnection.class);
    private static final int MAX_WAITING = 64;

    private final EventLoopFront front;
    private final Channel client;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private @Nullable Hop upstream;
    private @Nullable Hop jetty;
    private boolean tunnel;
    private @Nullable String remoteAddr;

    // the exchange in progress
    private @Nullable Hop current;
    private @Nullable String accept;
    private HttpMethod method = HttpMethod.GET;
    private String uri = "";
    private boolean requestSent;
    private boolean countedWrite;
    private boolean responseStarted;
    private boolean informational;
    private boolean closeAfter;
    private @Nullable ScheduledFuture<?> deadline;

    FrontConnection(EventLoopFront front, Channel client) {
        this.front = front;
        this.client = client;
    }

    // ---- from the client

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object part) {
        if (tunnel) {
            Objects.requireNonNull(jetty, "a tunnel has its connection to Jetty")
                    .send(part);
            return;
        }
        waiting.add(part);
        if (waiting.size() > MAX_WAITING) {
            client.config().setAutoRead(false); // pipelined requests wait here, not in memory without end
        }
        drain();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Hop hop = tunnel ? jetty : current;
        if (hop != null) {
            hop.flush();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == PRIOR_KNOWLEDGE) {
            client.pipeline().remove(HttpServerCodec.class);
            tunnel = true;
            jettyHop(true);
        } else if (event instanceof IdleStateEvent) {
            if (current == null && !tunnel) {
                client.close(); // a request in progress has its deadline; a tunnel, Jetty's idle timeout
            }
        } else if (event == STOPPING) {
            if (current == null && !tunnel) {
                client.close();
            } else {
                closeAfter = true;
            }
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Hop hop = tunnel ? jetty : current;
        if (hop != null) {
            hop.channel.config().setAutoRead(client.isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Object part : waiting) {
            ReferenceCountUtil.release(part);
        }
        waiting.clear();
        if (current != null) {
            end();
        }
        if (upstream != null) {
            upstream.channel.close();
        }
        if (jetty != null) {
            jetty.channel.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Client connection {} failed: {}", client.remoteAddress(), cause.toString());
        client.close();
    }

    /** Sends on what waits, as far as the exchange in progress allows. */
    private void drain() {
        while (!waiting.isEmpty() && client.isActive()) {
            Object part = waiting.peek();
            if (part instanceof HttpRequest request) {
                if (current != null) {
                    return; // its turn comes when the response in progress is complete
                }
                waiting.poll();
                begin(request);
            } else {
                waiting.poll();
                if (current != null && !requestSent) {
                    requestSent = part instanceof LastHttpContent;
                    current.send(part);
                    if (!current.channel.isWritable()) {
                        client.config().setAutoRead(false); // read on when the hop has written what it holds
                    }
                } else {
                    ReferenceCountUtil.release(part); // the rest of a request already answered
                }
            }
        }
        if (waiting.size() <= MAX_WAITING && (current == null || current.channel.isWritable())) {
            client.config().setAutoRead(true);
        }
    }

    private void begin(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            refuse(
                    unreadable(request.decoderResult().cause()),
                    request.headers().get(HttpHeaderNames.ACCEPT));
            return;
        }
        closeAfter |= !HttpUtil.isKeepAlive(request);
        EventLoopFront.Route route = front.route(request, clientAddress());
        MaintenanceResponse answer = route.answer();
        if (answer != null) {
            ReferenceCountUtil.release(request); // its body, if any, is dropped as it comes
            FullHttpResponse response = toNetty(answer);
            if (closeAfter) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                client.writeAndFlush(response);
            }
            return;
        }
        front.exchangeBegins();
        requestSent = request instanceof LastHttpContent;
        accept = request.headers().get(HttpHeaderNames.ACCEPT);
        method = request.method();
        uri = request.uri();
        responseStarted = false;
        informational = false;
        if (route.lane() == EventLoopFront.Lane.UPSTREAM) {
            countedWrite = front.isApplicationWrite(request);
            if (countedWrite) {
                front.writeBegins();
            }
            prepareForUpstream(request);
            current = upstreamHop();
            deadline = client.eventLoop().schedule(this::timedOut, front.timeout.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            current = jettyHop(false);
        }
        current.channel.config().setAutoRead(true); // a response before may have held it back
        current.send(request);
        if (!current.channel.isWritable()) {
            client.config().setAutoRead(false);
        }
    }

    /** The answer to a request Netty's codec could not read, saying what to change. */
    private static Refusal unreadable(@Nullable Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(
                    414, "URI Too Long", "The request line is over 8 KB; shorten the URL and send it again.");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new Refusal(
                    431,
                    "Request Header Fields Too Large",
                    "The request's headers are over 16 KB; send fewer or smaller headers (cookies, for one).");
        }
        return new Refusal(
                400, "Bad Request", "The request is not well-formed HTTP/1.1; correct it and send it again.");
    }

    /** Hop-by-hop headers dropped, this hop's forwarded headers set, the target rewritten for the upstream. */
    private void prepareForUpstream(HttpRequest request) {
        HttpHeaders headers = request.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        String client = clientAddress();
        ForwardedHop forwarded = ForwardedHop.of(
                front.trustedProxies, client, false, headers.get(HttpHeaderNames.HOST), name -> joined(headers, name));
        dropHopByHop(headers);
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(request, true);
        }
        forwarded.applyTo(headers::remove, headers::set);
        headers.set(HttpHeaderNames.HOST, front.upstreamHost);
        if (!front.upstreamPathPrefix.isEmpty()) {
            request.setUri(front.upstreamPathPrefix + request.uri());
        }
    }

    private String clientAddress() {
        String known = remoteAddr;
        if (known == null) {
            InetSocketAddress peer = (InetSocketAddress) client.remoteAddress();
            known = remoteAddr = peer.getAddress().getHostAddress();
        }
        return known;
    }

    private static @Nullable String joined(HttpHeaders headers, String name) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** Drops the hop-by-hop headers and those the {@code Connection} header names (RFC 9110 section 7.6.1). */
    private static void dropHopByHop(HttpHeaders headers) {
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) { // a copy: removing is safe
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name); // names are matched ignoring case
                }
            }
        }
        UpstreamProxyServlet.hopByHopHeaders().forEach(headers::remove);
    }

    // ---- from a hop

    /** A part of the response to the exchange in progress. */
    private void respond(Hop from, Object part) {
        if (tunnel) {
            client.write(part);
            return;
        }
        if (from != current) {
            ReferenceCountUtil.release(part); // nothing was asked of it: an upstream that talks out of turn
            from.channel.close();
            return;
        }
        if (part instanceof HttpResponse response) {
            responseStarted = true;
            int status = response.status().code();
            informational = status >= 100 && status < 200;
            if (status == 101) {
                from.upgraded = true;
            }
            if (from == upstream) {
                prepareForClient(response, from);
            } else if (!HttpUtil.isKeepAlive(response)) {
                closeAfter = true;
            }
            if (closeAfter && !informational) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        client.write(part);
        if (!client.isWritable()) {
            from.channel.config().setAutoRead(false); // read on when the client has taken what it was sent
        }
        if (part instanceof LastHttpContent) {
            if (from.upgraded) {
                becomeTunnel(from);
            } else if (!informational) {
                complete();
            }
        }
    }

    /** The upstream's response as this hop passes it on: hop-by-hop headers dropped, framed for HTTP/1.1. */
    private void prepareForClient(HttpResponse response, Hop from) {
        if (!HttpUtil.isKeepAlive(response)) {
            from.closeAfterResponse = true;
        }
        HttpHeaders headers = response.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        dropHopByHop(headers);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        int status = response.status().code();
        boolean bodiless = HttpMethod.HEAD.equals(method) || status < 200 || status == 204 || status == 304;
        if (!bodiless && (chunked || !HttpUtil.isContentLengthSet(response))) {
            HttpUtil.setTransferEncodingChunked(response, true); // its end was its connection's close
        }
    }

    /** After a {@code 101} from Jetty: both connections carry bytes from now on, whatever the protocol. */
    private void becomeTunnel(Hop from) {
        tunnel = true;
        client.flush();
        client.pipeline().remove(HttpServerCodec.class);
        from.channel.pipeline().remove(HttpClientCodec.class);
        end();
        client.config().setAutoRead(true);
    }

    /** The response is complete: the next request may go. */
    private void complete() {
        Hop hop = current;
        boolean requestUnfinished = !requestSent;
        end();
        client.flush();
        if (hop != null && (hop.closeAfterResponse || requestUnfinished)) {
            hop.closeAfterResponse = true; // answered before the whole request was sent: not reusable
            hop.channel.close();
        }
        if (closeAfter) {
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        drain();
        if (current != null) {
            current.flush(); // a pipelined request read before now went out only now
        }
    }

    private void end() {
        current = null;
        front.exchangeEnds();
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (countedWrite) {
            countedWrite = false;
            front.writeEnds();
        }
    }

    private void timedOut() {
        deadline = null;
        Hop hop = current;
        if (hop == null) {
            return;
        }
        log.warn(
                "Upstream {} did not answer {} {} in {} ms", front.upstreamHost, method, uri, front.timeout.toMillis());
        hop.abandoned = true;
        if (responseStarted) {
            end();
            client.close();
        } else {
            refuse(Refusal.GATEWAY_TIMEOUT, accept);
        }
        hop.channel.close();
    }

    /** The hop carrying the exchange in progress failed before its response was complete. */
    private void hopFailed(Hop hop, String why) {
        if (hop != current) {
            return;
        }
        hop.abandoned = true;
        if (hop == upstream) {
            log.warn("Upstream {} failed for {} {}: {}", front.upstreamHost, method, uri, why);
        } else {
            log.warn("The gateway's own server failed for {} {}: {}", method, uri, why);
        }
        if (responseStarted) {
            end();
            client.close();
        } else {
            refuse(Refusal.BAD_GATEWAY, accept);
        }
    }

    /** Answers the exchange in progress (or a request no exchange began for) with a refusal, then closes. */
    private void refuse(Refusal refusal, @Nullable String acceptHeader) {
        if (current != null) {
            end();
        }
        FullHttpResponse response = toNetty(refusal.response(acceptHeader));
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse toNetty(MaintenanceResponse answer) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()));
        for (MaintenanceResponse.Header header : answer.headers()) {
            response.headers().add(header.name(), header.value());
        }
        HttpUtil.setContentLength(response, answer.body().length);
        return response;
    }

    // ---- the hops

    private Hop upstreamHop() {
        if (upstream == null || !upstream.usable()) {
            InetSocketAddress target = front.upstream();
            upstream = new Hop(
                    new Bootstrap()
                            .group(client.eventLoop())
                            .channel(front.transport.socketChannel())
                            .option(ChannelOption.TCP_NODELAY, true)
                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                                    Math.min(front.timeout.toMillis(), 30_000)),
                    Objects.requireNonNull(target, "the event-loop lane needs an http:// upstream"),
                    null,
                    false);
        }
        return upstream;
    }

    private Hop jettyHop(boolean raw) {
        if (jetty == null || !jetty.usable()) {
            jetty = new Hop(
                    new Bootstrap().group(client.eventLoop()).channel(front.transport.unixSocketChannel()),
                    front.jetty,
                    proxyHeader(),
                    raw);
        }
        return jetty;
    }

    /** The PROXY protocol header that tells Jetty who the client is and which address it reached. */
    private HAProxyMessage proxyHeader() {
        InetSocketAddress peer = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) client.localAddress();
        boolean v6 = peer.getAddress() instanceof Inet6Address || local.getAddress() instanceof Inet6Address;
        return new HAProxyMessage(
                HAProxyProtocolVersion.V1,
                HAProxyCommand.PROXY,
                v6 ? HAProxyProxiedProtocol.TCP6 : HAProxyProxiedProtocol.TCP4,
                v6 ? v6(peer) : peer.getAddress().getHostAddress(),
                v6 ? v6(local) : local.getAddress().getHostAddress(),
                peer.getPort(),
                local.getPort());
    }

    private static String v6(InetSocketAddress address) {
        byte[] bytes = address.getAddress().getAddress();
        if (bytes.length == 16) {
            return address.getAddress().getHostAddress().replaceAll("%.*$", "");
        }
        return "::ffff:" + address.getAddress().getHostAddress();
    }

    /**
     * A connection from this client connection to the upstream or to Jetty, opened when first needed and kept
     * alive while both ends allow. What is sent before it is connected waits in order.
     */
    private final class Hop extends ChannelInboundHandlerAdapter {
        final Channel channel;
        private @Nullable ArrayDeque<Object> early = new ArrayDeque<>();
        boolean upgraded;
        boolean closeAfterResponse;
        boolean abandoned;
        private boolean closed;

        /**
         * @param proxyHeader the PROXY header to send first (to Jetty), or null (to the upstream)
         * @param raw         bytes only, no HTTP codec (a tunnel from the start)
         */
        Hop(Bootstrap bootstrap, SocketAddress address, @Nullable HAProxyMessage proxyHeader, boolean raw) {
            Hop self = this;
            bootstrap.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                    if (proxyHeader != null) {
                        channel.pipeline().addLast(HAProxyMessageEncoder.INSTANCE);
                    }
                    if (!raw) {
                        channel.pipeline().addLast(new HttpClientCodec(4096, 16384, 8192));
                    }
                    channel.pipeline().addLast(self);
                }
            });
            ChannelFuture connecting = bootstrap.connect(address);
            channel = connecting.channel();
            connecting.addListener((ChannelFutureListener) connected -> {
                if (!connected.isSuccess()) {
                    closed = true;
                    dropEarly();
                    // later, not now: a connection refused at once fails before its exchange has begun
                    client.eventLoop().execute(() -> hopFailed(this, String.valueOf(connected.cause())));
                    return;
                }
                if (proxyHeader != null) {
                    channel.write(proxyHeader);
                }
                ArrayDeque<Object> parts = early;
                early = null;
                if (parts != null) {
                    parts.forEach(channel::write);
                }
                channel.flush();
            });
        }

        boolean usable() {
            return !closed && !abandoned && !closeAfterResponse && !upgraded;
        }

        void send(Object part) {
            if (early != null) {
                early.add(part);
            } else if (closed) {
                ReferenceCountUtil.release(part);
            } else {
                channel.write(part);
            }
        }

        void flush() {
            if (early == null && !closed) {
                channel.flush();
            }
        }

        private void dropEarly() {
            if (early != null) {
                early.forEach(ReferenceCountUtil::release);
                early = null;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object part) {
            if (abandoned) {
                ReferenceCountUtil.release(part);
                return;
            }
            if (part instanceof HttpObject object && object.decoderResult().isFailure()) {
                ReferenceCountUtil.release(part);
                hopFailed(
                        this,
                        "its response could not be read: "
                                + object.decoderResult().cause());
                channel.close();
                return;
            }
            respond(this, part);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (this == current || tunnel && this == jetty) {
                client.config().setAutoRead(channel.isWritable());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
            dropEarly();
            if (tunnel && this == jetty) {
                client.flush();
                client.close();
            } else if (this == current) {
                hopFailed(this, "it closed the connection before the response was complete");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("Connection to {} failed: {}", channel.remoteAddress(), cause.toString());
            channel.close();
        }
    }
}
