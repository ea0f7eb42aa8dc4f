package dev.maintenance4j.spring.boot.notify;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.StatusContributor;
import dev.maintenance4j.micrometer.NotificationMetrics;
import dev.maintenance4j.notify.MaintenanceNotifications;
import dev.maintenance4j.notify.email.EmailNotifier;
import dev.maintenance4j.notify.webhook.WebhookNotifier;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.spring.boot.MaintenanceProperties;
import dev.maintenance4j.spring.boot.TestNotificationSender;
import dev.maintenance4j.spring.boot.actuate.StaleSince;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Notifications from {@code maintenance.notifications.*}: webhooks, e-mail and stale warnings; their
 * delivery results in the admin status and as metrics; a test notification through the admin API.
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnClass(MaintenanceNotifications.class)
@ConditionalOnBean(Maintenance.class)
@ConditionalOnProperty(
        prefix = "maintenance.notifications",
        name = "enabled",
        havingValue = "true",
        matchIfMissing = true)
public class MaintenanceNotificationsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MaintenanceNotifications maintenanceNotifications(
            Maintenance maintenance, MaintenanceProperties properties, Environment environment) {
        MaintenanceProperties.Notifications n = properties.notifications();
        MaintenanceNotifications.Builder builder = MaintenanceNotifications.builder(maintenance)
                .service(
                        n.service() != null
                                ? n.service()
                                : environment.getProperty("spring.application.name", "service"))
                .staleAfter(n.staleAfter())
                .retry(
                        n.retry().maxAttempts(),
                        n.retry().initialBackoff(),
                        n.retry().maxBackoff());
        for (MaintenanceProperties.Webhook webhook : n.webhooks()) {
            builder.notifier(WebhookNotifier.builder(webhook.url())
                    .secret(webhook.secret())
                    .format(WebhookNotifier.Format.valueOf(webhook.format().toUpperCase(Locale.ROOT)))
                    .timeout(webhook.timeout())
                    .clock(maintenance.clock())
                    .build());
        }
        MaintenanceProperties.Email email = n.email();
        if (email.host() != null) {
            builder.notifier(EmailNotifier.builder(email.host(), email.port())
                    .tls(EmailNotifier.Tls.valueOf(email.tls().toUpperCase(Locale.ROOT)))
                    .credentials(email.username(), email.password())
                    .from(email.from() == null ? "" : email.from())
                    .to(email.to())
                    .build());
        }
        return builder.build();
    }

    @Bean
    StaleSince maintenanceStaleSince(MaintenanceNotifications notifications) {
        return notifications::staleSince;
    }

    @Bean
    TestNotificationSender maintenanceTestNotificationSender(MaintenanceNotifications notifications) {
        return notifications::sendTest;
    }

    /** Delivery results and the stale warning in the admin status. */
    @Bean
    StatusContributor maintenanceNotificationsStatus(MaintenanceNotifications notifications) {
        return StatusContributor.of("notifications", notifications::status);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Metrics {
        /** {@code maintenance.notifications.delivered|failed|dropped}, tagged by target. */
        @Bean
        MeterBinder maintenanceNotificationMetrics(MaintenanceNotifications notifications) {
            return new NotificationMetrics(notifications);
        }
    }
}
