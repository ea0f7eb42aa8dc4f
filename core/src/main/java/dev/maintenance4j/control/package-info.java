@NullMarked
package dev.maintenance4j.control;

import org.jspecify.annotations.NullMarked;
