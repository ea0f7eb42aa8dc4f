package dev.maintenance4j.bypass;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Bypass cookie tokens: {@code 1.<expiry epoch seconds>.<base64url HMAC-SHA256>}, signed with the key
 * of the current {@link BypassSecret}. A token is valid until its expiry and only while the secret that
 * signed it is the current one. Verification is constant-time and never throws, whatever the input.
 */
public final class BypassCookies {

    private static final String VERSION_PREFIX = "1.";
    private static final int MAX_TOKEN_LENGTH = 80;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    });

    private BypassCookies() {}

    /** Issues a token that expires at the given instant (second precision), signed without a server key. */
    public static String issue(BypassSecret secret, Instant expiresAt) {
        return issue(secret, null, expiresAt);
    }

    /** Issues a token that expires at the given instant (second precision), signed with the secret and the servers' key. */
    public static String issue(BypassSecret secret, @Nullable CookieKey serverKey, Instant expiresAt) {
        String payload = VERSION_PREFIX + expiresAt.getEpochSecond();
        return payload + "."
                + B64.encodeToString(
                        sign(secret, serverKey, payload.getBytes(StandardCharsets.US_ASCII), payload.length()));
    }

    /** True when the token was issued with this secret (and no server key) and has not expired at {@code now}. */
    public static boolean verify(@Nullable BypassSecret secret, @Nullable String token, Instant now) {
        return verify(secret, null, token, now);
    }

    /** True when the token was issued with this secret and this server key, and has not expired at {@code now}. */
    public static boolean verify(
            @Nullable BypassSecret secret, @Nullable CookieKey serverKey, @Nullable String token, Instant now) {
        if (secret == null || token == null || token.length() > MAX_TOKEN_LENGTH || !token.startsWith(VERSION_PREFIX)) {
            return false;
        }
        int dot = token.indexOf('.', VERSION_PREFIX.length());
        if (dot < 0 || dot == VERSION_PREFIX.length() || dot - VERSION_PREFIX.length() > 12) {
            return false;
        }
        long expiry = 0;
        for (int i = VERSION_PREFIX.length(); i < dot; i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            expiry = expiry * 10 + (c - '0');
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] payload = new byte[dot];
        for (int i = 0; i < dot; i++) {
            payload[i] = (byte) token.charAt(i);
        }
        boolean signatureOk = MessageDigest.isEqual(sign(secret, serverKey, payload, dot), given);
        return signatureOk && now.getEpochSecond() < expiry;
    }

    private static byte[] sign(BypassSecret secret, @Nullable CookieKey serverKey, byte[] payload, int length) {
        Mac mac = MACS.get();
        try {
            mac.init(secret.cookieKey(serverKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an HMAC key was refused", e);
        }
        mac.update(payload, 0, length);
        return mac.doFinal();
    }
}
