package dev.maintenance4j.admin;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Keeps other sites from changing maintenance through a signed-in admin's browser. Bearer tokens can
 * not be sent cross-site without a CORS preflight (which the API never grants), but admin roles from a
 * session cookie can: so every state-changing call must be JSON (a plain HTML form or a "simple"
 * cross-site request can not send {@code application/json}), and a browser's own word on where the
 * call comes from ({@code Sec-Fetch-Site}, else {@code Origin}) must be this site.
 */
final class CrossSiteRequests {

    private CrossSiteRequests() {}

    /** True for {@code application/json}, with or without parameters such as {@code charset}. */
    static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    /**
     * Why a state-changing call is refused as cross-site, or null when it may go on: a browser that says
     * {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or (older browsers) an
     * {@code Origin} whose host differs from the request's {@code Host} (or a proxy's
     * {@code X-Forwarded-Host}). Non-browser clients send neither and go on.
     */
    static @Nullable String refusal(AdminRequest request) {
        String site = request.header("Sec-Fetch-Site");
        if (site != null) {
            String s = site.strip().toLowerCase(Locale.ROOT);
            return s.equals("same-origin") || s.equals("none")
                    ? null
                    : "cross-site requests may not change maintenance (Sec-Fetch-Site: " + s
                            + "); use the admin page of this service";
        }
        String origin = request.header("Origin");
        if (origin == null) {
            return null;
        }
        String originHost = authority(origin);
        String host = request.header("Host");
        String forwardedHost = request.header("X-Forwarded-Host");
        if (originHost != null
                && (originHost.equalsIgnoreCase(strip(host)) || originHost.equalsIgnoreCase(strip(forwardedHost)))) {
            return null;
        }
        return "cross-site requests may not change maintenance (Origin: " + origin
                + "); use the admin page of this service";
    }

    /** {@code host[:port]} of an origin such as {@code https://ops.example.com:8443}, or null when it is not one. */
    private static @Nullable String authority(String origin) {
        int scheme = origin.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        String rest = origin.substring(scheme + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static @Nullable String strip(@Nullable String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
