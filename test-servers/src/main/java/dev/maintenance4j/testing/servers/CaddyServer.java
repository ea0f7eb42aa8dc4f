package dev.maintenance4j.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A real {@code caddy} (Debian package {@code caddy}) in the foreground with the Caddyfile a test gives
 * (typically a documented snippet rendered by {@link ProxyConfig}) on a free port; its admin endpoint is off
 * and its data stays in the server's directory.
 */
public final class CaddyServer extends ExternalServer {

    private final IntFunction<String> caddyfile;

    /** @param caddyfile the site blocks, given the port Caddy must listen on */
    public CaddyServer(IntFunction<String> caddyfile) {
        super("caddy", "caddy");
        this.caddyfile = caddyfile;
    }

    @Override
    protected List<String> command(Path binary, int port, Path directory) {
        String config = "{\n\tadmin off\n\tauto_https off\n\tstorage file_system " + directory.resolve("data")
                + "\n}\n\n" + caddyfile.apply(port);
        try {
            Files.writeString(directory.resolve("Caddyfile"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(
                binary.toString(),
                "run",
                "--adapter",
                "caddyfile",
                "--config",
                directory.resolve("Caddyfile").toString());
    }
}
