/**
 * The JDBC state store (PostgreSQL with LISTEN/NOTIFY; any JDBC database by polling).
 */
@NullMarked
package dev.maintenance4j.store.jdbc;

import org.jspecify.annotations.NullMarked;
