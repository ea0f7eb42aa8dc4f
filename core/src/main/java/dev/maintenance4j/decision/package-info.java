/**
 * The pure decision engine: a request and a state in, a {@link dev.maintenance4j.decision.Decision} out, no I/O.
 */
@NullMarked
package dev.maintenance4j.decision;

import org.jspecify.annotations.NullMarked;
