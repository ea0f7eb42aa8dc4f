package dev.maintenance4j.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real {@code nginx} (Debian package {@code nginx}) in the foreground, with the {@code http {}} block's
 * contents a test gives (typically a documented snippet rendered by {@link ProxyConfig}) on a free port.
 */
public final class NginxServer extends ExternalServer {

    private final IntFunction<String> httpBlock;

    /** @param httpBlock what goes inside {@code http { }}, given the port nginx must listen on */
    public NginxServer(IntFunction<String> httpBlock) {
        super("nginx", "nginx");
        this.httpBlock = httpBlock;
    }

    @Override
    protected void prepare(Path directory) throws IOException {
        Files.createDirectories(directory.resolve("logs"));
    }

    @Override
    protected List<String> command(Path binary, int port, Path directory) {
        String config = """
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                %2$s
                }
                """.formatted(directory, httpBlock.apply(port));
        try {
            Files.writeString(directory.resolve("nginx.conf"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(
                binary.toString(),
                "-p",
                directory.toString(),
                "-c",
                directory.resolve("nginx.conf").toString(),
                "-g",
                "daemon off;");
    }

    /**
     * Stops nginx as its service manager would (SIGTERM to the master, which stops its workers); a SIGKILL
     * would leave the workers holding the listening socket.
     */
    @Override
    public synchronized void stop() throws InterruptedException {
        Process master = process();
        if (master == null) {
            return;
        }
        List<ProcessHandle> workers = master.descendants().toList();
        master.destroy();
        if (!master.waitFor(10, TimeUnit.SECONDS)) {
            master.destroyForcibly();
        }
        for (ProcessHandle worker : workers) {
            worker.destroyForcibly();
        }
    }

    @Override
    protected List<String> searchPath() {
        return List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin");
    }
}
