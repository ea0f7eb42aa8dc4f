package dev.maintenance4j.spi;

/**
 * Stored data that is not a valid state, audit record or instance report in the {@link StateFormat}: its
 * message says what is wrong ({@code "version must be an integer"}), for the log line that reports it.
 */
public class StateFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateFormatException(String message) {
        super(message);
    }

    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
