package dev.maintenance4j.control;

import dev.maintenance4j.net.Hosts;
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
        return new Actor(System.getProperty("user.name", "unknown"), tool + "@" + Hosts.localName());
    }
}
