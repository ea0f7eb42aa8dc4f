package dev.maintenance4j.spring.boot;

import dev.maintenance4j.admin.AdminApi;
import dev.maintenance4j.admin.AdminAuthenticator;
import dev.maintenance4j.admin.BearerTokenAuthenticator;
import dev.maintenance4j.admin.StatusContributor;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.protocol.AdminProtocol;
import dev.maintenance4j.text.Failures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

/**
 * The admin API's settings from {@code maintenance.*}, whichever web stack serves it ({@link #apply}). An admin
 * signs in with an admin token
 * ({@code maintenance.admin.tokens.<name>}, or {@code MAINTENANCE4J_ADMIN_TOKEN} as {@code admin-token}), or the
 * application's own sign-in with one of {@code maintenance.admin-roles}; and the one line a 401 says.
 */
public final class AdminApiSettings {

    private AdminApiSettings() {}

    /**
     * Sets {@code builder}'s options as the properties and the application's beans say: sign-in, trusted proxies,
     * status contributors, the test notification and the write buffer.
     */
    public static <B extends AdminApi.Builder<B>> B apply(
            B builder,
            MaintenanceProperties properties,
            Environment environment,
            AdminAuthenticator authenticator,
            ObjectProvider<StatusContributor> contributors,
            ObjectProvider<TestNotificationSender> testNotifications,
            @Nullable RequestBuffering requestBuffer) {
        builder.requestBuffer(requestBuffer)
                .authenticator(authenticator)
                .signInHint(hint(properties, environment))
                .trustedProxies(properties.trustedProxies())
                .forwardedHeader(properties.forwardedHeader());
        contributors.orderedStream().forEach(builder::statusContributor);
        testNotifications.ifAvailable(sender -> builder.testNotification(sender::send));
        return builder;
    }

    /** Tokens first, then a signed-in user with an admin role (Spring Security authorities {@code ROLE_<role>}). */
    public static AdminAuthenticator authenticator(MaintenanceProperties properties, Environment environment) {
        Map<String, String> tokens = tokens(properties, environment);
        AdminAuthenticator byToken;
        try {
            byToken = tokens.isEmpty() ? request -> null : BearerTokenAuthenticator.of(tokens);
        } catch (IllegalArgumentException e) {
            throw new MaintenanceStartupException(
                    Failures.describe(e),
                    "Use a longer random token in " + AdminProtocol.TOKEN_VARIABLE
                            + " or maintenance.admin.tokens.<name>, such as the output of: openssl rand -base64 24",
                    e);
        }
        List<String> roles = properties.adminRoles();
        return byToken.or(
                request -> request.remoteUser() != null && roles.stream().anyMatch(request::isUserInRole)
                        ? request.remoteUser()
                        : null);
    }

    /** What a 401 tells the caller: the token to send, or that none is configured and how to set one. */
    public static String hint(MaintenanceProperties properties, Environment environment) {
        if (!tokens(properties, environment).isEmpty()) {
            return "sign in with an admin token of this service (" + AdminProtocol.TOKEN_VARIABLE
                    + " or maintenance.admin.tokens.<name>)";
        }
        return "no admin token is configured on this service: restart it with " + AdminProtocol.TOKEN_VARIABLE
                + " set (or maintenance.admin.tokens.<name>), then sign in with that token"
                + (properties.adminRoles().isEmpty() ? "" : ", or sign in to the application with an admin role");
    }

    /** The admin tokens by name. */
    private static Map<String, String> tokens(MaintenanceProperties properties, Environment environment) {
        Map<String, String> tokens = new LinkedHashMap<>(properties.admin().tokens());
        String envToken = environment.getProperty(AdminProtocol.TOKEN_VARIABLE);
        if (envToken != null && !envToken.isBlank()) {
            tokens.put("admin-token", envToken.strip());
        }
        return tokens;
    }
}
