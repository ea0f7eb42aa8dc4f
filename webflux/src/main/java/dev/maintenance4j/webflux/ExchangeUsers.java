package dev.maintenance4j.webflux;

import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Who sent an exchange, as both WebFilters read it: the application's principal and its roles. */
final class ExchangeUsers {

    private ExchangeUsers() {}

    /** The signed-in user, resolved without blocking; empty when anonymous. */
    static Mono<Optional<Principal>> principal(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    /** The user's roles as the application's function reads them; none when anonymous or unreadable. */
    static Collection<String> roles(Function<Principal, Collection<String>> roles, @Nullable Principal principal) {
        if (principal == null) {
            return List.of();
        }
        try {
            return roles.apply(principal);
        } catch (RuntimeException e) {
            return List.of(); // a role we can not read is a role the user does not have
        }
    }
}
