package dev.maintenance4j.spring.boot;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.buffer.request.RequestBuffer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops maintenance4j with the application context, in the phase before the web server's: the first
 * state is read (and the write buffer's replay armed) before the server takes a request, and on shutdown the
 * server first drains its requests (Spring Boot's graceful shutdown lets in-flight writes finish) and only then
 * does this instance leave the store's registry, so {@code maint down --wait} and the fleet view see it go at once
 * rather than after its heartbeats lapse. Stopping is final: a stopped instance is closed.
 */
public final class MaintenanceLifecycle implements SmartLifecycle {

    /**
     * Before Spring Boot's web server ({@code SmartLifecycle.DEFAULT_PHASE - 1024}) on start, after it on stop, and
     * before the application's own lifecycle beans ({@code DEFAULT_PHASE}), which are then started knowing the state.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final Maintenance maintenance;
    private final @Nullable RequestBuffer buffer;
    private volatile boolean running;

    MaintenanceLifecycle(Maintenance maintenance, @Nullable RequestBuffer buffer) {
        this.maintenance = maintenance;
        this.buffer = buffer;
    }

    @Override
    public void start() {
        maintenance.start();
        if (buffer != null) {
            buffer.start(maintenance);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        maintenance.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
