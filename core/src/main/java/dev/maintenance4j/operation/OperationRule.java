package dev.maintenance4j.operation;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Classifies requests whose method is in {@code methods} (any method when empty) and whose path
 * matches {@code path} as {@code operationClass}.
 *
 * @param methods        upper-case HTTP methods; empty means any
 * @param path           the path pattern
 * @param operationClass the class given to matching requests
 */
public record OperationRule(Set<String> methods, PathPattern path, OperationClass operationClass) {

    public OperationRule {
        methods = methods.stream().map(m -> m.strip().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        for (String method : methods) {
            if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                throw new IllegalArgumentException("HTTP method must be letters only, but was '" + method + "'");
            }
        }
    }

    /**
     * Parses {@code "POST,PUT /api/exports/** = EXPORT"} or {@code "/admin/** = ADMIN"} (the form used
     * in properties files).
     *
     * @throws IllegalArgumentException naming the malformed rule
     */
    public static OperationRule parse(String rule) {
        int eq = rule.lastIndexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException(
                    "operation rule '" + rule + "' must look like '[METHODS] /path/** = CLASS'");
        }
        String left = rule.substring(0, eq).strip();
        String className = rule.substring(eq + 1).strip();
        int space = left.indexOf(' ');
        Set<String> methods =
                space < 0 ? Set.of() : Set.of(left.substring(0, space).split(","));
        String path = space < 0 ? left : left.substring(space + 1).strip();
        OperationClass operationClass = switch (className) {
            case "READ" -> OperationClass.READ;
            case "WRITE" -> OperationClass.WRITE;
            case "ADMIN" -> OperationClass.ADMIN;
            default -> OperationClass.of(className, className);
        };
        return new OperationRule(methods, PathPattern.of(path), operationClass);
    }

    /** True when this rule covers the request. */
    public boolean matches(String method, String requestPath) {
        return (methods.isEmpty() || methods.contains(method)) && path.matches(requestPath);
    }
}
