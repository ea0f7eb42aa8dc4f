package dev.maintenance4j.bypass;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key the servers keep out of the state store (configuration, an environment variable, a secret
 * manager), mixed into the key bypass cookies are signed with. The store holds only the secret's
 * verifier; without this key, whoever reads the store could sign cookies from the verifier alone.
 * Every instance of a service needs the same value, so a cookie issued by one works on all.
 */
public final class CookieKey {

    /** The fewest characters a configured key may have. */
    public static final int MIN_LENGTH = 24;

    private final SecretKeySpec key;

    private CookieKey(byte[] material) {
        this.key = new SecretKeySpec(material, "HmacSHA256");
    }

    /**
     * A key from configuration text, such as the output of {@code openssl rand -base64 32}.
     *
     * @throws IllegalArgumentException when it is shorter than {@value #MIN_LENGTH} characters
     */
    public static CookieKey of(String text) {
        String key = text.strip();
        if (key.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cookie key must have at least " + MIN_LENGTH
                    + " characters, but had " + key.length() + "; use e.g. the output of: openssl rand -base64 32");
        }
        try {
            return new CookieKey(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    SecretKeySpec spec() {
        return key;
    }

    @Override
    public String toString() {
        return "CookieKey[hidden]";
    }
}
