package dev.maintenance4j.servlet;

import dev.maintenance4j.http.WriteBufferControl;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Where blocked writes on chosen routes are accepted instead of refused, as the filter sees it (the admin
 * API sees the {@link WriteBufferControl} side). {@code RequestBuffer} (module {@code maintenance4j-servlet-buffer}) is the implementation: an
 * application that buffers nothing needs neither that module nor the buffer's.
 */
public interface RequestBuffering extends WriteBufferControl {

    /** True when requests with this method and path are accepted into the buffer while blocked. No I/O. */
    boolean buffers(String method, String path);

    /** True while accepted requests wait to be replayed: new requests on buffered routes queue behind them. No I/O. */
    boolean hasBacklog();

    /**
     * Accepts a blocked request on a buffered route and answers it ({@code 202} with a receipt, or a
     * {@code 4xx} saying what is wrong with it).
     *
     * @return false when nothing was written or answered (no such route, or the buffer can not take it):
     *         the caller answers as it would without a buffer
     */
    boolean accept(HttpServletRequest request, HttpServletResponse response, String path) throws IOException;
}
