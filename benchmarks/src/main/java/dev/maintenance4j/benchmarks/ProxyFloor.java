package dev.maintenance4j.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;

/**
 * The floor row of benchmarks/gateway.sh: the least an HTTP reverse proxy on the JVM does, to measure what
 * the JVM itself reaches on a machine, apart from any proxy library's design. Netty's HTTP codecs on one
 * event loop (native epoll where it loads, as the gateway's listener takes it, else NIO); each client connection gets its own kept-alive upstream connection on the same loop, so a
 * request crosses no thread; requests and responses are passed on as Netty decodes them (with
 * {@code X-Forwarded-For/-Proto} set, as nginx's {@code proxy_pass} row does). Not a product: no hop-by-hop
 * headers, timeouts, errors, back-pressure or HTTP/2, so it is a lower bound on a real proxy's cost.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.maintenance4j.benchmarks.ProxyFloor PORT
 * UPSTREAM_PORT [EVENT_LOOPS=1]}
 */
public final class ProxyFloor {

    private ProxyFloor() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: ProxyFloor PORT UPSTREAM_PORT [EVENT_LOOPS=1]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        // the transport the gateway takes: native epoll where it loads, else NIO
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
                args.length > 2 ? Integer.parseInt(args[2]) : 1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends SocketChannel> upstreamChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        new ServerBootstrap()
                .group(loops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false) // until its upstream connection is open
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline()
                                .addLast(new HttpServerCodec(), new ClientSide(client, upstreamPort, upstreamChannel));
                    }
                })
                .bind("127.0.0.1", port)
                .sync()
                .channel()
                .closeFuture()
                .sync();
    }

    /** Passes each HTTP part it reads on to its target connection, flushing at the end of a message. */
    private static class PassOn extends ChannelInboundHandlerAdapter {
        Channel target;

        PassOn(Channel target) {
            this.target = target;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object part) {
            if (part instanceof LastHttpContent) {
                target.writeAndFlush(part);
            } else {
                target.write(part);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (target != null) {
                target.close();
            }
        }
    }

    /** A client connection: opens its upstream connection, then passes each request part on to it. */
    private static final class ClientSide extends PassOn {
        private final SocketChannel client;
        private final int upstreamPort;
        private final Class<? extends SocketChannel> upstreamChannel;

        ClientSide(SocketChannel client, int upstreamPort, Class<? extends SocketChannel> upstreamChannel) {
            super(null);
            this.client = client;
            this.upstreamPort = upstreamPort;
            this.upstreamChannel = upstreamChannel;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            new Bootstrap()
                    .group(client.eventLoop())
                    .channel(upstreamChannel)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpClientCodec(), new PassOn(client));
                        }
                    })
                    .connect("127.0.0.1", upstreamPort)
                    .addListener((ChannelFutureListener) connected -> {
                        if (connected.isSuccess()) {
                            target = connected.channel();
                            client.config().setAutoRead(true);
                        } else {
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object part) {
            if (part instanceof HttpRequest request) {
                InetSocketAddress peer = client.remoteAddress();
                request.headers().set("X-Forwarded-For", peer.getAddress().getHostAddress());
                request.headers().set("X-Forwarded-Proto", "http");
            }
            super.channelRead(ctx, part);
        }
    }
}
