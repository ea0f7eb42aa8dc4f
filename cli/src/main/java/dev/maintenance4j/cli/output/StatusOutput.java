package dev.maintenance4j.cli.output;

import dev.maintenance4j.HistoryEntry;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.protocol.InstanceStatus;
import dev.maintenance4j.spi.InstanceReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Prints states and history, as a short aligned summary for people or as JSON for scripts. */
public final class StatusOutput {

    private StatusOutput() {}

    /** The status document, as JSON. */
    public static ObjectNode json(MaintenanceStatus status) {
        return JsonMapper.shared().valueToTree(status);
    }

    public static void printJson(PrintWriter out, Object node) {
        out.println(JsonMapper.shared().writeValueAsString(node));
    }

    /** A summary like {@code Maintenance  ON (full) since ...}. */
    public static void printHuman(PrintWriter out, MaintenanceStatus s, Instant now, String store) {
        String headline;
        if (s.active()) {
            headline = "ON (" + s.mode() + ")" + (s.since() != null ? " since " + s.since() : "");
        } else if (s.scheduled()) {
            headline = "SCHEDULED (" + s.mode() + ") from " + s.startsAt() + " (in "
                    + human(Duration.between(now, s.startsAt())) + ")";
        } else if (s.enabled()) {
            headline = "OFF (window ended " + s.until() + ")";
        } else {
            headline = "OFF";
        }
        row(out, "Maintenance", headline);
        if (s.enabled()) {
            if (s.reason() != null) {
                row(out, "Reason", s.reason());
            }
            if (s.until() != null && now.isBefore(s.until())) {
                row(out, "Until", s.until() + " (in " + human(Duration.between(now, s.until())) + ")");
            }
            if (s.retryAfterSeconds() != null) {
                row(out, "Retry after", s.retryAfterSeconds() + "s");
            }
            if (s.refreshSeconds() != null) {
                row(out, "Refresh", s.refreshSeconds() + "s");
            }
            if (s.redirect() != null) {
                row(out, "Redirect", s.redirect());
            }
            if (s.statusCode() != 503) {
                row(out, "Status code", Integer.toString(s.statusCode()));
            }
            row(
                    out,
                    "Secret",
                    s.secretFingerprint() == null ? "none" : "set (fingerprint " + s.secretFingerprint() + ")");
        }
        row(out, "Allowed", s.allowed().isEmpty() ? "none" : String.join(", ", s.allowed()));
        row(out, "Version", s.version() + (s.actor() != null ? " (by " + s.actor() + ")" : ""));
        row(out, "Store", store);
    }

    /**
     * What a change did to a running maintenance, one item per setting, such as
     * {@code retry-after 60s → 120s}; empty when none of the settings people see changed.
     */
    public static List<String> changes(MaintenanceStatus before, MaintenanceStatus after) {
        List<String> changes = new ArrayList<>();
        change(changes, "mode", before.mode(), after.mode());
        change(changes, "reason", quoted(before.reason()), quoted(after.reason()));
        change(changes, "start", before.startsAt(), after.startsAt());
        change(changes, "until", before.until(), after.until());
        if (before.until() == null && after.until() == null) {
            change(changes, "retry-after", seconds(before.retryAfterSeconds()), seconds(after.retryAfterSeconds()));
        }
        change(changes, "refresh", seconds(before.refreshSeconds()), seconds(after.refreshSeconds()));
        change(changes, "redirect", before.redirect(), after.redirect());
        change(changes, "status code", before.statusCode(), after.statusCode());
        change(
                changes,
                "allowed",
                before.allowed().isEmpty() ? null : String.join(", ", before.allowed()),
                after.allowed().isEmpty() ? null : String.join(", ", after.allowed()));
        if (!Objects.equals(before.secretFingerprint(), after.secretFingerprint())) {
            changes.add(
                    after.secretFingerprint() == null
                            ? "secret removed"
                            : before.secretFingerprint() == null ? "secret set" : "secret replaced");
        }
        return changes;
    }

    private static void change(List<String> changes, String name, @Nullable Object before, @Nullable Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(name + " " + (before == null ? "none" : before) + " → " + (after == null ? "none" : after));
        }
    }

    private static @Nullable String quoted(@Nullable String text) {
        return text == null ? null : "\"" + text + "\"";
    }

    private static @Nullable String seconds(@Nullable Long seconds) {
        return seconds == null ? null : seconds + "s";
    }

    /** Instance reports as JSON, as the admin API writes them. */
    public static JsonNode instancesJson(List<InstanceReport> instances, Instant now) {
        return JsonMapper.shared().valueToTree(InstanceStatus.of(instances, now));
    }

    /** Live instances, one line each. */
    public static void printInstances(PrintWriter out, List<InstanceReport> instances, long version, Instant now) {
        List<InstanceReport> live =
                instances.stream().filter(r -> r.isLiveAt(now)).toList();
        if (live.isEmpty()) {
            return;
        }
        boolean allApplied = live.stream().allMatch(r -> r.appliedVersion() >= version);
        row(
                out,
                "Instances",
                live.size() + " live"
                        + (allApplied ? ", all on version " + version : ", NOT all on version " + version));
        for (InstanceReport r : live) {
            out.printf(
                    "             %s (%s): version %d, %d blocked writes in flight, %d buffered writes, seen %s ago%n",
                    r.id(),
                    r.host(),
                    r.appliedVersion(),
                    r.inFlightBlocked(),
                    r.bufferedWrites(),
                    human(Duration.between(r.lastSeen(), now)));
        }
        long buffered = live.stream().mapToLong(InstanceReport::bufferedWrites).sum();
        if (buffered > 0) {
            row(out, "Buffered", buffered + " write(s) waiting in write buffers, replayed when maintenance ends");
        }
    }

    /** History as an aligned table, newest first. */
    public static void printHistory(PrintWriter out, List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            out.println("No changes recorded.");
            return;
        }
        String format = "%-8s %-24s %-14s %-28s %s%n";
        out.printf(format, "VERSION", "AT", "ACTION", "ACTOR", "CHANGE");
        for (HistoryEntry e : entries) {
            out.printf(
                    format,
                    e.version(),
                    e.at(),
                    e.action(),
                    e.actor() + " (" + e.origin() + ")",
                    summary(e.before()) + " -> " + summary(e.after()));
        }
    }

    private static String summary(MaintenanceStatus s) {
        if (!s.enabled()) {
            return s.allowed().isEmpty() ? "off" : "off, " + s.allowed().size() + " allowed";
        }
        StringBuilder sb = new StringBuilder(s.mode());
        if (s.reason() != null) {
            sb.append(" \"")
                    .append(s.reason().length() > 40 ? s.reason().substring(0, 37) + "..." : s.reason())
                    .append('"');
        }
        if (s.startsAt() != null) {
            sb.append(" from ").append(s.startsAt());
        }
        if (s.until() != null) {
            sb.append(" until ").append(s.until());
        }
        if (!s.allowed().isEmpty()) {
            sb.append(", ").append(s.allowed().size()).append(" allowed");
        }
        return sb.toString();
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-12s %s%n", label, value);
    }

    /** 1d 2h 5m 3s style, to the second. */
    public static String human(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        long[] values = {seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (values[i] > 0) {
                sb.append(sb.length() > 0 ? " " : "").append(values[i]).append(units[i]);
            }
        }
        return sb.length() == 0 ? "0s" : sb.toString();
    }
}
