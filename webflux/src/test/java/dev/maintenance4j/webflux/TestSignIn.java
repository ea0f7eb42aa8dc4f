package dev.maintenance4j.webflux;

import java.security.Principal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * The application's own sign-in, as the tests fake it: header {@code X-Test-User: name:role1,role2} makes the
 * exchange's principal that user, as Spring Security would.
 */
final class TestSignIn {

    private TestSignIn() {}

    static WebFilter filter() {
        return (exchange, chain) -> {
            String user = exchange.getRequest().getHeaders().getFirst("X-Test-User");
            if (user == null) {
                return chain.filter(exchange);
            }
            String[] parts = user.split(":", 2);
            TestUser principal =
                    new TestUser(parts[0], parts.length > 1 ? Arrays.asList(parts[1].split(",")) : List.of());
            return chain.filter(new ServerWebExchangeDecorator(exchange) {
                @Override
                @SuppressWarnings("unchecked")
                public <T extends Principal> Mono<T> getPrincipal() {
                    return Mono.just((T) principal);
                }
            });
        };
    }

    /** The roles of a principal {@link #filter} made. */
    static Collection<String> roles(Principal principal) {
        return ((TestUser) principal).roles();
    }

    private record TestUser(String name, List<String> roles) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }
}
