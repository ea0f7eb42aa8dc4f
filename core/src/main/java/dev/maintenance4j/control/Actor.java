package dev.maintenance4j.control;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Who makes a change and from where, for the audit log.
 *
 * @param name   user, token or principal name
 * @param origin host name, client address or tool
 */
public record Actor(String name, String origin) {

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        if (name.isBlank()) {
            throw new IllegalArgumentException("actor name must not be blank");
        }
    }

    /** The operating-system user on this host, for command-line tools. */
    public static Actor currentUser(String tool) {
        String user = System.getProperty("user.name", "unknown");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return new Actor(user, tool + "@" + host);
    }
}
