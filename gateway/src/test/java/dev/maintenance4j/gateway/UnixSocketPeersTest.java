package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a gateway started with --unix-socket finds at its path: a stale socket, a live one, a file. */
class UnixSocketPeersTest {

    @TempDir
    Path directory;

    @Test
    void aSocketNobodyAcceptsOnIsRemovedSoTheGatewayCanListenThereAgain() throws Exception {
        Path socket = directory.resolve("stale.sock");
        try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            killed.bind(UnixDomainSocketAddress.of(socket)); // closed below without removing its file, as after SIGKILL
        }
        assertThat(socket).exists();
        UnixSocketPeers.clearStale(socket);
        assertThat(socket).doesNotExist();
    }

    @Test
    void aLiveSocketOrAFileThatIsNoSocketIsLeftAndRefusedWithOneLine() throws Exception {
        Path live = directory.resolve("live.sock");
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(live));
            assertThatThrownBy(() -> UnixSocketPeers.clearStale(live))
                    .hasMessage("another process listens on " + live + ": stop it, or give --unix-socket another path");
            assertThat(live).exists();
        }
        Path file = Files.writeString(directory.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> UnixSocketPeers.clearStale(file)).hasMessageContaining("exists and is not a socket");
        assertThat(file).hasContent("keep me");
    }
}
