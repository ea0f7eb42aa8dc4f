/**
 * Real servers for tests, started from installed binaries by JUnit extensions.
 */
package dev.maintenance4j.testing.servers;
