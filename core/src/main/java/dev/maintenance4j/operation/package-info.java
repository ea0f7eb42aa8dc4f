/**
 * Operation classes (READ, WRITE, ADMIN, custom), the rules that classify requests, and the classes each mode blocks.
 */
@NullMarked
package dev.maintenance4j.operation;

import org.jspecify.annotations.NullMarked;
