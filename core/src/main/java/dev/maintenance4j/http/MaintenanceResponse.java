package dev.maintenance4j.http;

import dev.maintenance4j.protocol.AdminProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One answer of the maintenance layer, ready to write: the status, the headers (with
 * {@code Content-Type} when there is a body) and the body. An adapter copies it into its framework's
 * response as it is, sets {@code Content-Length} to the body's length and leaves the body out for
 * {@code HEAD}. Instances are shared between requests (see {@link MaintenanceResponses}): the body
 * array must never be changed.
 */
public record MaintenanceResponse(int status, List<Header> headers, byte[] body) {

    /** One response header. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public MaintenanceResponse {
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /**
     * A document of the {@linkplain AdminProtocol admin protocol} (an answer, a receipt, an error) as JSON, not
     * to be cached, with any {@code extra} headers.
     */
    public static MaintenanceResponse json(int status, Object document, Header... extra) {
        List<Header> headers = new ArrayList<>(List.of(
                new Header("Content-Type", "application/json;charset=UTF-8"), new Header("Cache-Control", "no-store")));
        headers.addAll(List.of(extra));
        return new MaintenanceResponse(status, headers, AdminProtocol.write(document));
    }

    /** The value of header {@code name}, or null; for tests and logs. */
    public @Nullable String header(String name) {
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return null;
    }
}
