package dev.maintenance4j.example;

import java.time.Instant;

/**
 * An order.
 *
 * @param id        assigned by the service
 * @param item      what was ordered
 * @param quantity  how many
 * @param createdAt when
 */
public record Order(long id, String item, int quantity, Instant createdAt) {}
