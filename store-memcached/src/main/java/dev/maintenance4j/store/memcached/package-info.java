/**
 * The Memcached state store (Xmemcached), polled.
 */
@NullMarked
package dev.maintenance4j.store.memcached;

import org.jspecify.annotations.NullMarked;
