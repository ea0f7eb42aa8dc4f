package dev.maintenance4j.admin.route;

import dev.maintenance4j.control.Actor;
import dev.maintenance4j.protocol.AdminProtocol;
import dev.maintenance4j.protocol.InvalidRequestException;
import dev.maintenance4j.servlet.internal.JsonResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * One authenticated call to an admin API route: the exchange, who makes it and when.
 *
 * @param admin the admin's name, as the authenticator gave it
 * @param actor the admin and where the call came from, for the audit log
 */
public record AdminCall(
        HttpServletRequest request, HttpServletResponse response, String admin, Actor actor, Instant now) {

    /** The most list entries one call returns unless it asks for fewer ({@code ?limit=}). */
    public static final int DEFAULT_LIMIT = 50;

    /** The JSON body as {@code type}, read strictly (the servlet already refused other content types). */
    public <T extends Record> T body(Class<T> type) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return AdminProtocol.readRequest(in.readNBytes(AdminProtocol.MAX_REQUEST_BYTES + 1), type);
        }
    }

    /** The {@code limit} query parameter: 1 to 1000, {@value #DEFAULT_LIMIT} when absent. */
    public int limit() {
        String text = request.getParameter("limit");
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
    public void answer(int status, Object document) throws IOException {
        JsonResponses.write(response, status, document);
    }
}
