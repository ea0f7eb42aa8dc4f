package dev.maintenance4j.example;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The event intake's store: events in arrival order, one per idempotency key (a key seen before returns
 * the event it made). Requests accepted into the write buffer during maintenance arrive here when it ends.
 */
@Service
public class EventLog {

    /**
     * A recorded event.
     *
     * @param sequence       its place in the log
     * @param idempotencyKey the key it was recorded under
     * @param body           what the client sent
     * @param receivedAt     when the client sent it (the buffer's acceptance time for buffered events)
     * @param recordedAt     when it was recorded
     * @param replayed       true when it came through the write buffer
     */
    public record Event(
            long sequence,
            String idempotencyKey,
            String body,
            Instant receivedAt,
            Instant recordedAt,
            boolean replayed) {}

    private final Map<String, Event> byKey = new LinkedHashMap<>();
    private final Clock clock;

    public EventLog(Clock clock) {
        this.clock = clock;
    }

    public synchronized Event record(String idempotencyKey, String body, Instant receivedAt, boolean replayed) {
        Event existing = byKey.get(idempotencyKey);
        if (existing != null) {
            return existing;
        }
        Event event = new Event(byKey.size() + 1L, idempotencyKey, body, receivedAt, clock.instant(), replayed);
        byKey.put(idempotencyKey, event);
        return event;
    }

    public synchronized List<Event> events() {
        return new ArrayList<>(byKey.values());
    }
}
