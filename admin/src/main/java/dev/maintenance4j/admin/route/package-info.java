/**
 * One handler per admin API route. Each reads its request with the {@linkplain dev.maintenance4j.protocol
 * admin protocol}'s records and answers with them; {@link dev.maintenance4j.admin.AdminApi}
 * authenticates, routes by path and method, and turns refusals into error documents.
 */
@NullMarked
package dev.maintenance4j.admin.route;

import org.jspecify.annotations.NullMarked;
