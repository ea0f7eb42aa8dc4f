@NullMarked
package dev.maintenance4j.bypass;

import org.jspecify.annotations.NullMarked;
