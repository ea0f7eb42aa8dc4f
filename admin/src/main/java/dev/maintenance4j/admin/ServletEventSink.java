package dev.maintenance4j.admin;

import dev.maintenance4j.admin.route.EventSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** An event stream held open with the servlet container's async support, until the client goes away. */
final class ServletEventSink implements EventSink {

    private final AsyncContext async;

    private ServletEventSink(AsyncContext async) {
        this.async = async;
    }

    /** Starts async processing with no timeout; the API forgets the stream when the container ends it. */
    static ServletEventSink open(HttpServletRequest request, AdminApi api) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletEventSink sink = new ServletEventSink(async);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                api.unsubscribe(sink);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                api.unsubscribe(sink);
            }

            @Override
            public void onError(AsyncEvent event) {
                api.unsubscribe(sink);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not re-dispatched
            }
        });
        return sink;
    }

    @Override
    public boolean send(String frame) {
        try {
            var out = async.getResponse().getOutputStream();
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // the container already ended it
        }
    }
}
