/**
 * Ahead-of-time processing: the resources and reflection maintenance4j needs at run time, declared for
 * Spring AOT and GraalVM native images.
 */
@NullMarked
package dev.maintenance4j.spring.boot.aot;

import org.jspecify.annotations.NullMarked;
