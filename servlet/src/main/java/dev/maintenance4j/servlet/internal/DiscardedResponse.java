package dev.maintenance4j.servlet.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A response whose status, headers, cookies and body go nowhere: for a proxy that only reads whether a
 * request may pass (nginx's {@code auth_request} takes 2xx, 401 or 403 and ignores the body).
 */
public final class DiscardedResponse extends HttpServletResponseWrapper {

    private final ServletOutputStream nowhere = new ServletOutputStream() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            // writes never block
        }

        @Override
        public void write(int b) {
            // discarded
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // discarded
        }
    };

    public DiscardedResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return nowhere;
    }

    @Override
    public PrintWriter getWriter() {
        return new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public void setStatus(int sc) {}

    @Override
    public void sendError(int sc) {}

    @Override
    public void sendError(int sc, String msg) {}

    @Override
    public void sendRedirect(String location) {}

    @Override
    public void setHeader(String name, String value) {}

    @Override
    public void addHeader(String name, String value) {}

    @Override
    public void setIntHeader(String name, int value) {}

    @Override
    public void addIntHeader(String name, int value) {}

    @Override
    public void setDateHeader(String name, long date) {}

    @Override
    public void addDateHeader(String name, long date) {}

    @Override
    public void addCookie(Cookie cookie) {}

    @Override
    public void setContentType(String type) {}

    @Override
    public void setContentLength(int len) {}

    @Override
    public void setContentLengthLong(long len) {}

    @Override
    public void resetBuffer() {}

    @Override
    public void reset() {}

    @Override
    public boolean isCommitted() {
        return false;
    }
}
