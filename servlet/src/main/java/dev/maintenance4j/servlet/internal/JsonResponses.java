package dev.maintenance4j.servlet.internal;

import dev.maintenance4j.protocol.ApiError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/** JSON answers written by the servlet module itself: the admin API and the write buffer's receipts and refusals. */
public final class JsonResponses {

    private JsonResponses() {}

    /** Writes the admin protocol's error document. */
    public static void error(HttpServletResponse response, ApiError error) throws IOException {
        write(response, error.status(), error);
    }

    /** Writes {@code body} as the response, not to be cached unless the caller set its own Cache-Control. */
    public static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = JsonMapper.shared().writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        if (!response.containsHeader("Cache-Control")) {
            response.setHeader("Cache-Control", "no-store");
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
