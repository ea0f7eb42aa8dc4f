package dev.maintenance4j.decision;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.CookieKey;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.operation.BlockedClasses;
import dev.maintenance4j.operation.OperationClass;
import dev.maintenance4j.operation.OperationClassifier;
import dev.maintenance4j.operation.OperationRule;
import dev.maintenance4j.operation.PathPattern;
import dev.maintenance4j.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The deployment's rules for deciding requests: which paths are exempt, how requests are classified,
 * which classes each mode blocks, which roles are admins, and how long bypass cookies live. Immutable;
 * build with {@link #ofDefaults()}, {@link #custom()} or {@link #from(MaintenancePolicy)}.
 */
public final class MaintenancePolicy {

    /**
     * Exempt by default, as comma-separated text for configuration defaults: the maintenance admin page,
     * API and public status; the actuator (health checks and metric scrapes go on during maintenance; its
     * endpoints are secured on their own); {@code /health}.
     */
    public static final String DEFAULT_EXEMPT_PATHS_TEXT = "/maintenance/**,/actuator/**,/health";
    /** {@link #DEFAULT_EXEMPT_PATHS_TEXT} as a list: the one place the default is written. */
    public static final List<String> DEFAULT_EXEMPT_PATHS = List.of(DEFAULT_EXEMPT_PATHS_TEXT.split(","));

    private final List<PathPattern> exemptPaths;
    private final OperationClassifier classifier;
    private final Map<Mode, BlockedClasses> blocked;
    private final List<String> adminRoles;
    private final String secretParameter;
    private final Duration bypassCookieLifetime;
    private final @Nullable CookieKey cookieKey;
    private final @Nullable Duration defaultRetryAfter;
    private final PathPattern[] exemptArray;
    private final String[] adminRoleArray;
    private final Builder builderCopy;

    private MaintenancePolicy(Builder b) {
        this.exemptPaths = List.copyOf(b.exemptPaths);
        this.classifier = OperationClassifier.of(b.rules, b.adminPaths);
        this.blocked = Map.copyOf(b.blocked);
        this.adminRoles = List.copyOf(b.adminRoles);
        this.secretParameter = b.secretParameter;
        this.bypassCookieLifetime = b.bypassCookieLifetime;
        this.cookieKey = b.cookieKey;
        this.defaultRetryAfter = b.defaultRetryAfter;
        this.exemptArray = exemptPaths.toArray(PathPattern[]::new);
        this.adminRoleArray = adminRoles.toArray(String[]::new);
        this.builderCopy = b.copy();
    }

    /** Default exempt paths, method-based classes, the blocked classes listed on {@link Mode}, no admin roles. */
    public static MaintenancePolicy ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from another policy's values. */
    public static Builder from(MaintenancePolicy base) {
        return base.builderCopy.copy();
    }

    public List<PathPattern> exemptPaths() {
        return exemptPaths;
    }

    public OperationClassifier classifier() {
        return classifier;
    }

    public BlockedClasses blockedIn(Mode mode) {
        return Objects.requireNonNull(blocked.get(mode), "every mode has its blocked classes");
    }

    public List<String> adminRoles() {
        return adminRoles;
    }

    /** The query parameter that may carry the bypass secret ({@code maintenance_secret}). */
    public String secretParameter() {
        return secretParameter;
    }

    /**
     * The server-side key bypass cookies are signed with (together with the secret's verifier), or null
     * when none is configured: then whoever can read the state store could sign cookies.
     */
    public @Nullable CookieKey cookieKey() {
        return cookieKey;
    }

    /** The {@code Retry-After} a maintenance started through this service gets unless one is given; null for none. */
    public @Nullable Duration defaultRetryAfter() {
        return defaultRetryAfter;
    }

    public Duration bypassCookieLifetime() {
        return bypassCookieLifetime;
    }

    /**
     * True when a request is one of the application's writes (not a safe method, not on an exempt path such
     * as the admin API or a health check): what adapters count as writes in flight for {@code down --wait}.
     * Adapters compute the path only for methods that are not {@linkplain OperationClassifier#isSafe safe}.
     */
    public boolean isApplicationWrite(String method, String path) {
        return !OperationClassifier.isSafe(method) && !isExempt(path);
    }

    /** True when maintenance never applies to this path (health checks, the maintenance endpoints). */
    public boolean isExempt(String path) {
        for (PathPattern pattern : exemptArray) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    String[] adminRoleArray() {
        return adminRoleArray;
    }

    /** Builds policies; every setter validates at once. */
    public static final class Builder {
        private List<PathPattern> exemptPaths =
                DEFAULT_EXEMPT_PATHS.stream().map(PathPattern::of).toList();
        private List<OperationRule> rules = List.of();
        private List<PathPattern> adminPaths = List.of(PathPattern.of("/maintenance/api/**"));
        private final EnumMap<Mode, BlockedClasses> blocked = new EnumMap<>(Mode.class);
        private List<String> adminRoles = List.of();
        private String secretParameter = "maintenance_secret";
        private Duration bypassCookieLifetime = Duration.ofHours(12);
        private @Nullable CookieKey cookieKey;
        private @Nullable Duration defaultRetryAfter = EnableOptions.DEFAULT_RETRY_AFTER;

        private Builder() {
            blocked.put(Mode.FULL, BlockedClasses.allExcept(OperationClass.ADMIN));
            blocked.put(Mode.READ_ONLY, BlockedClasses.of(OperationClass.WRITE));
            blocked.put(Mode.EMERGENCY, BlockedClasses.allExcept(OperationClass.ADMIN));
            // test mode blocks nothing; it reports what full maintenance would block
            blocked.put(Mode.TEST, BlockedClasses.allExcept(OperationClass.ADMIN));
        }

        private Builder copy() {
            Builder c = new Builder();
            c.exemptPaths = exemptPaths;
            c.rules = rules;
            c.adminPaths = adminPaths;
            c.blocked.putAll(blocked);
            c.adminRoles = adminRoles;
            c.secretParameter = secretParameter;
            c.bypassCookieLifetime = bypassCookieLifetime;
            c.cookieKey = cookieKey;
            c.defaultRetryAfter = defaultRetryAfter;
            return c;
        }

        /** Replaces the exempt path patterns. */
        public Builder exemptPaths(List<String> patterns) {
            this.exemptPaths = patterns.stream().map(PathPattern::of).toList();
            return this;
        }

        /** Adds exempt path patterns to the current ones. */
        public Builder addExemptPaths(String... patterns) {
            List<PathPattern> all = new ArrayList<>(exemptPaths);
            for (String p : patterns) {
                all.add(PathPattern.of(p));
            }
            this.exemptPaths = List.copyOf(all);
            return this;
        }

        /** Custom classification rules, tried in order before the method-based defaults. */
        public Builder rules(List<OperationRule> rules) {
            this.rules = List.copyOf(rules);
            return this;
        }

        /** Paths whose requests are {@link OperationClass#ADMIN}. */
        public Builder adminPaths(List<String> patterns) {
            this.adminPaths = patterns.stream().map(PathPattern::of).toList();
            return this;
        }

        /**
         * The classes blocked in a mode. For {@link Mode#TEST} this is what is reported as would-be
         * blocked; nothing is blocked in test mode.
         */
        public Builder blocked(Mode mode, BlockedClasses classes) {
            blocked.put(Objects.requireNonNull(mode, "mode"), Objects.requireNonNull(classes, "classes"));
            return this;
        }

        /** Roles whose users bypass maintenance. */
        public Builder adminRoles(List<String> roles) {
            for (String role : roles) {
                if (role.isBlank()) {
                    throw new IllegalArgumentException("admin role must not be blank");
                }
            }
            this.adminRoles = List.copyOf(roles);
            return this;
        }

        public Builder secretParameter(String name) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("secretParameter must not be blank");
            }
            this.secretParameter = name;
            return this;
        }

        public Builder bypassCookieLifetime(Duration lifetime) {
            this.bypassCookieLifetime = Durations.requirePositive(lifetime, "bypassCookieLifetime");
            return this;
        }

        /**
         * A key kept on the servers, never in the store, that bypass cookies are signed with besides the
         * secret's verifier: the same value on every instance (see {@link CookieKey#of(String)}). Without
         * it, a copy of the state store is enough to sign cookies.
         */
        public Builder cookieKey(@Nullable CookieKey key) {
            this.cookieKey = key;
            return this;
        }

        /**
         * The {@code Retry-After} a maintenance switched on through this service (admin API, actuator) gets
         * unless one is given: default 5 minutes; null for none.
         */
        public Builder defaultRetryAfter(@Nullable Duration retryAfter) {
            if (retryAfter != null) {
                MaintenanceState.requireDuration(retryAfter, "defaultRetryAfter");
            }
            this.defaultRetryAfter = retryAfter;
            return this;
        }

        public MaintenancePolicy build() {
            return new MaintenancePolicy(this);
        }
    }
}
