package dev.maintenance4j.admin.route;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.protocol.InstanceStatus;
import java.io.IOException;

/** {@code GET api/instances}: every instance that reported to the store, and whether it is live. */
public final class InstancesRoute implements AdminRoute {

    private final Maintenance maintenance;

    public InstancesRoute(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        call.answer(200, InstanceStatus.of(maintenance.instances(), call.now()));
    }
}
