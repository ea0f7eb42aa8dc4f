package dev.maintenance4j.admin.route;

import dev.maintenance4j.http.MaintenanceResponse.Header;
import dev.maintenance4j.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * {@code GET api/events}: server-sent status events to admin clients. Every subscriber gets the current
 * status when it connects and again on every change ({@code event: status}); a comment every 15 s keeps
 * proxies from closing idle streams. Writes are serialised per subscriber; a subscriber that can not be
 * written to is dropped. The web adapter holds the connection ({@link EventSink}); this holds the policy.
 */
public final class EventStream implements AutoCloseable {

    /** The headers an event stream is answered with. */
    public static final List<Header> HEADERS = List.of(
            new Header("Content-Type", "text/event-stream;charset=UTF-8"),
            new Header("Cache-Control", "no-store"),
            new Header("X-Accel-Buffering", "no"));

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final List<EventSink> subscribers = new CopyOnWriteArrayList<>();
    private final Scheduler.Task heartbeat;
    private final Supplier<String> currentStatus;

    /** @param currentStatus the status document as JSON, now */
    public EventStream(Scheduler scheduler, Supplier<String> currentStatus) {
        this.currentStatus = currentStatus;
        this.heartbeat = scheduler.scheduleWithFixedDelay(() -> broadcast(": keep-alive\n\n"), KEEP_ALIVE, KEEP_ALIVE);
    }

    /** Adds a subscriber and sends it the current status. */
    public void subscribe(EventSink sink) {
        subscribers.add(sink);
        send(sink, "retry: 3000\n" + statusEvent());
    }

    /** Forgets a subscriber whose client went away. */
    public void unsubscribe(EventSink sink) {
        subscribers.remove(sink);
    }

    /** Sends the current status to every subscriber. */
    public void publishStatus() {
        broadcast(statusEvent());
    }

    private String statusEvent() {
        return "event: status\ndata: " + currentStatus.get() + "\n\n";
    }

    private void broadcast(String frame) {
        for (EventSink sink : subscribers) {
            send(sink, frame);
        }
    }

    private void send(EventSink sink, String frame) {
        boolean sent;
        synchronized (sink) {
            sent = sink.send(frame);
        }
        if (!sent) {
            subscribers.remove(sink);
            sink.close();
        }
    }

    /** Ends every stream and stops the keep-alives. */
    @Override
    public void close() {
        heartbeat.cancel();
        for (EventSink sink : subscribers) {
            sink.close();
        }
        subscribers.clear();
    }
}
