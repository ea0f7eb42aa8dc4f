package dev.maintenance4j.testing.servers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real {@code redis-server} (Debian package {@code redis-server}) without persistence. */
public final class RedisServer extends ExternalServer {

    private final List<String> extraArguments;

    public RedisServer() {
        this(List.of());
    }

    /** With more {@code redis-server} arguments, such as a cluster node's. */
    RedisServer(List<String> extraArguments) {
        super("redis-server", "redis-server");
        this.extraArguments = List.copyOf(extraArguments);
    }

    @Override
    protected List<String> command(Path binary, int port, Path directory) {
        List<String> command = new ArrayList<>(List.of(
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
                "no"));
        command.addAll(extraArguments);
        return command;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port();
    }
}
