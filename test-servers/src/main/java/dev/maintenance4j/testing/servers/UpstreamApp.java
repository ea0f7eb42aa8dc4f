package dev.maintenance4j.testing.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real non-JVM application for the gateway to stand in front of, run from an installed package: the
 * same small orders app in PHP ({@code php -S}, Debian {@code php-cli} and {@code php-sqlite3}), Flask
 * (Debian {@code python3-flask}) and Node ({@code nodejs}). Each has a page ({@code GET /}), a JSON API
 * ({@code GET/POST /api/orders}, idempotent by {@code Idempotency-Key}, stored in the app's own SQLite or
 * JSON-lines file), a slow streaming route ({@code GET /api/stream}: five server-sent events 200 ms apart),
 * {@code /headers} (the request headers as JSON), {@code POST /api/echo}, {@code /slow?ms=N} and
 * {@code /status/NNN}; the Node
 * one also streams {@code POST /upload} (answers the byte count and SHA-256) and {@code GET /download?mb=N}.
 * Beside them, a WebSocket app on Python's {@code websockets} ({@link #websockets()}).
 */
public final class UpstreamApp extends ExternalServer {

    private final String name;
    private final String script;

    private UpstreamApp(String name, String binary, String debianPackage, String script) {
        super(binary, debianPackage);
        this.name = name;
        this.script = script;
    }

    public static UpstreamApp php() {
        return new UpstreamApp("php", "php", "php-cli php-sqlite3", "app.php");
    }

    public static UpstreamApp flask() {
        return new UpstreamApp("flask", "python3", "python3-flask", "app.py");
    }

    public static UpstreamApp node() {
        return new UpstreamApp("node", "node", "nodejs", "app.js");
    }

    /** A WebSocket app on Python's {@code websockets} (Debian {@code python3-websockets}): see {@code ws.py}. */
    public static UpstreamApp websockets() {
        return new UpstreamApp("websockets", "python3", "python3-websockets", "ws.py");
    }

    /** php, flask, node or websockets. */
    public String name() {
        return name;
    }

    public String baseUri() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    protected void prepare(Path directory) throws IOException {
        try (InputStream in = UpstreamApp.class.getResourceAsStream("/upstreams/" + script)) {
            if (in == null) {
                throw new IllegalStateException("the test app /upstreams/" + script + " is not on the class path");
            }
            Files.copy(in, directory.resolve(script), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    protected void environment(Map<String, String> environment, Path directory) {
        environment.put(
                "ORDERS_DB",
                directory
                        .resolve(name.equals("node") ? "orders.jsonl" : "orders.sqlite")
                        .toString());
        environment.put("PHP_CLI_SERVER_WORKERS", "4"); // php -S answers one request at a time without it
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
    }

    @Override
    protected List<String> command(Path binary, int port, Path directory) {
        String app = directory.resolve(script).toString();
        return switch (name) {
            case "php" -> List.of(binary.toString(), "-S", "127.0.0.1:" + port, app);
            default -> List.of(binary.toString(), app, Integer.toString(port));
        };
    }

    /** Debian's interpreters first: python3-flask installs into /usr/bin/python3's packages. */
    @Override
    protected List<String> searchPath() {
        List<String> path = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
        path.addAll(super.searchPath());
        return path;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Deletes the app's stored orders (between tests). */
    public void clearOrders() {
        try {
            Files.deleteIfExists(directory().resolve("orders.sqlite"));
            Files.deleteIfExists(directory().resolve("orders.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
