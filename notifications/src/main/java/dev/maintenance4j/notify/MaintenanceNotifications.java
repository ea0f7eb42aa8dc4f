package dev.maintenance4j.notify;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.Mode;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.net.Hosts;
import dev.maintenance4j.time.Durations;
import dev.maintenance4j.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns maintenance events into notifications and delivers them to every {@link Notifier}, without
 * ever slowing or failing the change itself: each target has a bounded queue and its own delivery
 * thread, failed deliveries are retried with exponential backoff up to a cap, and a full queue drops
 * (and counts) instead of blocking.
 *
 * <p>Also watches for forgotten maintenance: one {@link NotificationType#STALE} warning each time
 * maintenance has been on for another {@code staleAfter} (4 h by default), logged and visible through
 * {@link #staleSince()}.
 *
 * <p>In a cluster every instance sees every change; enable notifications on one instance (or give
 * each its own targets) to avoid duplicates.
 */
public final class MaintenanceNotifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceNotifications.class);

    private final Maintenance maintenance;
    private final Clock clock;
    private final String service;
    private final String instance;
    private final Duration staleAfter;
    private final Instant startedAt;
    private final List<Target> targets = new ArrayList<>();
    private volatile Scheduler.@Nullable Task staleCheck;
    private volatile @Nullable Instant staleSince;
    private boolean closed;

    private MaintenanceNotifications(Builder b) {
        this.maintenance = b.maintenance;
        this.clock = maintenance.clock();
        this.service = b.service;
        this.instance = b.instance;
        this.staleAfter = b.staleAfter;
        this.startedAt = clock.instant();
        for (Notifier notifier : b.notifiers) {
            targets.add(new Target(notifier, b.queueCapacity, b.maxAttempts, b.initialBackoff, b.maxBackoff));
        }
        maintenance.addListener(this::onEvent);
        scheduleStaleCheck(maintenance.state());
    }

    public static Builder builder(Maintenance maintenance) {
        return new Builder(maintenance);
    }

    private void onEvent(MaintenanceEvent event) {
        NotificationType type = null;
        MaintenanceState previous = null;
        MaintenanceState current = null;
        Instant now = clock.instant();
        if (event instanceof MaintenanceEvent.Activated e) {
            previous = e.previous();
            current = e.current();
            // an instance starting while maintenance is already on is not news
            if (isNewActivation(current)) {
                type = current.mode() == Mode.EMERGENCY ? NotificationType.EMERGENCY : NotificationType.ACTIVATED;
            }
        } else if (event instanceof MaintenanceEvent.Deactivated e) {
            previous = e.previous();
            current = e.current();
            boolean expired = current.enabled() && current.until() != null && !now.isBefore(current.until());
            type = expired ? NotificationType.EXPIRED : NotificationType.DEACTIVATED;
        } else if (event instanceof MaintenanceEvent.Updated e) {
            previous = e.previous();
            current = e.current();
            boolean newSchedule = current.isScheduledAt(now)
                    && (!previous.isScheduledAt(now) || !Objects.equals(previous.startsAt(), current.startsAt()));
            boolean toEmergency =
                    current.isActiveAt(now) && current.mode() == Mode.EMERGENCY && previous.mode() != Mode.EMERGENCY;
            type = newSchedule ? NotificationType.SCHEDULED : toEmergency ? NotificationType.EMERGENCY : null;
        }
        if (current != null) {
            scheduleStaleCheck(current);
        }
        if (type != null && previous != null && current != null) {
            publish(new Notification(
                    type,
                    now,
                    service,
                    instance,
                    current.actor(),
                    MaintenanceStatus.of(previous, now),
                    MaintenanceStatus.of(current, now)));
        }
    }

    private boolean isNewActivation(MaintenanceState state) {
        Instant began = state.since();
        if (state.startsAt() != null && (began == null || state.startsAt().isAfter(began))) {
            began = state.startsAt();
        }
        return began == null || !began.isBefore(startedAt.minusSeconds(1));
    }

    /** Sends a test notification to every target (operators check their setup with it). */
    public void sendTest(String actor) {
        Instant now = clock.instant();
        MaintenanceStatus status = MaintenanceStatus.of(maintenance.state(), now);
        publish(new Notification(NotificationType.TEST, now, service, instance, actor, status, status));
    }

    private void publish(Notification notification) {
        log.info("Maintenance notification: {}", notification.text());
        for (Target target : targets) {
            target.offer(notification);
        }
    }

    private synchronized void scheduleStaleCheck(MaintenanceState state) {
        Scheduler.Task pending = staleCheck;
        if (pending != null) {
            pending.cancel();
        }
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        if (!state.isActiveAt(now) || state.since() == null) {
            staleSince = null;
            return;
        }
        Instant since =
                state.startsAt() != null && state.startsAt().isAfter(state.since()) ? state.startsAt() : state.since();
        long elapsed = Duration.between(since, now).toMillis();
        long period = staleAfter.toMillis();
        long crossings = elapsed / period;
        staleSince = crossings > 0 ? since.plusMillis(period) : null;
        long delay = (crossings + 1) * period - elapsed;
        staleCheck = maintenance.scheduler().schedule(() -> staleCrossed(state, since), Duration.ofMillis(delay));
    }

    private void staleCrossed(MaintenanceState watched, Instant since) {
        MaintenanceState state = maintenance.state();
        Instant now = clock.instant();
        if (state.version() != watched.version() || !state.isActiveAt(now)) {
            return;
        }
        staleSince = since.plus(staleAfter);
        log.warn("Maintenance has been on since {} (more than {}); has it been forgotten?", since, staleAfter);
        MaintenanceStatus status = MaintenanceStatus.of(state, now);
        publish(new Notification(NotificationType.STALE, now, service, instance, state.actor(), status, status));
        scheduleStaleCheck(state);
    }

    /** When maintenance became stale (on longer than the threshold), or null while it is not. */
    public @Nullable Instant staleSince() {
        return staleSince;
    }

    /**
     * What the admin status shows of notifications: when maintenance became stale (or null) and the
     * delivery results per target.
     */
    public record Status(@Nullable Instant staleSince, List<DeliveryStatus> targets) {}

    /** The stale warning and the delivery results, now. */
    public Status status() {
        return new Status(staleSince, deliveryStatus());
    }

    /** Delivery results per target. */
    public List<DeliveryStatus> deliveryStatus() {
        return targets.stream().map(Target::status).toList();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            Scheduler.Task pending = staleCheck;
            if (pending != null) {
                pending.cancel();
            }
        }
        targets.forEach(Target::close);
    }

    /** One notifier with its queue, its thread and its counters. */
    private final class Target {
        private final Notifier notifier;
        private final BlockingQueue<Notification> queue;
        private final int maxAttempts;
        private final Duration initialBackoff;
        private final Duration maxBackoff;
        private final Thread thread;
        private final AtomicLong delivered = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private volatile @Nullable Instant lastSuccess;
        private volatile @Nullable Instant lastFailure;
        private volatile @Nullable String lastError;
        private volatile boolean closed;

        Target(Notifier notifier, int capacity, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            this.notifier = notifier;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.maxAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            this.thread = new Thread(this::run, "maintenance4j-notify-" + notifier.name());
            thread.setDaemon(true);
            thread.start();
        }

        void offer(Notification notification) {
            if (!queue.offer(notification)) {
                dropped.incrementAndGet();
                log.warn("Notification queue of {} is full; dropped: {}", notifier.name(), notification.text());
            }
        }

        private void run() {
            while (!closed) {
                Notification notification;
                try {
                    notification = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                deliverWithRetries(notification);
            }
        }

        private void deliverWithRetries(Notification notification) {
            long backoff = initialBackoff.toMillis();
            for (int attempt = 1; attempt <= maxAttempts && !closed; attempt++) {
                try {
                    notifier.deliver(notification);
                    delivered.incrementAndGet();
                    lastSuccess = clock.instant();
                    return;
                } catch (Exception e) {
                    lastFailure = clock.instant();
                    lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                    if (attempt == maxAttempts) {
                        failed.incrementAndGet();
                        log.warn(
                                "Giving up on {} for {} after {} attempts: {}",
                                notifier.name(),
                                notification.type().id(),
                                attempt,
                                lastError);
                        return;
                    }
                    log.info(
                            "Notification to {} failed (attempt {} of {}), retrying in {} ms: {}",
                            notifier.name(),
                            attempt,
                            maxAttempts,
                            backoff,
                            lastError);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, maxBackoff.toMillis());
                }
            }
        }

        DeliveryStatus status() {
            return new DeliveryStatus(
                    notifier.name(),
                    delivered.get(),
                    failed.get(),
                    dropped.get(),
                    queue.size(),
                    lastSuccess,
                    lastFailure,
                    lastError);
        }

        void close() {
            closed = true;
            thread.interrupt();
        }
    }

    /** Builds {@link MaintenanceNotifications}; setters validate at once. */
    public static final class Builder {
        private final Maintenance maintenance;
        private final List<Notifier> notifiers = new ArrayList<>();
        private String service = "service";
        private String instance = Hosts.localName();
        private Duration staleAfter = Duration.ofHours(4);
        private int queueCapacity = 1000;
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);

        private Builder(Maintenance maintenance) {
            this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        }

        public Builder notifier(Notifier notifier) {
            notifiers.add(Objects.requireNonNull(notifier, "notifier"));
            return this;
        }

        /** The service's name in messages. */
        public Builder service(String service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /** This instance's name in messages (default: the host name). */
        public Builder instance(String instance) {
            this.instance = Objects.requireNonNull(instance, "instance");
            return this;
        }

        /** How long maintenance may stay on before a warning (default 4 h); again after each further period. */
        public Builder staleAfter(Duration staleAfter) {
            this.staleAfter = Durations.requirePositive(staleAfter, "staleAfter");
            return this;
        }

        /** Notifications waiting per target before new ones are dropped (default 1000). */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, but was " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** Attempts per notification (default 6) with backoff doubling from {@code initial} up to {@code max}. */
        public Builder retry(int maxAttempts, Duration initial, Duration max) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            this.initialBackoff = Durations.requirePositive(initial, "initial backoff");
            this.maxBackoff = Durations.requirePositive(max, "max backoff");
            return this;
        }

        /** Builds and subscribes to the maintenance events. */
        public MaintenanceNotifications build() {
            return new MaintenanceNotifications(this);
        }
    }
}
