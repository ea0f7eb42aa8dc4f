package dev.maintenance4j.admin.route;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.protocol.ChangeRequest;
import java.io.IOException;

/** {@code POST api/up} (also {@code api/disable}): switches maintenance off; with {@code wait}, answers once every live instance applied it. */
public final class UpRoute implements AdminRoute {

    private final Maintenance maintenance;
    private final Changes changes;

    public UpRoute(Maintenance maintenance) {
        this.maintenance = maintenance;
        this.changes = new Changes(maintenance);
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        ChangeRequest request = call.body(ChangeRequest.class);
        changes.answer(
                call,
                () -> maintenance.control().disable(call.actor(), request.expectedVersion()),
                request.waitFor(),
                false);
    }
}
