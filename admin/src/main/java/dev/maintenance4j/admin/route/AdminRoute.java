package dev.maintenance4j.admin.route;

import java.io.IOException;

/** Answers one admin API route for an authenticated admin. */
@FunctionalInterface
public interface AdminRoute {

    /**
     * Answers the call.
     *
     * @throws dev.maintenance4j.protocol.InvalidRequestException for a bad request (400 naming the field)
     * @throws NotConfiguredException when the service lacks what the route needs (404)
     */
    void handle(AdminCall call) throws IOException;
}
