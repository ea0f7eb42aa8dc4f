/**
 * The admin REST API, the public status endpoint and the event stream, for any servlet application.
 */
@NullMarked
package dev.maintenance4j.admin;

import org.jspecify.annotations.NullMarked;
