package dev.maintenance4j.bypass;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The bypass secret as it is stored: a random salt and HMAC-SHA256(salt, secret). The secret itself is
 * never kept; {@link #matches(CharSequence)} recomputes the digest and compares in constant time.
 *
 * <p>Bypass cookies are signed with a key derived from the digest, so changing the secret invalidates
 * every cookie issued under the old one, and from a {@link CookieKey} the servers keep out of the store
 * when one is configured: then a copy of the store is not enough to sign cookies.
 */
public final class BypassSecret {

    /** The shortest secret accepted: it travels in URLs, so it must resist guessing on its own. */
    public static final int MIN_LENGTH = 16;
    /** The longest secret accepted. */
    public static final int MAX_LENGTH = 128;

    private static final String HMAC = "HmacSHA256";
    private static final byte[] COOKIE_KEY_LABEL = "maintenance4j bypass cookie v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] salt;
    private final byte[] digest;
    private final SecretKeySpec saltKey;
    private final SecretKeySpec cookieKey;
    private volatile @Nullable Derived lastDerived;

    private BypassSecret(byte[] salt, byte[] digest) {
        if (salt.length < 8 || salt.length > 64) {
            throw new IllegalArgumentException("salt must have 8 to 64 bytes, but had " + salt.length);
        }
        if (digest.length != 32) {
            throw new IllegalArgumentException("digest must have 32 bytes, but had " + digest.length);
        }
        this.salt = salt.clone();
        this.digest = digest.clone();
        this.saltKey = new SecretKeySpec(this.salt, HMAC);
        this.cookieKey = new SecretKeySpec(hmac(new SecretKeySpec(this.digest, HMAC), COOKIE_KEY_LABEL), HMAC);
    }

    /**
     * Derives the stored form of a secret chosen by a person.
     *
     * @throws IllegalArgumentException when the secret is too short, too long or not URL-safe
     */
    public static BypassSecret of(String secret, SecureRandom random) {
        validate(secret);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return new BypassSecret(salt, hmac(new SecretKeySpec(salt, HMAC), secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Generates a random 32-character URL-safe secret (192 bits) and its stored form. */
    public static Generated generate(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = B64.encodeToString(bytes);
        return new Generated(secret, of(secret, random));
    }

    /** Restores the stored form from its two base64url parts, as written by {@link #saltBase64()} and {@link #digestBase64()}. */
    public static BypassSecret restore(String saltBase64, String digestBase64) {
        try {
            return new BypassSecret(B64D.decode(saltBase64), B64D.decode(digestBase64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stored bypass secret is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a secret is acceptable: {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters of
     * {@code A-Z a-z 0-9 - _ . ~} (it is used as a URL path segment).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void validate(String secret) {
        if (secret.length() < MIN_LENGTH || secret.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "secret must have " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, but had " + secret.length());
        }
        for (int i = 0; i < secret.length(); i++) {
            if (!isSecretChar(secret.charAt(i))) {
                throw new IllegalArgumentException("secret may only contain A-Z a-z 0-9 - _ . ~ (it is used in URLs)");
            }
        }
    }

    private static boolean isSecretChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '~';
    }

    /**
     * True when the candidate is the secret. Costs one HMAC; candidates that could not be a secret
     * (wrong length or characters) are refused before hashing. Never throws.
     */
    public boolean matches(@Nullable CharSequence candidate) {
        if (candidate == null || candidate.length() < MIN_LENGTH || candidate.length() > MAX_LENGTH) {
            return false;
        }
        byte[] bytes = new byte[candidate.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = candidate.charAt(i);
            if (!isSecretChar(c)) {
                return false;
            }
            bytes[i] = (byte) c;
        }
        return MessageDigest.isEqual(digest, hmac(saltKey, bytes));
    }

    /** The key bypass cookies are signed with: from the digest, and from the servers' key when there is one. */
    SecretKeySpec cookieKey(@Nullable CookieKey serverKey) {
        if (serverKey == null) {
            return cookieKey;
        }
        Derived derived = lastDerived;
        if (derived == null || derived.serverKey() != serverKey) {
            derived = new Derived(serverKey, new SecretKeySpec(hmac(serverKey.spec(), cookieKey.getEncoded()), HMAC));
            lastDerived = derived;
        }
        return derived.key();
    }

    /** The cookie key last derived with a server key (one per policy, so one entry suffices). */
    private record Derived(CookieKey serverKey, SecretKeySpec key) {}

    public String saltBase64() {
        return B64.encodeToString(salt);
    }

    public String digestBase64() {
        return B64.encodeToString(digest);
    }

    /** A short, non-secret fingerprint to tell secrets apart in status output and audit logs. */
    public String fingerprint() {
        return B64.encodeToString(Arrays.copyOf(hmac(cookieKey, "fingerprint".getBytes(StandardCharsets.US_ASCII)), 6));
    }

    static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BypassSecret other
                && MessageDigest.isEqual(other.digest, digest)
                && Arrays.equals(other.salt, salt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "BypassSecret[" + fingerprint() + "]";
    }

    /**
     * A freshly generated secret: show {@link #secret()} to the operator once, store {@link #stored()}.
     *
     * @param secret the clear text, never persisted
     * @param stored the stored form
     */
    public record Generated(String secret, BypassSecret stored) {
        @Override
        public String toString() {
            return "Generated[stored=" + stored + "]";
        }
    }
}
