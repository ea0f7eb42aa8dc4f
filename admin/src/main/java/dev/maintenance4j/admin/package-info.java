/**
 * The admin REST API, the public status endpoint, the event stream and the admin page: {@link
 * dev.maintenance4j.admin.AdminApi} holds every rule over a framework-neutral {@link
 * dev.maintenance4j.admin.AdminRequest}; {@link dev.maintenance4j.admin.MaintenanceAdminServlet} serves it in
 * a servlet container, and the WebFlux module's handler on a reactive server.
 */
@NullMarked
package dev.maintenance4j.admin;

import org.jspecify.annotations.NullMarked;
