package dev.maintenance4j.servlet;

import dev.maintenance4j.http.MaintenanceResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes a {@link MaintenanceResponse} into a servlet response, as it is: nothing decided here. Every servlet adapter
 * (the filter, the decision servlet, the admin servlet, the gateway's proxy) answers through it.
 */
public final class ServletResponses {

    private ServletResponses() {}

    /** Sets the status and headers, and writes the body unless the request is {@code HEAD}. */
    public static void write(HttpServletRequest request, HttpServletResponse response, MaintenanceResponse answer)
            throws IOException {
        writeHead(response, answer);
        response.setContentLength(answer.body().length);
        if (answer.body().length > 0 && !"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(answer.body());
        }
    }

    /** Sets the status and headers only, for a response whose body is streamed after them. */
    public static void writeHead(HttpServletResponse response, MaintenanceResponse answer) {
        response.setStatus(answer.status());
        for (MaintenanceResponse.Header header : answer.headers()) {
            if (header.name().equals("Content-Type")) {
                response.setContentType(header.value());
            } else {
                response.addHeader(header.name(), header.value());
            }
        }
    }
}
