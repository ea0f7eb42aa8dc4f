package dev.maintenance4j.servlet.internal;

import dev.maintenance4j.http.HeaderValues;
import jakarta.servlet.http.HttpServletRequest;

/** A servlet request's headers as the shared HTTP code reads them. */
public final class ServletHeaders {

    private ServletHeaders() {}

    public static HeaderValues of(HttpServletRequest request) {
        return name -> request.getHeaders(name).asIterator();
    }
}
