package dev.maintenance4j.testing.servers;

import java.nio.file.Path;
import java.util.List;

/** A real {@code redis-server} (Debian package {@code redis-server}) without persistence. */
public final class RedisServer extends ExternalServer {

    public RedisServer() {
        super("redis-server", "redis-server");
    }

    @Override
    protected List<String> command(Path binary, int port, Path directory) {
        return List.of(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory.toString(),
                "--daemonize",
                "no");
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port();
    }
}
