@NullMarked
package dev.maintenance4j.spi;

import org.jspecify.annotations.NullMarked;
