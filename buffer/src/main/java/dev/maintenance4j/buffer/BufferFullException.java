package dev.maintenance4j.buffer;

import java.io.IOException;

/** The buffer holds its configured maximum of bytes: the append was refused and nothing was written. */
public final class BufferFullException extends IOException {

    private static final long serialVersionUID = 1L;

    public BufferFullException(String message) {
        super(message);
    }
}
