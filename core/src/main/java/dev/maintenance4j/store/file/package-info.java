@NullMarked
package dev.maintenance4j.store.file;

import org.jspecify.annotations.NullMarked;
