package dev.maintenance4j.buffer.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code Idempotency-Key}s as payment APIs treat them: a key counts within one route and one principal
 * (two clients, or two routes, never collide), and reusing a key for a different request is refused
 * instead of silently keeping the first. Remembers the most recent keys in memory, bounded.
 */
final class IdempotencyKeys {

    private static final int REMEMBERED = 10_000;

    private final Map<String, String> fingerprints = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** The key the write buffer deduplicates on: the client's key, scoped to route and principal. */
    static String scoped(BufferedRoute route, @Nullable String principal, String clientKey) {
        return "k1:" + digest(route + "\n" + (principal == null ? "" : principal) + "\n" + clientKey);
    }

    /** What makes two requests with one key the same request: its query and body. */
    static String fingerprint(@Nullable String query, byte[] body) {
        MessageDigest sha = sha256();
        sha.update((query == null ? "" : query).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    /** Records a key's request; false when the key was seen with a different request (a conflicting reuse). */
    synchronized boolean remember(String scopedKey, String fingerprint) {
        String earlier = fingerprints.putIfAbsent(scopedKey, fingerprint);
        return earlier == null || earlier.equals(fingerprint);
    }

    private static String digest(String text) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
