package dev.maintenance4j.spi;

import org.jspecify.annotations.Nullable;

/** The state store could not be reached or failed; the operation changed nothing. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
