package dev.maintenance4j.decision;

import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.net.IpAddress;
import java.util.HashSet;
import java.util.List;
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
     * The value of the bypass-secret query parameter ({@link MaintenancePolicy#secretParameter()}), or
     * null. The gate takes the secret a URL presents from it, or from a single-segment path
     * ({@code /{secret}}): see {@link #secretCandidate(String, String)}.
     */
    default @Nullable String secretParameter() {
        return null;
    }

    /**
     * True when this client made too many wrong secret attempts lately: the secret it presents is then
     * not checked at all (guessing stays useless even when a guess is right). Adapters keep the count,
     * charging what {@link Decision#chargeSecretAttempt()} says; reading it changes nothing.
     */
    default boolean secretAttemptsLimited() {
        return false;
    }

    /** True when a user is signed in (emergency maintenance signs out those without an admin role). */
    default boolean signedIn() {
        return false;
    }

    /** True when the client asked to see the real maintenance response in test mode (the preview header). */
    default boolean previewRequested() {
        return false;
    }

    /** True when the request is on a route the adapter's write buffer accepts. */
    default boolean bufferedRoute() {
        return false;
    }

    /** True while the adapter's write buffer holds requests not yet replayed (new ones queue behind them). */
    default boolean writesWaiting() {
        return false;
    }

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
        return new Simple(method, path, null, null, null, Set.of(), Set.of());
    }

    /** The yes-or-no facts of a {@link Simple} request. */
    enum Flag {
        SIGNED_IN,
        PREVIEW_REQUESTED,
        BUFFERED_ROUTE,
        WRITES_WAITING,
        SECRET_ATTEMPTS_LIMITED
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
     * @param flags           the yes-or-no facts that hold
     */
    record Simple(
            String method,
            String path,
            @Nullable IpAddress clientAddress,
            @Nullable String bypassCookie,
            @Nullable String secretParameter,
            Set<String> roles,
            Set<Flag> flags)
            implements MaintenanceRequest {

        public Simple {
            roles = Set.copyOf(roles);
            flags = Set.copyOf(flags);
        }

        @Override
        public boolean isUserInRole(String role) {
            return roles.contains(role);
        }

        @Override
        public boolean signedIn() {
            return flags.contains(Flag.SIGNED_IN);
        }

        @Override
        public boolean previewRequested() {
            return flags.contains(Flag.PREVIEW_REQUESTED);
        }

        @Override
        public boolean bufferedRoute() {
            return flags.contains(Flag.BUFFERED_ROUTE);
        }

        @Override
        public boolean writesWaiting() {
            return flags.contains(Flag.WRITES_WAITING);
        }

        @Override
        public boolean secretAttemptsLimited() {
            return flags.contains(Flag.SECRET_ATTEMPTS_LIMITED);
        }

        public Simple withClient(String address) {
            return new Simple(method, path, IpAddress.parse(address), bypassCookie, secretParameter, roles, flags);
        }

        public Simple withCookie(@Nullable String cookie) {
            return new Simple(method, path, clientAddress, cookie, secretParameter, roles, flags);
        }

        public Simple withSecretParameter(@Nullable String secret) {
            return new Simple(method, path, clientAddress, bypassCookie, secret, roles, flags);
        }

        public Simple withRoles(String... userRoles) {
            return new Simple(method, path, clientAddress, bypassCookie, secretParameter, Set.of(userRoles), flags);
        }

        /** This request with these facts holding too. */
        public Simple with(Flag... more) {
            Set<Flag> all = new HashSet<>(flags);
            all.addAll(List.of(more));
            return new Simple(method, path, clientAddress, bypassCookie, secretParameter, roles, all);
        }
    }
}
