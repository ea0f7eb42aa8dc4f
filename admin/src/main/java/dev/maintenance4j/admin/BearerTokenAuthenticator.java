package dev.maintenance4j.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Accepts {@code Authorization: Bearer <token>} for configured tokens. Only SHA-256 digests of the
 * tokens are kept, and a presented token is compared with every configured one in constant time, so
 * neither memory dumps nor timing reveal a token.
 */
public final class BearerTokenAuthenticator implements AdminAuthenticator {

    /** The shortest token accepted in configuration. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private final String[] names;
    private final byte[][] digests;

    private BearerTokenAuthenticator(Map<String, String> tokensByName) {
        names = new String[tokensByName.size()];
        digests = new byte[tokensByName.size()][];
        int i = 0;
        for (Map.Entry<String, String> entry : tokensByName.entrySet()) {
            String token = entry.getValue();
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("admin token '" + entry.getKey() + "' must have at least "
                        + MIN_TOKEN_LENGTH + " characters, but had " + token.length());
            }
            names[i] = entry.getKey();
            digests[i] = sha256(token);
            i++;
        }
    }

    /**
     * Tokens by the name recorded as the actor of changes made with them.
     *
     * @throws IllegalArgumentException when a token is shorter than {@value #MIN_TOKEN_LENGTH} characters
     */
    public static BearerTokenAuthenticator of(Map<String, String> tokensByName) {
        return new BearerTokenAuthenticator(new LinkedHashMap<>(tokensByName));
    }

    /** One token, recorded as actor {@code name}. */
    public static BearerTokenAuthenticator of(String name, String token) {
        return of(Map.of(name, token));
    }

    @Override
    public @Nullable String authenticate(AdminRequest request) {
        String header = request.header("Authorization");
        if (header == null
                || header.length() < 8
                || header.length() > 4096
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] presented = sha256(header.substring(7).strip());
        String match = null;
        for (int i = 0; i < digests.length; i++) {
            if (MessageDigest.isEqual(digests[i], presented) && match == null) {
                match = names[i];
            }
        }
        return match;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
