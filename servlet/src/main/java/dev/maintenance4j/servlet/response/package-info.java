/**
 * What blocked clients get: the HTML page, the JSON body, redirects, and the negotiation between them.
 */
@NullMarked
package dev.maintenance4j.servlet.response;

import org.jspecify.annotations.NullMarked;
