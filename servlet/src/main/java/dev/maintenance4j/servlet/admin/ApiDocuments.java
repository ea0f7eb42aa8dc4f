package dev.maintenance4j.servlet.admin;

import dev.maintenance4j.HistoryEntry;
import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.buffer.BufferStats;
import dev.maintenance4j.buffer.BufferedRecord;
import dev.maintenance4j.buffer.DeadLetter;
import dev.maintenance4j.operation.OperationClass;
import dev.maintenance4j.servlet.buffer.BufferedRequest;
import dev.maintenance4j.servlet.buffer.RequestBuffer;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.stats.BlockedAttempts;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON documents the admin API and the public status endpoint answer with. */
final class ApiDocuments {

    private ApiDocuments() {}

    /** What a frontend banner needs, nothing more: safe to serve to anyone. */
    static ObjectNode publicStatus(MaintenanceState state, Instant now) {
        ObjectNode node = JsonMapper.shared().createObjectNode();
        boolean active = state.isActiveAt(now);
        node.put("active", active);
        node.put("mode", active ? state.mode().id() : null);
        node.put("message", state.enabled() ? state.reason() : null);
        node.put(
                "until",
                state.enabled() && state.until() != null ? state.until().toString() : null);
        if (state.isScheduledAt(now)) {
            ObjectNode upcoming = node.putObject("upcoming");
            upcoming.put(
                    "startsAt",
                    Objects.requireNonNull(state.startsAt(), "a scheduled state has a start")
                            .toString());
            upcoming.put("until", state.until() == null ? null : state.until().toString());
            upcoming.put("mode", state.mode().id());
        } else {
            node.putNull("upcoming");
        }
        node.put("version", state.version());
        return node;
    }

    /** The full status for admins. */
    static ObjectNode status(Maintenance maintenance, Instant now) {
        MaintenanceState state = maintenance.state();
        ObjectNode node = JsonMapper.shared().valueToTree(MaintenanceStatus.of(state, now));
        node.put("message", state.reason());
        node.put(
                "estimatedCompletion",
                state.enabled() && state.until() != null ? state.until().toString() : null);
        node.set("blockedOperations", blockedOperations(maintenance, now));
        ObjectNode store = node.putObject("store");
        store.put("description", maintenance.view().store().describe());
        store.put("reachable", maintenance.view().storeReachable());
        store.put(
                "lastRead",
                maintenance.view().lastRead() == null
                        ? null
                        : maintenance.view().lastRead().toString());
        store.put("lastFailure", maintenance.view().lastFailure());
        try {
            node.set("instances", instances(maintenance.instances(), now));
        } catch (RuntimeException e) {
            node.putArray("instances");
        }
        return node;
    }

    /** Per operation class: whether the current mode blocks it, and the attempts counted. */
    static ArrayNode blockedOperations(Maintenance maintenance, Instant now) {
        MaintenanceState state = maintenance.state();
        ArrayNode array = JsonMapper.shared().createArrayNode();
        List<OperationClass> classes = maintenance.gate().policy().classifier().classes();
        for (OperationClass operationClass : classes) {
            ObjectNode node = array.addObject();
            node.put("operationClass", operationClass.name());
            node.put("description", operationClass.description());
            node.put(
                    "blocked",
                    state.isActiveAt(now)
                            && maintenance
                                    .gate()
                                    .policy()
                                    .blockedIn(state.mode())
                                    .blocks(operationClass));
            node.put(
                    "blockedSince",
                    state.isActiveAt(now) && state.since() != null
                            ? state.since().toString()
                            : null);
            BlockedAttempts.Snapshot attempts = maintenance.blockedAttempts().snapshot(operationClass, now);
            node.put("attempts", attempts == null ? 0 : attempts.total());
            node.put("lastMinute", attempts == null ? 0 : attempts.lastMinute());
            node.put(
                    "firstBlockedAt",
                    attempts == null ? null : attempts.firstBlockedAt().toString());
            node.put(
                    "lastBlockedAt",
                    attempts == null ? null : attempts.lastBlockedAt().toString());
            ArrayNode perMinute = node.putArray("perMinute");
            if (attempts != null) {
                attempts.perMinute().forEach(perMinute::add);
            }
        }
        return array;
    }

    static ArrayNode instances(List<InstanceReport> reports, Instant now) {
        ArrayNode array = JsonMapper.shared().createArrayNode();
        for (InstanceReport r : reports) {
            array.add(((ObjectNode) JsonMapper.shared().readTree(StateFormat.encodeInstance(r)))
                    .put("live", r.isLiveAt(now)));
        }
        return array;
    }

    static JsonNode history(List<AuditRecord> records) {
        return JsonMapper.shared()
                .valueToTree(records.stream().map(HistoryEntry::of).toList());
    }

    static ObjectNode buffer(RequestBuffer requestBuffer, Instant now) {
        BufferStats stats = requestBuffer.stats();
        ObjectNode node = JsonMapper.shared().createObjectNode();
        node.put("pending", stats.pending());
        node.put("bytes", stats.bytes());
        node.put(
                "oldestPendingAt",
                stats.oldestPendingAt() == null ? null : stats.oldestPendingAt().toString());
        node.put("oldestPendingAgeSeconds", stats.oldestPendingAge(now).toSeconds());
        node.put("appendedThrough", stats.appendedThrough());
        node.put("drainedThrough", stats.drainedThrough());
        node.put("draining", stats.draining());
        node.put("drained", stats.drained());
        node.put("duplicatesSkipped", stats.duplicatesSkipped());
        node.put("deadLetters", stats.deadLetters());
        node.put("drainRatePerSecond", Math.round(stats.drainRatePerSecond() * 10) / 10.0);
        node.put("drainProgress", Math.round(stats.drainProgress() * 1000) / 1000.0);
        node.put("lastError", stats.lastError());
        node.put("failure", stats.failure());
        ArrayNode routes = node.putArray("routes");
        requestBuffer.routes().forEach(route -> routes.add(route.toString()));
        return node;
    }

    static ArrayNode deadLetters(List<DeadLetter> letters) {
        ArrayNode array = JsonMapper.shared().createArrayNode();
        for (DeadLetter letter : letters) {
            BufferedRecord record = letter.record();
            ObjectNode node = array.addObject();
            node.put("position", record.position());
            node.put("idempotencyKey", record.idempotencyKey());
            node.put("acceptedAt", record.appendedAt().toString());
            node.put("deadAt", letter.deadAt().toString());
            node.put("attempts", letter.attempts());
            node.put("lastError", letter.lastError());
            try {
                BufferedRequest request = BufferedRequest.decode(record);
                node.put(
                        "idempotencyKey",
                        request.idempotencyKey()); // the client's own, not the scoped one the buffer keeps
                node.put("method", request.method());
                node.put("path", request.path());
                node.put("principal", request.principal());
                node.put("bodyBytes", request.body().length);
            } catch (IOException | RuntimeException e) {
                node.put("bodyBytes", record.payload().length);
            }
        }
        return array;
    }
}
