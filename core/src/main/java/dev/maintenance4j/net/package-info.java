@NullMarked
package dev.maintenance4j.net;

import org.jspecify.annotations.NullMarked;
