/**
 * Notifications about maintenance: events turned into messages, delivered asynchronously with retries, and stale warnings.
 */
@NullMarked
package dev.maintenance4j.notify;

import org.jspecify.annotations.NullMarked;
