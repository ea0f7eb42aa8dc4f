package dev.maintenance4j.http;

import java.util.Iterator;

/**
 * A request's header values by name, in the order they arrived, as each framework holds them: the one
 * view of headers the shared HTTP code reads, so it reads only the headers it names.
 */
@FunctionalInterface
public interface HeaderValues {

    /** The values of header {@code name} (case-insensitive), in order; empty when absent. */
    Iterator<String> values(String name);
}
