package dev.maintenance4j.decision;

import dev.maintenance4j.net.IpAddress;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The facts about a request that the {@link MaintenanceGate} decides on. Adapters (the servlet filter)
 * implement it over their native request so each fact is computed only if the gate asks for it.
 * Implementations should not throw; if one does, the gate treats that fact as absent.
 */
public interface MaintenanceRequest {

    /** The HTTP method, upper case. */
    String method();

    /** The decoded, normalised path within the application, starting with {@code /}. */
    String path();

    /** The client address, already resolved through trusted proxies; null when unknown. */
    @Nullable IpAddress clientAddress();

    /** The value of the bypass cookie, or null. */
    @Nullable String bypassCookie();

    /** The value of the secret query parameter, or null. */
    @Nullable String secretParameter();

    /** True when the authenticated user has this role. */
    boolean isUserInRole(String role);

    /** A plain request, for tests, tools and non-HTTP callers. */
    static Simple of(String method, String path) {
        return new Simple(method, path, null, null, null, Set.of());
    }

    /**
     * A request given by value.
     *
     * @param method          HTTP method
     * @param path            path
     * @param clientAddress   client address or null
     * @param bypassCookie    bypass cookie value or null
     * @param secretParameter secret query parameter or null
     * @param roles           the user's roles
     */
    record Simple(String method, String path, @Nullable IpAddress clientAddress, @Nullable String bypassCookie,
                  @Nullable String secretParameter, Set<String> roles) implements MaintenanceRequest {

        public Simple {
            roles = Set.copyOf(roles);
        }

        @Override
        public boolean isUserInRole(String role) {
            return roles.contains(role);
        }

        public Simple withClient(String address) {
            return new Simple(method, path, IpAddress.parse(address), bypassCookie, secretParameter, roles);
        }

        public Simple withCookie(@Nullable String cookie) {
            return new Simple(method, path, clientAddress, cookie, secretParameter, roles);
        }

        public Simple withSecretParameter(@Nullable String secret) {
            return new Simple(method, path, clientAddress, bypassCookie, secret, roles);
        }

        public Simple withRoles(String... userRoles) {
            return new Simple(method, path, clientAddress, bypassCookie, secretParameter, Set.of(userRoles));
        }
    }
}
