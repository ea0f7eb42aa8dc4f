package dev.maintenance4j.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits failed attempts per client (wrong bypass secrets, refused admin tokens): after
 * {@code maxFailures} in a one-minute window, a client's further attempts are not checked at all until
 * the window ends, so guessing is useless even when a guess is right. Memory is bounded: at most
 * {@code maxClients} are tracked; when full, expired windows are dropped, and clients that still do not
 * fit are not limited (fail open): strangers filling the table must never lock the operator out, and a
 * secret is too long to guess anyway.
 */
public final class FailedAttemptLimiter {

    private static final long WINDOW_MILLIS = 60_000;

    private final int maxFailures;
    private final int maxClients;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public FailedAttemptLimiter(int maxFailures, int maxClients) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("attempts per minute must be at least 1, but was " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.maxClients = maxClients;
    }

    /** True when this client may not try a secret now. */
    public boolean isLimited(String client, long nowMillis) {
        Window window = windows.get(client);
        if (window == null) {
            return false;
        }
        return window.start > nowMillis - WINDOW_MILLIS && window.failures.get() >= maxFailures;
    }

    /** Records a wrong secret from this client. */
    public void recordFailure(String client, long nowMillis) {
        if (windows.size() >= maxClients && !windows.containsKey(client) && !makeRoom(nowMillis)) {
            return;
        }
        Window window = windows.compute(
                client,
                (key, old) -> old == null || old.start <= nowMillis - WINDOW_MILLIS ? new Window(nowMillis) : old);
        window.failures.incrementAndGet();
    }

    private boolean makeRoom(long nowMillis) {
        windows.values().removeIf(w -> w.start <= nowMillis - WINDOW_MILLIS);
        return windows.size() < maxClients;
    }

    private static final class Window {
        final long start;
        final AtomicInteger failures = new AtomicInteger();

        Window(long start) {
            this.start = start;
        }
    }
}
