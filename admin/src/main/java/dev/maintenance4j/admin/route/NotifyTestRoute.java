package dev.maintenance4j.admin.route;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** {@code POST api/notify/test}: sends a test notification through every configured notifier. */
public final class NotifyTestRoute implements AdminRoute {

    private final @Nullable Consumer<String> sender;

    /** @param sender what sends it, given the admin's name; null when the service has no notifications */
    public NotifyTestRoute(@Nullable Consumer<String> sender) {
        this.sender = sender;
    }

    @Override
    public void handle(AdminCall call) throws IOException {
        if (sender == null) {
            throw new NotConfiguredException("no notifications are configured on this service");
        }
        sender.accept(call.admin());
        call.answer(202, Map.of("sent", true));
    }
}
