package dev.maintenance4j.admin.route;

import dev.maintenance4j.protocol.StatusDocument;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;

/** {@code GET api/status}: the full status for admins. */
public final class StatusRoute implements AdminRoute {

    private final Function<Instant, StatusDocument> status;

    public StatusRoute(Function<Instant, StatusDocument> status) {
        this.status = status;
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        call.answer(200, status.apply(call.now()));
    }
}
