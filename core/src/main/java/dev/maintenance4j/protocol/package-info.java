/**
 * The admin protocol: the documents the admin API reads and answers with, as records written and read
 * with Jackson data binding by both the service and the CLI's admin-API client, so each is defined once.
 * {@link dev.maintenance4j.protocol.AdminProtocol} reads requests strictly (unknown fields, wrong types
 * and bad values are an {@link dev.maintenance4j.protocol.InvalidRequestException} naming the field) and
 * answers tolerantly (a newer service may add fields).
 */
@NullMarked
package dev.maintenance4j.protocol;

import org.jspecify.annotations.NullMarked;
