package dev.maintenance4j.webflux;

import dev.maintenance4j.admin.route.EventSink;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * An event stream on a reactive server: frames queue for the response (at most {@value #QUEUED} for a client
 * that reads slowly, then it is dropped), and the stream ends when the client goes away or the API closes.
 */
final class ExchangeEventSink implements EventSink {

    private static final int QUEUED = 256;

    private final Sinks.Many<String> frames = Sinks.many()
            .unicast()
            .onBackpressureBuffer(Queues.<String>get(QUEUED).get());

    /** The frames, for the response body; one subscriber. */
    Flux<String> frames() {
        return frames.asFlux();
    }

    @Override
    public boolean send(String frame) {
        return frames.tryEmitNext(frame).isSuccess();
    }

    @Override
    public void close() {
        frames.tryEmitComplete();
    }
}
