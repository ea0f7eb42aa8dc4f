package dev.maintenance4j.notify.webhook;

import dev.maintenance4j.notify.Notification;
import dev.maintenance4j.notify.Notifier;
import dev.maintenance4j.time.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts notifications as JSON to a URL with the JDK HTTP client. With a secret, each request carries
 * {@code X-Maintenance4j-Timestamp} (Unix seconds) and {@code X-Maintenance4j-Signature: v1=<hex>},
 * the HMAC-SHA256 of {@code "<timestamp>.<body>"}: receivers recompute it, compare in constant time,
 * and refuse old timestamps to stop replays ({@link #verify} does exactly that). The {@link Format#SLACK}
 * format sends {@code {"text": ...}} for Slack-compatible incoming webhooks.
 */
public final class WebhookNotifier implements Notifier {

    /** The payload shape. */
    public enum Format {
        /** The full notification: type, time, service, instance, actor, before and after, text. */
        JSON,
        /** {@code {"text": "..."}}, for Slack, Mattermost, Rocket.Chat and similar. */
        SLACK
    }

    public static final String SIGNATURE_HEADER = "X-Maintenance4j-Signature";
    public static final String TIMESTAMP_HEADER = "X-Maintenance4j-Timestamp";
    public static final String EVENT_HEADER = "X-Maintenance4j-Event";

    private final URI url;
    private final byte @Nullable [] secret;
    private final Format format;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    private WebhookNotifier(Builder b) {
        this.url = b.url;
        this.secret = b.secret == null ? null : b.secret.getBytes(StandardCharsets.UTF_8);
        this.format = b.format;
        this.timeout = b.timeout;
        this.clock = b.clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    @Override
    public String name() {
        return "webhook " + url.getScheme() + "://" + url.getAuthority()
                + (url.getPath() == null || url.getPath().isEmpty() ? "" : "/…");
    }

    @Override
    public void deliver(Notification notification) throws IOException, InterruptedException {
        byte[] body = body(notification);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "maintenance4j")
                .header(EVENT_HEADER, notification.type().id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            request.header(TIMESTAMP_HEADER, timestamp).header(SIGNATURE_HEADER, "v1=" + sign(secret, timestamp, body));
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered " + response.statusCode());
        }
    }

    byte[] body(Notification n) {
        ObjectNode node = JsonMapper.shared().createObjectNode();
        if (format == Format.SLACK) {
            node.put("text", n.text());
        } else {
            node.put("type", n.type().id());
            node.put("at", n.at().toString());
            node.put("service", n.service());
            node.put("instance", n.instance());
            node.put("actor", n.actor());
            node.put("text", n.text());
            node.set("before", JsonMapper.shared().valueToTree(n.before()));
            node.set("after", JsonMapper.shared().valueToTree(n.after()));
        }
        return JsonMapper.shared().writeValueAsBytes(node);
    }

    /** The hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /**
     * What a receiver does: true when the signature is right (constant-time) and the timestamp is within
     * {@code tolerance} of {@code nowEpochSeconds}.
     */
    public static boolean verify(
            byte[] secret,
            @Nullable String timestamp,
            @Nullable String signature,
            byte[] body,
            long nowEpochSeconds,
            Duration tolerance) {
        if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return false;
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowEpochSeconds - sent) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signature.substring(3).getBytes(StandardCharsets.US_ASCII));
    }

    /** Builds {@link WebhookNotifier}s; setters validate at once. */
    public static final class Builder {
        private final URI url;
        private @Nullable String secret;
        private Format format = Format.JSON;
        private Duration timeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
                throw new IllegalArgumentException("webhook URL must be http(s), but was '" + url + "'");
            }
        }

        /** Signs requests with this secret (at least 16 characters). */
        public Builder secret(@Nullable String secret) {
            if (secret != null && secret.length() < 16) {
                throw new IllegalArgumentException(
                        "webhook secret must have at least 16 characters, but had " + secret.length());
            }
            this.secret = secret;
            return this;
        }

        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Connect and request timeout (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.requirePositive(timeout, "timeout");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public WebhookNotifier build() {
            return new WebhookNotifier(this);
        }
    }
}
