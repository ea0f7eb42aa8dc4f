@NullMarked
package dev.maintenance4j.decision;

import org.jspecify.annotations.NullMarked;
