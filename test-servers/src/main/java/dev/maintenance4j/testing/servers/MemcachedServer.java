package dev.maintenance4j.testing.servers;

import java.nio.file.Path;
import java.util.List;

/** A real {@code memcached} (Debian package {@code memcached}). */
public final class MemcachedServer extends ExternalServer {

    public MemcachedServer() {
        super("memcached", "memcached");
    }

    @Override
    protected List<String> command(Path binary, int port, Path directory) {
        return List.of(
                binary.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                "0",
                "-l",
                "127.0.0.1",
                "-m",
                "16",
                "-u",
                "root");
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port();
    }
}
