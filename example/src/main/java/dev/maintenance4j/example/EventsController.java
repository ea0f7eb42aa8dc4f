package dev.maintenance4j.example;

import dev.maintenance4j.buffer.request.BufferedRoute;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Event intake, the route this service never refuses: during maintenance {@code POST /api/events} is
 * accepted into the write buffer ({@code 202} with a receipt) and applied here, in order, when
 * maintenance ends ({@code maintenance.buffer.enabled=true} and the {@link BufferedRoute} bean below).
 */
@RestController
@RequestMapping("/api/events")
public class EventsController {

    private final EventLog events;
    private final Clock clock;

    public EventsController(EventLog events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public EventLog.Event record(
            @RequestBody String body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return events.record(key == null ? UUID.randomUUID().toString() : key, body, clock.instant(), false);
    }

    @GetMapping
    public List<EventLog.Event> list() {
        return events.events();
    }

    /** Replays what the write buffer accepted during maintenance into the same log. */
    @Configuration(proxyBeanMethods = false)
    static class Buffering {
        @Bean
        BufferedRoute eventIntake(EventLog events) {
            return BufferedRoute.of(
                    "POST",
                    "/api/events",
                    request -> events.record(request.idempotencyKey(), request.bodyText(), request.acceptedAt(), true));
        }
    }
}
