package dev.maintenance4j.gateway;

import dev.maintenance4j.operation.PathPattern;
import java.util.Locale;

/**
 * A route as the gateway's options name one: a method and a path pattern, {@code 'POST /api/orders/**'}.
 *
 * @param method the HTTP method, upper case
 * @param path   the path pattern as given ({@code *} one segment, {@code **} any rest)
 */
record Route(String method, String path, PathPattern pattern) {

    /** @throws IllegalArgumentException saying what a route looks like */
    static Route parse(String route) {
        String[] parts = route.strip().split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException(
                    "a route is a method and a path, such as 'POST /api/orders', not '" + route + "'");
        }
        return new Route(parts[0].toUpperCase(Locale.ROOT), parts[1], PathPattern.of(parts[1]));
    }

    boolean matches(String method, String path) {
        return this.method.equals(method) && pattern.matches(path);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
