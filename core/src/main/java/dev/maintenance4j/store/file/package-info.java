/**
 * The file state store: one JSON file with atomic writes, a lock file, backups and an audit log.
 */
@NullMarked
package dev.maintenance4j.store.file;

import org.jspecify.annotations.NullMarked;
