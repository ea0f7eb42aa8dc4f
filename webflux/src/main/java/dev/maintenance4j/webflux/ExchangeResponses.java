package dev.maintenance4j.webflux;

import dev.maintenance4j.http.MaintenanceResponse;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes a {@link MaintenanceResponse} into a WebFlux exchange, as it is: nothing decided here. */
final class ExchangeResponses {

    private ExchangeResponses() {}

    /** Sets the status and headers, and writes the body unless the request is {@code HEAD}. */
    static Mono<Void> write(ServerWebExchange exchange, MaintenanceResponse answer) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        writeHead(response, answer);
        response.getHeaders().setContentLength(answer.body().length);
        if (answer.body().length == 0
                || HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
    }

    /** Sets the status and headers only, for a response whose body is streamed after them. */
    static void writeHead(ServerHttpResponse response, MaintenanceResponse answer) {
        response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
        for (MaintenanceResponse.Header header : answer.headers()) {
            response.getHeaders().add(header.name(), header.value());
        }
    }
}
