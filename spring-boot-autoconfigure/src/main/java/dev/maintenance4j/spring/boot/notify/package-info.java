/**
 * Notifications configured from {@code maintenance.notifications.*}.
 */
@NullMarked
package dev.maintenance4j.spring.boot.notify;

import org.jspecify.annotations.NullMarked;
