package dev.maintenance4j.servlet.internal;

import dev.maintenance4j.servlet.OriginalRequestHeaders;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.Principal;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The request a proxy asks about, rebuilt from the headers it sends with its authorisation subrequest
 * (nginx {@code auth_request}, Caddy {@code forward_auth}, Traefik {@code ForwardAuth}) or from the
 * subrequest's own request line (Envoy {@code ext_authz}): the original method and URI, and optionally
 * the user and roles the proxy's own authentication found. Everything else
 * (cookies, {@code Accept}, forwarded client address and scheme) is the proxy's copy of the original
 * headers. The path is decoded and normalised as a servlet container would; the raw URI stays what
 * {@link #getRequestURI()} gives, so a path the upstream could route differently still gets no
 * path-based pass.
 */
public final class OriginalRequest extends HttpServletRequestWrapper {

    private final String method;
    private final String rawPath;
    private final String path;
    private final @Nullable String query;
    private final @Nullable String user;
    private final Set<String> roles;

    private OriginalRequest(
            HttpServletRequest request,
            String method,
            String rawPath,
            String path,
            @Nullable String query,
            @Nullable String user,
            Set<String> roles) {
        super(request);
        this.method = method;
        this.rawPath = rawPath;
        this.path = path;
        this.query = query;
        this.user = user;
        this.roles = roles;
    }

    /**
     * The original request of a proxy's subrequest.
     *
     * @param headers     the headers the proxy puts the original method (GET when absent) and URI in, or the
     *                    request line
     * @param userHeader  the header the proxy names its authenticated user in, or null for none
     * @param rolesHeader the header the proxy lists that user's roles in (comma-separated), or null
     * @throws IllegalArgumentException when the subrequest names no original URI, or a malformed one
     */
    public static OriginalRequest of(
            HttpServletRequest request,
            OriginalRequestHeaders headers,
            @Nullable String userHeader,
            @Nullable String rolesHeader) {
        String uriHeader = headers.uri();
        String uri = uriHeader == null ? requestLineUri(request) : header(request, uriHeader);
        if (uri == null) {
            throw new IllegalArgumentException("the proxy sent no original URI in "
                    + (uriHeader == null ? "the path after " + endpointPath(request) : uriHeader)
                    + ": configure the proxy as docs/proxies.md shows, or the endpoint for the headers it sends");
        }
        if (!uri.startsWith("/")) {
            throw new IllegalArgumentException("the original URI must start with '/', but was '" + shorten(uri) + "'");
        }
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        String path;
        try {
            path = new URI(rawPath).normalize().getPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the original URI is malformed: '" + shorten(uri) + "'");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("the original URI is malformed: '" + shorten(uri) + "'");
        }
        String methodHeader = headers.method();
        String method = methodHeader == null ? request.getMethod() : header(request, methodHeader);
        String user = userHeader == null ? null : header(request, userHeader);
        String rolesText = rolesHeader == null ? null : request.getHeader(rolesHeader);
        Set<String> roles = user == null || rolesText == null
                ? Set.of()
                : Arrays.stream(rolesText.split(","))
                        .map(String::strip)
                        .filter(role -> !role.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        return new OriginalRequest(request, method == null ? "GET" : method.strip(), rawPath, path, query, user, roles);
    }

    /** The path and query after the endpoint's own path (Envoy's {@code path_prefix}), raw, or null. */
    private static @Nullable String requestLineUri(HttpServletRequest request) {
        String endpoint = endpointPath(request);
        String raw = request.getRequestURI();
        if (!raw.startsWith(endpoint) || raw.length() == endpoint.length()) {
            return null;
        }
        String query = request.getQueryString();
        String rest = raw.substring(endpoint.length());
        return query == null ? rest : rest + "?" + query;
    }

    private static String endpointPath(HttpServletRequest request) {
        return request.getContextPath() + request.getServletPath();
    }

    private static @Nullable String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getRequestURI() {
        return rawPath;
    }

    @Override
    public StringBuffer getRequestURL() {
        return new StringBuffer(rawPath);
    }

    @Override
    public @Nullable String getQueryString() {
        return query;
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public String getServletPath() {
        return "";
    }

    @Override
    public String getPathInfo() {
        return path;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public @Nullable String getRemoteUser() {
        return user;
    }

    @Override
    public @Nullable Principal getUserPrincipal() {
        String name = user;
        return name == null ? null : () -> name;
    }

    @Override
    public boolean isUserInRole(String role) {
        return roles.contains(role);
    }
}
