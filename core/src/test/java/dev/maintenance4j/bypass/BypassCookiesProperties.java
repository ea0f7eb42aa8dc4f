package dev.maintenance4j.bypass;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Cookie tokens: valid ones pass; tampered, expired or other-secret ones are refused; nothing throws. */
class BypassCookiesProperties {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BypassSecret SECRET = BypassSecret.generate(RANDOM).stored();
    private static final BypassSecret OTHER = BypassSecret.generate(RANDOM).stored();
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Property(tries = 500)
    void aFreshTokenIsValidUntilItExpires(@ForAll @LongRange(min = 1, max = 10_000_000) long lifetimeSeconds) {
        String token = BypassCookies.issue(SECRET, NOW.plusSeconds(lifetimeSeconds));
        assertThat(BypassCookies.verify(SECRET, token, NOW)).isTrue();
        assertThat(BypassCookies.verify(SECRET, token, NOW.plusSeconds(lifetimeSeconds - 1)))
                .isTrue();
        assertThat(BypassCookies.verify(SECRET, token, NOW.plusSeconds(lifetimeSeconds)))
                .isFalse();
    }

    @Property(tries = 1000)
    void anyChangedCharacterIsRefused(
            @ForAll @IntRange(min = 0, max = 200) int position, @ForAll("tokenChars") char replacement) {
        String token = BypassCookies.issue(SECRET, NOW.plusSeconds(3600));
        int i = position % token.length();
        if (token.charAt(i) == replacement) {
            return;
        }
        String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
        if (i == token.length() - 1) {
            // the last base64 character carries 2 padding bits a decoder may ignore; never accept a real change
            assertThat(BypassCookies.verify(SECRET, tampered, NOW)).isEqualTo(sameDecodedSignature(token, tampered));
        } else {
            assertThat(BypassCookies.verify(SECRET, tampered, NOW)).isFalse();
        }
    }

    @Property(tries = 200)
    void aTokenOfAnotherSecretIsRefused(@ForAll @LongRange(min = 1, max = 100_000) long lifetimeSeconds) {
        String token = BypassCookies.issue(OTHER, NOW.plusSeconds(lifetimeSeconds));
        assertThat(BypassCookies.verify(SECRET, token, NOW)).isFalse();
    }

    @Property(tries = 200)
    void anExtendedExpiryIsRefused(@ForAll @LongRange(min = 1, max = 100_000) long extra) {
        String token = BypassCookies.issue(SECRET, NOW.minusSeconds(1));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + (Long.parseLong(parts[1]) + extra) + "." + parts[2];
        assertThat(BypassCookies.verify(SECRET, forged, NOW)).isFalse();
    }

    @Property(tries = 3000)
    void garbageNeverThrows(@ForAll("garbage") String garbage) {
        assertThat(BypassCookies.verify(SECRET, garbage, NOW)).isFalse();
    }

    @Property(tries = 300)
    void secretsMatchOnlyThemselves(@ForAll("secrets") String secret, @ForAll("secrets") String other) {
        BypassSecret stored = BypassSecret.of(secret, RANDOM);
        assertThat(stored.matches(secret)).isTrue();
        assertThat(stored.matches(other)).isEqualTo(secret.equals(other));
        BypassSecret restored = BypassSecret.restore(stored.saltBase64(), stored.digestBase64());
        assertThat(restored).isEqualTo(stored);
        assertThat(restored.matches(secret)).isTrue();
        assertThat(stored.toString()).doesNotContain(secret);
    }

    private static boolean sameDecodedSignature(String a, String b) {
        Base64.Decoder d = Base64.getUrlDecoder();
        try {
            return Arrays.equals(
                    d.decode(a.substring(a.lastIndexOf('.') + 1)), d.decode(b.substring(b.lastIndexOf('.') + 1)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Provide
    Arbitrary<Character> tokenChars() {
        return Arbitraries.chars()
                .with("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.=+/ ".toCharArray());
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings()
                        .withChars("1.0123456789-_abcXYZ=")
                        .ofMaxLength(90)
                        .map(s -> "1." + s));
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")
                .ofMinLength(BypassSecret.MIN_LENGTH)
                .ofMaxLength(40);
    }
}
