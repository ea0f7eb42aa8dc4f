package dev.maintenance4j.admin.route;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.protocol.StoreHealth;
import java.io.IOException;
import java.time.Duration;

/** {@code GET api/health}: whether this instance reaches its store now (a read within a second); 503 when not. */
public final class HealthRoute implements AdminRoute {

    private final Maintenance maintenance;

    public HealthRoute(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        boolean up = maintenance.view().checkStore(Duration.ofSeconds(1));
        call.answer(
                up ? 200 : 503,
                StoreHealth.of(
                        up,
                        maintenance.state().isActiveAt(call.now()),
                        maintenance.view().store().describe(),
                        maintenance.view().lastFailure()));
    }
}
