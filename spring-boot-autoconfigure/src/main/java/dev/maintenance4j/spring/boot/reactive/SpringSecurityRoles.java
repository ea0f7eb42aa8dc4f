package dev.maintenance4j.spring.boot.reactive;

import java.security.Principal;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The roles of a Spring Security user: its {@code ROLE_} authorities without the prefix. */
final class SpringSecurityRoles {

    private static final String PREFIX = "ROLE_";

    private SpringSecurityRoles() {}

    static Collection<String> of(Principal principal) {
        if (!(principal instanceof Authentication authentication)) {
            return List.of();
        }
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith(PREFIX))
                .map(authority -> authority.substring(PREFIX.length()))
                .toList();
    }
}
