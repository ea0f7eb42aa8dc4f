@NullMarked
package dev.maintenance4j.time;

import org.jspecify.annotations.NullMarked;
