package dev.maintenance4j.admin;

import org.jspecify.annotations.Nullable;

/**
 * Decides who may use the admin API. Implementations: {@link BearerTokenAuthenticator} for configured
 * tokens; framework integrations add their own (Spring Security authorities).
 */
@FunctionalInterface
public interface AdminAuthenticator {

    /**
     * @return the name of the authenticated admin, recorded as the actor of changes; null when the
     *         request is not from an admin
     */
    @Nullable
    String authenticate(AdminRequest request);

    /** This authenticator, or else the other one. */
    default AdminAuthenticator or(AdminAuthenticator other) {
        return request -> {
            String name = authenticate(request);
            return name != null ? name : other.authenticate(request);
        };
    }
}
