package dev.maintenance4j.admin.route;

import dev.maintenance4j.HistoryEntry;
import dev.maintenance4j.Maintenance;
import java.io.IOException;

/** {@code GET api/history?limit=N}: the newest audited changes, oldest first. */
public final class HistoryRoute implements AdminRoute {

    private final Maintenance maintenance;

    public HistoryRoute(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        call.answer(
                200,
                maintenance.view().store().history(call.limit()).stream()
                        .map(HistoryEntry::of)
                        .toList());
    }
}
