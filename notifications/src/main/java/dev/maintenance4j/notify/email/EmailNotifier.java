package dev.maintenance4j.notify.email;

import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.notify.Notification;
import dev.maintenance4j.notify.Notifier;
import dev.maintenance4j.text.Html;
import dev.maintenance4j.time.Durations;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Sends notifications by SMTP (Jakarta Mail, Eclipse Angus) as plain text with a simple HTML
 * alternative.
 */
public final class EmailNotifier implements Notifier {

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final String host;

    private EmailNotifier(Builder b) {
        Properties props = new Properties();
        props.put("mail.smtp.host", b.host);
        props.put("mail.smtp.port", Integer.toString(b.port));
        props.put("mail.smtp.connectiontimeout", Long.toString(b.timeout.toMillis()));
        props.put("mail.smtp.timeout", Long.toString(b.timeout.toMillis()));
        props.put("mail.smtp.writetimeout", Long.toString(b.timeout.toMillis()));
        if (b.tls == Tls.STARTTLS) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        } else if (b.tls == Tls.SMTPS) {
            props.put("mail.smtp.ssl.enable", "true");
        }
        if (b.tls != Tls.NONE) {
            props.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        Authenticator authenticator = null;
        if (b.username != null) {
            props.put("mail.smtp.auth", "true");
            String user = b.username;
            String password = b.password == null ? "" : b.password;
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(props, authenticator);
        this.from = Objects.requireNonNull(b.from, "build() checked the from address");
        this.to = b.to.toArray(InternetAddress[]::new);
        this.host = b.host + ":" + b.port;
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    @Override
    public String name() {
        return "email " + host;
    }

    @Override
    public void deliver(Notification n) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(n.text().length() > 180 ? n.text().substring(0, 177) + "..." : n.text(), "UTF-8");
        message.setSentDate(Date.from(n.at()));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(plain(n), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(n), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        Transport.send(message);
    }

    static String plain(Notification n) {
        MaintenanceStatus s = n.after();
        StringBuilder sb = new StringBuilder(n.text()).append("\n\n");
        sb.append("Service:  ")
                .append(n.service())
                .append(" (instance ")
                .append(n.instance())
                .append(")\n");
        sb.append("When:     ").append(n.at()).append('\n');
        sb.append("Active:   ")
                .append(s.active())
                .append(s.active() ? " (" + s.mode() + ")" : "")
                .append('\n');
        if (s.reason() != null) {
            sb.append("Reason:   ").append(s.reason()).append('\n');
        }
        if (s.startsAt() != null) {
            sb.append("Starts:   ").append(s.startsAt()).append('\n');
        }
        if (s.until() != null) {
            sb.append("Until:    ").append(s.until()).append('\n');
        }
        if (n.actor() != null) {
            sb.append("By:       ").append(n.actor()).append('\n');
        }
        sb.append("Version:  ").append(s.version()).append('\n');
        return sb.toString();
    }

    static String html(Notification n) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><h2>");
        Html.escape(n.type().title(), sb);
        sb.append("</h2><pre style=\"font-size:14px\">");
        Html.escape(plain(n), sb);
        return sb.append("</pre></body></html>").toString();
    }

    /** How the SMTP connection is secured. */
    public enum Tls {
        /** Plain SMTP (only for local relays). */
        NONE,
        /** Upgrade with STARTTLS, required (port 587). */
        STARTTLS,
        /** TLS from the start (port 465). */
        SMTPS
    }

    /** Builds {@link EmailNotifier}s; setters validate at once. */
    public static final class Builder {
        private final String host;
        private final int port;
        private Tls tls = Tls.STARTTLS;
        private @Nullable String username;
        private @Nullable String password;
        private @Nullable InternetAddress from;
        private final List<InternetAddress> to = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(15);

        private Builder(String host, int port) {
            if (host.isBlank()) {
                throw new IllegalArgumentException("SMTP host must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SMTP port must be between 1 and 65535, but was " + port);
            }
            this.host = host;
            this.port = port;
        }

        public Builder tls(Tls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        public Builder credentials(@Nullable String username, @Nullable String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        public Builder from(String address) {
            this.from = address(address);
            return this;
        }

        public Builder to(List<String> addresses) {
            addresses.forEach(a -> to.add(address(a)));
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Durations.requirePositive(timeout, "timeout");
            return this;
        }

        public EmailNotifier build() {
            if (from == null) {
                throw new IllegalArgumentException("an e-mail notifier needs a from address");
            }
            if (to.isEmpty()) {
                throw new IllegalArgumentException("an e-mail notifier needs at least one recipient");
            }
            return new EmailNotifier(this);
        }

        private static InternetAddress address(String address) {
            try {
                InternetAddress parsed = new InternetAddress(address, true);
                parsed.validate();
                return parsed;
            } catch (AddressException e) {
                throw new IllegalArgumentException("'" + address + "' is not an e-mail address: " + e.getMessage(), e);
            }
        }
    }
}
