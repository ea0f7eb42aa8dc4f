package dev.maintenance4j.servlet;

import dev.maintenance4j.http.HeaderValues;
import jakarta.servlet.http.HttpServletRequest;

/** A servlet request's headers as the shared HTTP code ({@code core}'s {@code http}) reads them, for any servlet adapter. */
public final class ServletHeaders {

    private ServletHeaders() {}

    public static HeaderValues of(HttpServletRequest request) {
        return name -> request.getHeaders(name).asIterator();
    }
}
