/**
 * Who the client is: the socket peer, or the forwarded address behind trusted proxies.
 */
@NullMarked
package dev.maintenance4j.servlet.client;

import org.jspecify.annotations.NullMarked;
