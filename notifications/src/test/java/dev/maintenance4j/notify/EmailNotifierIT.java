package dev.maintenance4j.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.notify.email.EmailNotifier;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** E-mail through a real SMTP server (GreenMail) started by the test. */
class EmailNotifierIT {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    private NotificationsTestSupport support;
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

    @Test
    void maintenanceStartArrivesAsTextAndHtml() throws Exception {
        notifications = MaintenanceNotifications.builder(support.maintenance)
                .service("orders")
                .notifier(EmailNotifier.builder("127.0.0.1", smtp.getSmtp().getPort())
                        .tls(EmailNotifier.Tls.NONE)
                        .from("maintenance@orders.example")
                        .to(List.of("ops@example.com", "oncall@example.com"))
                        .build())
                .build();
        support.enable(EnableOptions.builder().reason("Database <upgrade>").build());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 2);
        MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("[orders] Maintenance started (full) by alice: Database <upgrade>");
        assertThat(message.getFrom()[0].toString()).isEqualTo("maintenance@orders.example");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(GreenMailUtil.getBody(parts.getBodyPart(0)))
                .contains("Reason:   Database <upgrade>", "By:       alice");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(GreenMailUtil.getBody(parts.getBodyPart(1))).contains("Database &lt;upgrade&gt;");
        assertThat(notifications.deliveryStatus().get(0).delivered()).isEqualTo(1);
    }

    @Test
    void badConfigurationIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> EmailNotifier.builder("smtp.example.com", 0))
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> EmailNotifier.builder("smtp.example.com", 587).from("not an address"))
                .hasMessageContaining("is not an e-mail address");
        assertThatThrownBy(() -> EmailNotifier.builder("smtp.example.com", 587)
                        .from("a@example.com")
                        .build())
                .hasMessageContaining("at least one recipient");
    }
}
