package dev.maintenance4j.admin;

import dev.maintenance4j.http.HeaderValues;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One request to the admin API as {@link AdminApi} sees it, whatever the server: each web adapter (the
 * servlet, the WebFlux handler) translates its own request into this and nothing more.
 */
public interface AdminRequest {

    /** The HTTP method, upper case. */
    String method();

    /** The path below where the API is mounted: {@code /}, {@code /status.json}, {@code /api/status}. */
    String path();

    /** The first value of a request header, or null. */
    @Nullable
    String header(String name);

    /** Every value of every request header, for the client's address behind trusted proxies. */
    HeaderValues headers();

    /** A query parameter's first value, or null. */
    @Nullable
    String queryParameter(String name);

    /** The socket peer's address as text. */
    String remoteAddr();

    /**
     * The request body, at most {@code maxBytes + 1} bytes (so a caller sees when it is too long). Read once.
     */
    byte[] body(int maxBytes) throws IOException;

    /** The name of the user the application signed in (its own sign-in, such as Spring Security), or null. */
    @Nullable
    String remoteUser();

    /** True when the application's signed-in user has this role. */
    boolean isUserInRole(String role);
}
