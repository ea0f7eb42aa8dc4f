package dev.maintenance4j.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Requests that arrive on the gateway's Unix domain socket come from a process on this host, which only
 * the socket file's permissions let in; they have no IP address. This presents their peer as
 * {@code 127.0.0.1}, so the trusted proxies ({@code --trusted-proxy 127.0.0.1/32}), the allow-list and the
 * audit treat the local proxy as they would on the loopback interface.
 */
final class UnixSocketPeers implements HttpConfiguration.Customizer {

    private static final SocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /**
     * Removes a socket file a gateway killed before it could remove its own left behind, so the next one can
     * listen there; leaves a socket some process still accepts on, and anything that is not a socket.
     *
     * @throws IllegalStateException when the path is taken by a file that is no socket, or by a live socket
     */
    static void clearStale(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isOther()) {
                throw new IllegalStateException(socket + " exists and is not a socket: give --unix-socket a path "
                        + "of its own, such as /run/maintenance4j/decide.sock");
            }
            if (accepts(socket)) {
                throw new IllegalStateException(
                        "another process listens on " + socket + ": stop it, or give --unix-socket another path");
            }
            Files.delete(socket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reuse " + socket + ": " + e.getMessage(), e);
        }
    }

    private static boolean accepts(Path socket) {
        SocketChannel probe;
        try {
            probe = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException refused) {
            return false;
        }
        try {
            probe.close();
        } catch (IOException ignored) {
            // connected, which is what was asked
        }
        return true;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        ConnectionMetaData local = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return LOOPBACK;
            }
        };
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return local;
            }
        };
    }
}
