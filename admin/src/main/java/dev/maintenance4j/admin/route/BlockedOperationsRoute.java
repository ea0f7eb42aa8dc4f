package dev.maintenance4j.admin.route;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.protocol.StatusDocument;
import java.io.IOException;

/** {@code GET api/blocked-operations}: per operation class, whether it is blocked now and how often it was tried. */
public final class BlockedOperationsRoute implements AdminRoute {

    private final Maintenance maintenance;

    public BlockedOperationsRoute(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        call.answer(200, StatusDocument.blockedOperations(maintenance, call.now()));
    }
}
