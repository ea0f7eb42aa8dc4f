package dev.maintenance4j.http;

import dev.maintenance4j.operation.PathPattern;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an HTTP adapter meets its traffic, the same for every adapter (servlet filter, WebFlux filter,
 * gateway): whose forwarded headers to believe, which paths get JSON, the page, the bypass cookie, the
 * preview header and the limit on wrong secrets. Immutable; setters of the {@link Builder} validate at once,
 * naming the bad value. Each default is written here and nowhere else.
 *
 * <pre>{@code
 * HttpOptions options = HttpOptions.builder().trustedProxies(List.of("10.0.0.0/8")).build();
 * MaintenanceFilter.builder(maintenance).options(options).build();
 * }</pre>
 */
public final class HttpOptions {

    /** The bypass cookie's name unless configured. */
    public static final String DEFAULT_COOKIE_NAME = "maintenance_bypass";
    /** The header admins send to preview the maintenance response in test mode, unless configured. */
    public static final String DEFAULT_PREVIEW_HEADER = "X-Maintenance4j-Preview";
    /** Paths answered with JSON rather than the page, unless configured. */
    public static final String DEFAULT_API_PATHS = "/api/**";
    /** Wrong secrets a client may try per minute, unless configured. */
    public static final int DEFAULT_SECRET_ATTEMPTS_PER_MINUTE = 10;

    private static final HttpOptions DEFAULTS = builder().build();

    private final List<String> trustedProxies;
    private final ForwardedHeader forwardedHeader;
    private final List<String> apiPaths;
    private final MaintenancePage page;
    private final String cookieName;
    private final @Nullable String cookieDomain;
    private final String previewHeader;
    private final int secretAttemptsPerMinute;

    private HttpOptions(Builder b) {
        this.trustedProxies = b.trustedProxies;
        this.forwardedHeader = b.forwardedHeader;
        this.apiPaths = b.apiPaths;
        this.page = b.page;
        this.cookieName = b.cookieName;
        this.cookieDomain = b.cookieDomain;
        this.previewHeader = b.previewHeader;
        this.secretAttemptsPerMinute = b.secretAttemptsPerMinute;
    }

    /** Every option at its default: no trusted proxies, {@code /api/**} as JSON, the built-in page. */
    public static HttpOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.trustedProxies = trustedProxies;
        b.forwardedHeader = forwardedHeader;
        b.apiPaths = apiPaths;
        b.page = page;
        b.cookieName = cookieName;
        b.cookieDomain = cookieDomain;
        b.previewHeader = previewHeader;
        b.secretAttemptsPerMinute = secretAttemptsPerMinute;
        return b;
    }

    public List<String> trustedProxies() {
        return trustedProxies;
    }

    public ForwardedHeader forwardedHeader() {
        return forwardedHeader;
    }

    /** The resolver these options describe: the trusted proxies, read through the forwarded-header family. */
    public ClientAddressResolver clientAddressResolver() {
        return ClientAddressResolver.trusting(trustedProxies, forwardedHeader);
    }

    public List<String> apiPaths() {
        return apiPaths;
    }

    public MaintenancePage page() {
        return page;
    }

    public String cookieName() {
        return cookieName;
    }

    public @Nullable String cookieDomain() {
        return cookieDomain;
    }

    public String previewHeader() {
        return previewHeader;
    }

    public int secretAttemptsPerMinute() {
        return secretAttemptsPerMinute;
    }

    /** Builds {@link HttpOptions}; setters validate at once. */
    public static final class Builder {
        private List<String> trustedProxies = List.of();
        private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
        private List<String> apiPaths = List.of(DEFAULT_API_PATHS);
        private MaintenancePage page = MaintenancePage.defaultPage();
        private String cookieName = DEFAULT_COOKIE_NAME;
        private @Nullable String cookieDomain;
        private String previewHeader = DEFAULT_PREVIEW_HEADER;
        private int secretAttemptsPerMinute = DEFAULT_SECRET_ATTEMPTS_PER_MINUTE;

        private Builder() {}

        /** Proxies (addresses or CIDR blocks) whose forwarded headers ({@link #forwardedHeader}) are believed. */
        public Builder trustedProxies(List<String> proxies) {
            ClientAddressResolver.trusting(proxies); // validates now, naming a bad entry
            this.trustedProxies = List.copyOf(proxies);
            return this;
        }

        /**
         * The header family the trusted proxies write the client address and scheme in (default
         * {@code X-Forwarded-For} with {@code X-Forwarded-Proto}); only that one is read.
         */
        public Builder forwardedHeader(ForwardedHeader header) {
            this.forwardedHeader = Objects.requireNonNull(header, "forwardedHeader");
            return this;
        }

        /** Path patterns always answered with JSON (default {@code /api/**}). */
        public Builder apiPaths(List<String> patterns) {
            patterns.forEach(PathPattern::of);
            this.apiPaths = List.copyOf(patterns);
            return this;
        }

        /** The HTML page for blocked browsers. */
        public Builder page(MaintenancePage page) {
            this.page = Objects.requireNonNull(page, "page");
            return this;
        }

        /** The bypass cookie's name (default {@value #DEFAULT_COOKIE_NAME}). */
        public Builder cookieName(String name) {
            if (name.isBlank()
                    || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new IllegalArgumentException("cookie name must be a token, but was '" + name + "'");
            }
            this.cookieName = name;
            return this;
        }

        /** The bypass cookie's domain, for sharing it across subdomains (default: host only). */
        public Builder cookieDomain(@Nullable String domain) {
            if (domain != null
                    && (domain.isBlank() || !domain.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';'))) {
                throw new IllegalArgumentException("cookie domain must be a host name, but was '" + domain + "'");
            }
            this.cookieDomain = domain;
            return this;
        }

        /** The header that opts a request into the real maintenance response in test mode. */
        public Builder previewHeader(String header) {
            if (header.isBlank()) {
                throw new IllegalArgumentException("previewHeader must not be blank");
            }
            this.previewHeader = header;
            return this;
        }

        /** Wrong secrets a client may try per minute before its attempts are ignored (default 10). */
        public Builder secretAttemptsPerMinute(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("secretAttemptsPerMinute must be at least 1, but was " + attempts);
            }
            this.secretAttemptsPerMinute = attempts;
            return this;
        }

        public HttpOptions build() {
            return new HttpOptions(this);
        }
    }
}
