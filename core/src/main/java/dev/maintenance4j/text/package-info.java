/**
 * Text for people: failures described in words rather than class names, and HTML escaping for pages and
 * e-mails that show operators' reasons.
 */
@NullMarked
package dev.maintenance4j.text;

import org.jspecify.annotations.NullMarked;
