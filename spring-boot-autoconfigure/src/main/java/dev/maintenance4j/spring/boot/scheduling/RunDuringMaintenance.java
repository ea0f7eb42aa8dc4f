package dev.maintenance4j.spring.boot.scheduling;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @Scheduled} method (or every one of a class) that keeps running while maintenance is
 * in force, and is never interrupted in an emergency: cache warmers, heartbeats, the jobs that do the
 * maintenance itself. Unmarked scheduled methods are skipped during maintenance.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RunDuringMaintenance {}
