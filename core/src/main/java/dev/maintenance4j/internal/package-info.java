@NullMarked
package dev.maintenance4j.internal;

import org.jspecify.annotations.NullMarked;
