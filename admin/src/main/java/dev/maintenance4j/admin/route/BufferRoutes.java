package dev.maintenance4j.admin.route;

import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.protocol.ApiError;
import dev.maintenance4j.text.Failures;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write buffer's three routes: {@code GET api/buffer} (its status), {@code POST api/buffer/drain}
 * (replay it now, even while maintenance is on) and {@code GET api/buffer/dead-letters?limit=N}. Each
 * is a 404 saying so when the service buffers nothing.
 */
public final class BufferRoutes {

    private static final Logger log = LoggerFactory.getLogger(BufferRoutes.class);

    private final @Nullable RequestBuffering buffer;

    public BufferRoutes(@Nullable RequestBuffering buffer) {
        this.buffer = buffer;
    }

    /** {@code GET api/buffer}. */
    public AdminRoute status() {
        return call -> call.answer(200, buffer().status(call.now()));
    }

    /** {@code POST api/buffer/drain}: 202 with the status as the replay starts; 503 when the buffer is closed. */
    public AdminRoute drain() {
        return call -> {
            RequestBuffering buffer = buffer();
            log.info(
                    "Maintenance admin API: {} started a replay of the write buffer ({} pending)",
                    call.admin(),
                    buffer.status(call.now()).pending());
            try {
                buffer.startDrain();
            } catch (IllegalStateException closed) {
                call.answer(503, ApiError.of(503, "Service Unavailable", Failures.describe(closed)));
                return;
            }
            call.answer(202, buffer.status(call.now()));
        };
    }

    /** {@code GET api/buffer/dead-letters}. */
    public AdminRoute deadLetters() {
        return call -> call.answer(200, buffer().deadLetters(call.limit()));
    }

    private RequestBuffering buffer() throws IOException {
        if (buffer == null) {
            throw new NotConfiguredException("no write buffer is configured on this service");
        }
        return buffer;
    }
}
