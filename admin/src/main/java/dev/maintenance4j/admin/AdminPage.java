package dev.maintenance4j.admin;

import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.http.MaintenanceResponse.Header;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The admin page's three static files (HTML, CSS, JavaScript), self-contained: no CDN, no build step.
 * Served with a strict Content-Security-Policy: only this origin's scripts and styles, no framing.
 */
final class AdminPage {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final Map<String, Asset> ASSETS = Map.of(
            "/", load("index.html", "text/html;charset=UTF-8"),
            "/index.html", load("index.html", "text/html;charset=UTF-8"),
            "/admin.js", load("admin.js", "text/javascript;charset=UTF-8"),
            "/admin.css", load("admin.css", "text/css;charset=UTF-8"));

    private AdminPage() {}

    static @Nullable Asset asset(String path) {
        return ASSETS.get(path);
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = AdminPage.class.getResourceAsStream("page/" + name)) {
            if (in == null) {
                throw new IllegalStateException("admin page resource " + name + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One file. */
    record Asset(byte[] body, String contentType) {
        MaintenanceResponse response() {
            return new MaintenanceResponse(
                    200,
                    List.of(
                            new Header("Content-Type", contentType),
                            new Header("Cache-Control", "no-cache"),
                            new Header("Content-Security-Policy", CSP),
                            new Header("X-Content-Type-Options", "nosniff"),
                            new Header("Referrer-Policy", "no-referrer")),
                    body);
        }
    }
}
