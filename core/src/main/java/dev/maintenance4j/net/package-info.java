/**
 * IPv4 and IPv6 addresses, CIDR blocks and compiled allow-lists, parsed without regular expressions or name lookups.
 */
@NullMarked
package dev.maintenance4j.net;

import org.jspecify.annotations.NullMarked;
