package dev.maintenance4j.decision;

import dev.maintenance4j.bypass.BypassSecret;
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
    @Nullable
    IpAddress clientAddress();

    /** The value of the bypass cookie, or null. */
    @Nullable
    String bypassCookie();

    /**
     * The bypass secret this request presents in its URL, or null: the secret query parameter if
     * present, else the path if it is a single segment ({@code /{secret}}); see
     * {@link #secretCandidate(String, String)}. Adapters return null to refuse secret attempts, for
     * example from a client that has made too many wrong ones.
     */
    @Nullable
    String secretCandidate();

    /**
     * The secret a URL presents: the query parameter's value when given, else the single path
     * segment of {@code /{secret}} when it could be a secret (length and characters checked, so the
     * gate never hashes ordinary paths like {@code /orders/42}).
     */
    static @Nullable String secretCandidate(String path, @Nullable String parameterValue) {
        if (parameterValue != null) {
            return parameterValue;
        }
        int length = path.length();
        if (length < BypassSecret.MIN_LENGTH + 1
                || length > BypassSecret.MAX_LENGTH + 1
                || path.charAt(0) != '/'
                || path.indexOf('/', 1) >= 0) {
            return null;
        }
        return path.substring(1);
    }

    /**
     * True when the raw request path could be routed differently from the decoded, normalised
     * {@link #path()} the gate sees (see {@link #isAmbiguous(String)}): during maintenance such a request
     * gets no path-based pass (exempt paths, unblocked operation classes, the secret URL).
     */
    default boolean ambiguousPath() {
        return false;
    }

    /**
     * True when a raw (undecoded) request path holds what servers and frameworks normalise differently:
     * {@code ;} path parameters ({@code /api/..;/actuator/health}), percent-encoded dots, slashes,
     * backslashes or percent signs ({@code %2e%2e}, {@code %2f}, {@code %5c}, {@code %25}), a backslash,
     * or an empty segment. The filter and the application could then disagree on where it goes.
     */
    static boolean isAmbiguous(String rawPath) {
        int n = rawPath.length();
        for (int i = 0; i < n; i++) {
            char c = rawPath.charAt(i);
            if (c == ';' || c == '\\') {
                return true;
            }
            if (c == '/' && i + 1 < n && rawPath.charAt(i + 1) == '/') {
                return true;
            }
            if (c == '%' && i + 2 < n) {
                char hi = rawPath.charAt(i + 1);
                char lo = Character.toLowerCase(rawPath.charAt(i + 2));
                if ((hi == '2' && (lo == 'e' || lo == 'f' || lo == '5')) || (hi == '5' && lo == 'c')) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when a secret candidate from the path looks like a file a browser fetches on its own
     * ({@code /apple-touch-icon-precomposed.png}, {@code /browserconfig.xml}): it is still checked, but a
     * miss is no secret attempt, so a browser's icon lookups never count against its client.
     */
    static boolean looksLikeFileName(String candidate) {
        int dot = candidate.lastIndexOf('.');
        if (dot < 1 || dot == candidate.length() - 1 || candidate.length() - dot - 1 > 12) {
            return false;
        }
        for (int i = dot + 1; i < candidate.length(); i++) {
            if (!Character.isLetterOrDigit(candidate.charAt(i))) {
                return false;
            }
        }
        return true;
    }

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
    record Simple(
            String method,
            String path,
            @Nullable IpAddress clientAddress,
            @Nullable String bypassCookie,
            @Nullable String secretParameter,
            Set<String> roles)
            implements MaintenanceRequest {

        @Override
        public @Nullable String secretCandidate() {
            return MaintenanceRequest.secretCandidate(path, secretParameter);
        }

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
