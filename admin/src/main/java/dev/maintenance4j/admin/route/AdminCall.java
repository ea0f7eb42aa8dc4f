package dev.maintenance4j.admin.route;

import dev.maintenance4j.admin.AdminRequest;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.protocol.AdminProtocol;
import dev.maintenance4j.protocol.InvalidRequestException;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated call to an admin API route: the request, who makes it and when, and the answer the
 * route gives ({@link #answer}).
 */
public final class AdminCall {

    /** The most list entries one call returns unless it asks for fewer ({@code ?limit=}). */
    public static final int DEFAULT_LIMIT = 50;

    private final AdminRequest request;
    private final String admin;
    private final Actor actor;
    private final Instant now;
    private @Nullable MaintenanceResponse response;

    /**
     * @param admin the admin's name, as the authenticator gave it
     * @param actor the admin and where the call came from, for the audit log
     */
    public AdminCall(AdminRequest request, String admin, Actor actor, Instant now) {
        this.request = request;
        this.admin = admin;
        this.actor = actor;
        this.now = now;
    }

    public String admin() {
        return admin;
    }

    public Actor actor() {
        return actor;
    }

    public Instant now() {
        return now;
    }

    /** The JSON body as {@code type}, read strictly (the API already refused other content types). */
    public <T extends Record> T body(Class<T> type) throws IOException {
        return AdminProtocol.readRequest(request.body(AdminProtocol.MAX_REQUEST_BYTES), type);
    }

    /** The {@code limit} query parameter: 1 to 1000, {@value #DEFAULT_LIMIT} when absent. */
    public int limit() {
        String text = request.queryParameter("limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidRequestException("limit", "limit must be an integer from 1 to 1000, but was '" + text + "'");
    }

    /** Answers with a protocol document. */
    public void answer(int status, Object document) {
        response = MaintenanceResponse.json(status, document);
    }

    /** The answer the route gave, or null when it gave none. */
    public @Nullable MaintenanceResponse response() {
        return response;
    }
}
