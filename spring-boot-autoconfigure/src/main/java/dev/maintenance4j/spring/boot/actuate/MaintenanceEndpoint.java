package dev.maintenance4j.spring.boot.actuate;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.Mode;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.time.TimeExpressions;
import java.security.Principal;
import java.util.Arrays;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * The {@code maintenance} actuator endpoint: read the status, switch maintenance on ({@code POST},
 * the CLI's {@code down} options) or off ({@code DELETE}). Exposed and secured like any actuator
 * endpoint ({@code management.endpoints.web.exposure.include=maintenance}). Changes are audited under the
 * authenticated principal's name (with Spring Security), else as {@code actuator}.
 *
 * <p>Optional parameters carry Spring's own {@code @Nullable}: Spring Boot 3.5 reads only that one (not JSpecify's),
 * and Boot 4 still reads it, though Spring Framework 7 deprecates it.
 */
@Endpoint(id = "maintenance")
@SuppressWarnings("deprecation") // Spring's @Nullable: see above
public final class MaintenanceEndpoint {

    private final Maintenance maintenance;
    private final MaintenanceControl control;

    public MaintenanceEndpoint(Maintenance maintenance) {
        this.maintenance = maintenance;
        this.control = maintenance.control();
    }

    @ReadOperation
    public MaintenanceStatus status() {
        return MaintenanceStatus.of(maintenance.state(), maintenance.clock().instant());
    }

    /**
     * Switches maintenance on or updates it; every argument is optional, as for {@code maint down}.
     *
     * @param allow  comma-separated addresses or CIDR blocks
     * @param secret a bypass secret chosen by the caller (generated secrets are for the CLI and admin API, which show them once)
     */
    @WriteOperation
    public MaintenanceStatus enable(
            @Nullable String reason,
            @Nullable String mode,
            @Nullable String duration,
            @Nullable String until,
            @Nullable String startsAt,
            @Nullable String retryAfter,
            @Nullable String refresh,
            @Nullable String allow,
            @Nullable String secret,
            @Nullable String redirect,
            @Nullable Integer status,
            @Nullable Principal principal) {
        EnableOptions options = EnableOptions.builder()
                .reason(reason)
                .mode(mode == null ? null : Mode.of(mode))
                .duration(duration == null ? null : TimeExpressions.parseDuration(duration))
                .until(until == null ? null : TimeExpressions.parseTime(until, maintenance.clock()))
                .startsAt(startsAt == null ? null : TimeExpressions.parseTime(startsAt, maintenance.clock()))
                .retryAfter(retryAfter == null ? null : TimeExpressions.parseDuration(retryAfter))
                .refresh(refresh == null ? null : TimeExpressions.parseDuration(refresh))
                .secret(secret)
                .allowed(
                        allow == null
                                ? null
                                : Arrays.stream(allow.split(","))
                                        .map(String::strip)
                                        .filter(s -> !s.isEmpty())
                                        .map(CidrBlock::parse)
                                        .toList())
                .redirect(redirect)
                .statusCode(status)
                .build();
        MaintenanceControl.Result result = control.enable(options, actor(principal));
        return MaintenanceStatus.of(result.after(), maintenance.clock().instant());
    }

    @DeleteOperation
    public MaintenanceStatus disable(@Nullable Principal principal) {
        MaintenanceControl.Result result = control.disable(actor(principal));
        return MaintenanceStatus.of(result.after(), maintenance.clock().instant());
    }

    /** Who the audit names: the authenticated principal, or "actuator" when the endpoint is open to anyone. */
    private static Actor actor(@Nullable Principal principal) {
        return new Actor(principal == null ? "actuator" : principal.getName(), "actuator endpoint");
    }
}
