package dev.maintenance4j.admin.route;

import dev.maintenance4j.time.Scheduler;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code GET api/events}: server-sent status events, one when a client connects and one on every change
 * ({@link #publishStatus}); keep-alive comments every 15 s on the given scheduler.
 */
public final class EventsRoute implements AdminRoute, AutoCloseable {

    private final EventStream events;

    /** @param status the status document as JSON, now */
    public EventsRoute(Scheduler scheduler, Supplier<String> status) {
        this.events = new EventStream(scheduler, status);
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        events.subscribe(call.request(), call.response());
    }

    /** Sends the current status to every subscriber. */
    public void publishStatus() {
        events.publishStatus();
    }

    /** Ends every stream and stops the keep-alives. */
    @Override
    public void close() {
        events.close();
    }
}
