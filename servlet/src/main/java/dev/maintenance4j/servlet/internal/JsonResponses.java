package dev.maintenance4j.servlet.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON answers written by the servlet module itself: the admin API and the write buffer's receipts and refusals. */
public final class JsonResponses {

    private JsonResponses() {}

    /** An error document: {@code {"status", "error", "message"}} and the offending {@code field} when known. */
    public static ObjectNode error(int status, String error, String message, @Nullable String field) {
        ObjectNode node = JsonMapper.shared().createObjectNode();
        node.put("status", status);
        node.put("error", error);
        node.put("message", message);
        if (field != null) {
            node.put("field", field);
        }
        return node;
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
