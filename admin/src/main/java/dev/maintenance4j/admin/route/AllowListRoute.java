package dev.maintenance4j.admin.route;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.protocol.EntriesRequest;
import dev.maintenance4j.spi.AuditAction;
import java.io.IOException;
import java.util.List;

/** {@code POST api/allow} and {@code api/disallow}: adds entries to the allow-list, or removes them. */
public final class AllowListRoute implements AdminRoute {

    private final Maintenance maintenance;
    private final Changes changes;
    private final boolean add;

    private AllowListRoute(Maintenance maintenance, boolean add) {
        this.maintenance = maintenance;
        this.changes = new Changes(maintenance);
        this.add = add;
    }

    /** {@code POST api/allow}. */
    public static AllowListRoute allow(Maintenance maintenance) {
        return new AllowListRoute(maintenance, true);
    }

    /** {@code POST api/disallow}. */
    public static AllowListRoute disallow(Maintenance maintenance) {
        return new AllowListRoute(maintenance, false);
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        EntriesRequest request = call.body(EntriesRequest.class);
        List<CidrBlock> entries = request.blocks();
        MaintenanceControl.StateChange change = (current, now) -> current.toBuilder()
                .allowed(
                        add
                                ? current.allowed().with(entries)
                                : current.allowed().without(entries))
                .build();
        changes.answer(
                call,
                () -> maintenance
                        .control()
                        .apply(
                                (add ? AuditAction.ALLOW : AuditAction.DISALLOW).id(),
                                call.actor(),
                                request.expectedVersion(),
                                change));
    }
}
