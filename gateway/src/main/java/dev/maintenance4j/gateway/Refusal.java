package dev.maintenance4j.gateway;

import dev.maintenance4j.http.ContentNegotiation;
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.protocol.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway answers itself when it cannot pass a request on: a status and one line that says what to
 * do, as JSON (when the client prefers it) or a short HTML page, not to be cached. The cause goes to the log,
 * not the client. Every way in (Jetty's proxy, the event-loop lane, WebSocket upgrades) answers with these.
 */
record Refusal(int status, String error, String message) {

    static final Refusal BAD_GATEWAY = new Refusal(
            502, "Bad Gateway", "The application behind this gateway cannot be reached. Try again in a moment.");
    static final Refusal GATEWAY_TIMEOUT = new Refusal(
            504,
            "Gateway Timeout",
            "The application behind this gateway did not answer in time. Try again in a moment.");

    /** The refusal for a client whose {@code Accept} header is {@code accept}. */
    MaintenanceResponse response(@Nullable String accept) {
        if (ContentNegotiation.prefersJson(accept)) {
            return MaintenanceResponse.json(status, ApiError.of(status, error, message));
        }
        byte[] page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status + " " + error
                        + "</title></head><body><h1>" + error + "</h1><p>" + message + "</p></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
        return new MaintenanceResponse(
                status,
                List.of(
                        new MaintenanceResponse.Header("Content-Type", "text/html;charset=utf-8"),
                        new MaintenanceResponse.Header("Cache-Control", "no-store")),
                page);
    }
}
