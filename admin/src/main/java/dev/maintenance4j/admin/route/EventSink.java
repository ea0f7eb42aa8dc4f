package dev.maintenance4j.admin.route;

/** One open server-sent event stream, as the web adapter that holds its connection writes to it. */
public interface EventSink {

    /**
     * Writes one frame and flushes it. Never blocks on a slow client for long.
     *
     * @return false when the client is gone: the sink is dropped
     */
    boolean send(String frame);

    /** Ends the stream (the server is stopping). */
    void close();
}
