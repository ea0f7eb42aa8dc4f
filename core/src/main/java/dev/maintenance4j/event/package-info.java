@NullMarked
package dev.maintenance4j.event;

import org.jspecify.annotations.NullMarked;
