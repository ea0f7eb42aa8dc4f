package dev.maintenance4j.webflux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Request bodies read whole without blocking, up to a limit, and handed on when the application still wants them. */
final class ExchangeBodies {

    private ExchangeBodies() {}

    /** The body's first {@code limit} bytes at most (empty when there is none); the rest is not read. */
    static Mono<byte[]> read(ServerHttpRequest request, long limit) {
        return DataBufferUtils.join(DataBufferUtils.takeUntilByteCount(request.getBody(), limit))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0]);
    }

    /** The exchange with a body already read put back, for the application. */
    static ServerWebExchange withBody(ServerWebExchange exchange, byte[] body) {
        ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(
                        () -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
        return exchange.mutate().request(request).build();
    }
}
