package dev.maintenance4j.admin.route;

import dev.maintenance4j.time.Scheduler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Server-sent events to admin clients: every subscriber gets the current status when it connects and
 * again on every change ({@code event: status}); a comment every 15 s keeps proxies from closing idle
 * streams. Writes are serialised per subscriber; a subscriber that can not be written to is dropped.
 */
final class EventStream implements AutoCloseable {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final List<AsyncContext> subscribers = new CopyOnWriteArrayList<>();
    private final Scheduler.Task heartbeat;
    private final Supplier<String> currentStatus;

    EventStream(Scheduler scheduler, Supplier<String> currentStatus) {
        this.currentStatus = currentStatus;
        this.heartbeat = scheduler.scheduleWithFixedDelay(() -> broadcast(": keep-alive\n\n"), KEEP_ALIVE, KEEP_ALIVE);
    }

    void subscribe(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                subscribers.remove(async);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                subscribers.remove(async);
            }

            @Override
            public void onError(AsyncEvent event) {
                subscribers.remove(async);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not re-dispatched
            }
        });
        subscribers.add(async);
        send(async, "retry: 3000\n" + statusEvent());
    }

    /** Sends the current status to every subscriber. */
    void publishStatus() {
        broadcast(statusEvent());
    }

    private String statusEvent() {
        return "event: status\ndata: " + currentStatus.get() + "\n\n";
    }

    private void broadcast(String frame) {
        for (AsyncContext async : subscribers) {
            send(async, frame);
        }
    }

    private void send(AsyncContext async, String frame) {
        synchronized (async) {
            try {
                var out = async.getResponse().getOutputStream();
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(async);
                try {
                    async.complete();
                } catch (IllegalStateException alreadyDone) {
                    // the container already ended it
                }
            }
        }
    }

    @Override
    public void close() {
        heartbeat.cancel();
        for (AsyncContext async : subscribers) {
            try {
                async.complete();
            } catch (IllegalStateException alreadyDone) {
                // ended
            }
        }
        subscribers.clear();
    }
}
