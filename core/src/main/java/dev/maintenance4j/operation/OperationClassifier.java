package dev.maintenance4j.operation;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a request (method, path) to its {@link OperationClass}: the first matching custom rule, else
 * {@link OperationClass#ADMIN} for the admin paths, else {@link OperationClass#READ} for safe methods and
 * {@link OperationClass#WRITE} for the rest. Immutable and allocation-free per request.
 */
public final class OperationClassifier {

    private final OperationRule[] rules;
    private final PathPattern[] adminPaths;

    private OperationClassifier(List<OperationRule> rules, List<PathPattern> adminPaths) {
        this.rules = rules.toArray(OperationRule[]::new);
        this.adminPaths = adminPaths.toArray(PathPattern[]::new);
    }

    public static OperationClassifier of(List<OperationRule> rules, List<PathPattern> adminPaths) {
        return new OperationClassifier(List.copyOf(rules), List.copyOf(adminPaths));
    }

    public OperationClass classify(String method, String path) {
        for (OperationRule rule : rules) {
            if (rule.matches(method, path)) {
                return rule.operationClass();
            }
        }
        for (PathPattern adminPath : adminPaths) {
            if (adminPath.matches(path)) {
                return OperationClass.ADMIN;
            }
        }
        return isSafe(method) ? OperationClass.READ : OperationClass.WRITE;
    }

    /** Every class this classifier can return, for status pages and metrics. */
    public List<OperationClass> classes() {
        List<OperationClass> all =
                new ArrayList<>(List.of(OperationClass.READ, OperationClass.WRITE, OperationClass.ADMIN));
        for (OperationRule rule : rules) {
            if (!all.contains(rule.operationClass())) {
                all.add(rule.operationClass());
            }
        }
        return List.copyOf(all);
    }

    public List<OperationRule> rules() {
        return List.of(rules);
    }

    public List<PathPattern> adminPaths() {
        return List.of(adminPaths);
    }

    /** True for the methods that only read: GET, HEAD, OPTIONS, TRACE. */
    public static boolean isSafe(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }
}
