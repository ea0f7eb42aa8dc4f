/**
 * E-mail notifications over SMTP with Jakarta Mail.
 */
@NullMarked
package dev.maintenance4j.notify.email;

import org.jspecify.annotations.NullMarked;
