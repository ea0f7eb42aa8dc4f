package dev.maintenance4j.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads one parameter from a raw query string without touching the request body (calling
 * {@code getParameter} on a form POST would consume it before the application sees it).
 */
public final class QueryStrings {

    private static final int MAX_LENGTH = 8192;

    private QueryStrings() {}

    /** The decoded value of the first {@code name=value} pair, or null if absent or malformed. */
    public static @Nullable String value(@Nullable String query, String name) {
        if (query == null || query.isEmpty() || query.length() > MAX_LENGTH) {
            return null;
        }
        int i = 0;
        int n = query.length();
        while (i < n) {
            int end = query.indexOf('&', i);
            if (end < 0) {
                end = n;
            }
            int eq = query.indexOf('=', i);
            if (eq > i && eq < end && query.regionMatches(i, name, 0, name.length()) && eq - i == name.length()) {
                try {
                    return URLDecoder.decode(query.substring(eq + 1, end), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            i = end + 1;
        }
        return null;
    }
}
