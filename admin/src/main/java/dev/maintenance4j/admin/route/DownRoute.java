package dev.maintenance4j.admin.route;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.protocol.DownRequest;
import java.io.IOException;

/**
 * {@code POST api/down} (also {@code api/enable}): switches maintenance on, or changes what it says while it stays on
 * ({@link DownRequest}); with {@code wait}, answers once every live instance applied it and drained
 * its writes.
 */
public final class DownRoute implements AdminRoute {

    private final Maintenance maintenance;
    private final Changes changes;

    public DownRoute(Maintenance maintenance) {
        this.maintenance = maintenance;
        this.changes = new Changes(maintenance);
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        DownRequest request = call.body(DownRequest.class);
        changes.answer(
                call,
                () -> maintenance
                        .control()
                        .enable(request.toOptions(maintenance.clock()), call.actor(), request.expectedVersion()),
                request.waitFor(),
                true);
    }
}
