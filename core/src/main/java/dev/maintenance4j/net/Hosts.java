package dev.maintenance4j.net;

import java.net.InetAddress;

/** This machine's name, for instance ids, audit origins and notifications. */
public final class Hosts {

    private Hosts() {}

    /** The local host name, else {@code $HOSTNAME}, else {@code localhost}. */
    public static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }
}
