@NullMarked
package dev.maintenance4j.operation;

import org.jspecify.annotations.NullMarked;
