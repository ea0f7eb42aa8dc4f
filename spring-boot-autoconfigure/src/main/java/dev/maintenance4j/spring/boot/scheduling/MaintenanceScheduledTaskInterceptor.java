package dev.maintenance4j.spring.boot.scheduling;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.spi.StateStore.Subscription;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Wraps every {@code @Scheduled} method: while maintenance is in force in one of the configured modes
 * the run is skipped (unless marked {@link RunDuringMaintenance}); when an emergency starts, runs still
 * going after the grace period are interrupted.
 */
public final class MaintenanceScheduledTaskInterceptor implements MethodInterceptor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceScheduledTaskInterceptor.class);

    private final Maintenance maintenance;
    private final Set<Mode> skipIn;
    private final Duration emergencyGracePeriod;
    private final Map<Thread, String> running = new ConcurrentHashMap<>();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong interrupted = new AtomicLong();
    private final Subscription subscription;
    private volatile boolean closed;

    public MaintenanceScheduledTaskInterceptor(
            Maintenance maintenance, Set<Mode> skipIn, Duration emergencyGracePeriod) {
        this.maintenance = maintenance;
        this.skipIn = Set.copyOf(skipIn);
        this.emergencyGracePeriod = emergencyGracePeriod;
        this.subscription = maintenance.addListener(event -> {
            MaintenanceState state = eventState(event);
            if (state != null
                    && state.mode() == Mode.EMERGENCY
                    && state.isActiveAt(maintenance.clock().instant())) {
                maintenance.scheduler().schedule(this::interruptRunning, emergencyGracePeriod);
            }
        });
    }

    private static @Nullable MaintenanceState eventState(MaintenanceEvent event) {
        if (event instanceof MaintenanceEvent.Activated activated) {
            return activated.current();
        }
        if (event instanceof MaintenanceEvent.Updated updated
                && updated.previous().mode() != Mode.EMERGENCY) {
            return updated.current();
        }
        return null;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        boolean exempt = AnnotatedElementUtils.hasAnnotation(method, RunDuringMaintenance.class)
                || (target != null
                        && AnnotatedElementUtils.hasAnnotation(target.getClass(), RunDuringMaintenance.class));
        if (exempt) {
            return invocation.proceed();
        }
        MaintenanceState state = maintenance.state();
        if (state.isActiveAt(maintenance.clock().instant()) && skipIn.contains(state.mode())) {
            skipped.incrementAndGet();
            log.debug("Skipping scheduled {} during {} maintenance", name(method), state.mode());
            return null;
        }
        Thread thread = Thread.currentThread();
        running.put(thread, name(method));
        try {
            return invocation.proceed();
        } finally {
            running.remove(thread);
        }
    }

    private void interruptRunning() {
        MaintenanceState state = maintenance.state();
        if (closed
                || state.mode() != Mode.EMERGENCY
                || !state.isActiveAt(maintenance.clock().instant())) {
            return;
        }
        running.forEach((thread, task) -> {
            log.warn(
                    "Emergency maintenance: interrupting scheduled {} still running after the {} grace period",
                    task,
                    emergencyGracePeriod);
            interrupted.incrementAndGet();
            thread.interrupt();
        });
    }

    /** Runs skipped because of maintenance since start. */
    public long skippedRuns() {
        return skipped.get();
    }

    /** Runs interrupted by an emergency since start. */
    public long interruptedRuns() {
        return interrupted.get();
    }

    /** Scheduled runs in progress that maintenance may skip or interrupt. */
    public int activeJobs() {
        return running.size();
    }

    private static String name(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    @Override
    public void close() {
        subscription.close();
        closed = true;
    }
}
