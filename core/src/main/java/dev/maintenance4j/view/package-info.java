@NullMarked
package dev.maintenance4j.view;

import org.jspecify.annotations.NullMarked;
