package dev.maintenance4j.notify;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How deliveries to one target went.
 *
 * @param target      the notifier's name
 * @param delivered   notifications delivered
 * @param failed      notifications given up on after every retry
 * @param dropped     notifications dropped because the target's queue was full
 * @param queued      notifications waiting
 * @param lastSuccess when the last delivery succeeded, or null
 * @param lastFailure when the last attempt failed, or null
 * @param lastError   why it failed, or null
 */
public record DeliveryStatus(
        String target,
        long delivered,
        long failed,
        long dropped,
        int queued,
        @Nullable Instant lastSuccess,
        @Nullable Instant lastFailure,
        @Nullable String lastError) {}
