package dev.maintenance4j.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.Mode;
import dev.maintenance4j.control.EnableOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaintenanceNotificationsTest {

    private NotificationsTestSupport support;
    private final NotificationsTestSupport.Recording recording = new NotificationsTestSupport.Recording();
    private MaintenanceNotifications notifications;

    @BeforeEach
    void setUp() throws Exception {
        support = new NotificationsTestSupport();
    }

    @AfterEach
    void tearDown() {
        if (notifications != null) {
            notifications.close();
        }
        support.close();
    }

    private MaintenanceNotifications start(Duration staleAfter) {
        notifications = MaintenanceNotifications.builder(support.maintenance)
                .service("orders")
                .instance("i-1")
                .staleAfter(staleAfter)
                .notifier(recording)
                .build();
        return notifications;
    }

    @Test
    void startEndAndEmergencyAreNotifiedWithActorAndStates() {
        start(Duration.ofHours(4));
        support.enable(EnableOptions.builder().reason("Database upgrade").build());
        support.enable(EnableOptions.builder().mode(Mode.EMERGENCY).build());
        support.disable();
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.received.size() == 3);
        assertThat(recording.types())
                .containsExactly(NotificationType.ACTIVATED, NotificationType.EMERGENCY, NotificationType.DEACTIVATED);
        Notification first = recording.received.get(0);
        assertThat(first.actor()).isEqualTo("alice");
        assertThat(first.service()).isEqualTo("orders");
        assertThat(first.instance()).isEqualTo("i-1");
        assertThat(first.before().active()).isFalse();
        assertThat(first.after().active()).isTrue();
        assertThat(first.text()).isEqualTo("[orders] Maintenance started (full) by alice: Database upgrade");
    }

    @Test
    void aScheduledWindowIsAnnouncedThenStartsThenExpires() {
        start(Duration.ofHours(4));
        Instant startsAt = support.clock.instant().plusMillis(1500);
        support.enable(EnableOptions.builder()
                .startsAt(startsAt)
                .until(startsAt.plusMillis(1500))
                .reason("tonight")
                .build());
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.types().size() == 1);
        support.scheduler.advance(Duration.ofMillis(1501));
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.types().size() == 2);
        support.scheduler.advance(Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(recording.types()).hasSize(3));
        assertThat(recording.types())
                .containsExactly(NotificationType.SCHEDULED, NotificationType.ACTIVATED, NotificationType.EXPIRED);
        assertThat(recording.received.get(0).text()).contains("Maintenance scheduled", "from ");
    }

    @Test
    void staleMaintenanceWarnsOncePerThresholdCrossing() {
        MaintenanceNotifications n = start(
                Duration.ofMillis(1500)); // state times are whole seconds: keep the first crossing after the enable
        support.enable(EnableOptions.builder().reason("forgotten").build());
        assertThat(n.staleSince()).isNull();
        support.scheduler.advance(Duration.ofMillis(1499));
        assertThat(n.staleSince()).isNull();
        support.scheduler.advance(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.types().contains(NotificationType.STALE));
        assertThat(n.staleSince()).isNotNull();
        long staleCount = recording.types().stream()
                .filter(t -> t == NotificationType.STALE)
                .count();
        assertThat(staleCount).isEqualTo(1);
        support.scheduler.advance(Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> recording.types().stream()
                                .filter(t -> t == NotificationType.STALE)
                                .count()
                        == 2);
        support.disable();
        assertThat(n.staleSince()).isNull();
    }

    @Test
    void anInstanceStartingDuringMaintenanceDoesNotAnnounceItAgain() throws Exception {
        support.enable(EnableOptions.builder().reason("already on").build());
        support.scheduler.advance(Duration.ofMillis(1100)); // the activation is older than the instance
        try (Maintenance fresh = support.fresh();
                MaintenanceNotifications late = MaintenanceNotifications.builder(fresh)
                        .notifier(recording)
                        .build()) {
            fresh.start();
            assertThat(late.deliveryStatus()).hasSize(1);
            assertThat(fresh.state().enabled()).isTrue();
            Thread.sleep(200);
            assertThat(recording.received).isEmpty();
        }
    }

    @Test
    void aTestNotificationReachesEveryTarget() {
        start(Duration.ofHours(4)).sendTest("bob");
        await().atMost(Duration.ofSeconds(5)).until(() -> !recording.received.isEmpty());
        assertThat(recording.received.get(0).type()).isEqualTo(NotificationType.TEST);
        assertThat(recording.received.get(0).actor()).isEqualTo("bob");
        assertThat(notifications.deliveryStatus()).singleElement().satisfies(s -> {
            assertThat(s.delivered()).isEqualTo(1);
            assertThat(s.lastSuccess()).isNotNull();
        });
    }
}
