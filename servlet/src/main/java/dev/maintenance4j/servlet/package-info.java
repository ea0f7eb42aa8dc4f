/**
 * The Jakarta Servlet filter that puts an application behind maintenance.
 */
@NullMarked
package dev.maintenance4j.servlet;

import org.jspecify.annotations.NullMarked;
