/**
 * Signed JSON (or Slack-compatible) webhooks over the JDK HTTP client.
 */
@NullMarked
package dev.maintenance4j.notify.webhook;

import org.jspecify.annotations.NullMarked;
