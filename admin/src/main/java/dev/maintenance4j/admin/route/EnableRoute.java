package dev.maintenance4j.admin.route;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.protocol.EnableRequest;
import java.io.IOException;

/**
 * {@code POST api/enable}: switches maintenance on, or changes what it says while it stays on
 * ({@link EnableRequest}); with {@code wait}, answers once every live instance applied it and drained
 * its writes.
 */
public final class EnableRoute implements AdminRoute {

    private final Maintenance maintenance;
    private final Changes changes;

    public EnableRoute(Maintenance maintenance) {
        this.maintenance = maintenance;
        this.changes = new Changes(maintenance);
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        EnableRequest request = call.body(EnableRequest.class);
        changes.answer(
                call,
                () -> maintenance
                        .control()
                        .enable(request.toOptions(maintenance.clock()), call.actor(), request.expectedVersion()),
                request.waitFor(),
                true);
    }
}
