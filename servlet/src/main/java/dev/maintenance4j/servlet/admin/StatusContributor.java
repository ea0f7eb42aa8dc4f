package dev.maintenance4j.servlet.admin;

import tools.jackson.databind.node.ObjectNode;

/**
 * Adds facts from outside the servlet module to the admin status document, such as the number of
 * background jobs running (Spring scheduling) or the instances of a cluster.
 */
@FunctionalInterface
public interface StatusContributor {

    /** Adds fields to the status document; called on every status request and status event. */
    void contribute(ObjectNode status);
}
