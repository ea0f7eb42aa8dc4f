package dev.maintenance4j.bypass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BypassSecretTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedSecretsAreLongUrlSafeAndDistinct() {
        BypassSecret.Generated a = BypassSecret.generate(random);
        BypassSecret.Generated b = BypassSecret.generate(random);
        assertThat(a.secret()).hasSize(32).matches("[A-Za-z0-9_-]+").isNotEqualTo(b.secret());
        assertThat(a.stored().matches(a.secret())).isTrue();
        assertThat(a.stored().matches(b.secret())).isFalse();
        assertThat(a.toString()).doesNotContain(a.secret());
    }

    @Test
    void theStoredFormHoldsNoClearText() {
        String secret = "correct-horse-battery-staple";
        BypassSecret stored = BypassSecret.of(secret, random);
        assertThat(stored.saltBase64() + stored.digestBase64() + stored.fingerprint())
                .doesNotContain(secret);
    }

    @Test
    void rotationInvalidatesCookies() {
        BypassSecret first = BypassSecret.generate(random).stored();
        BypassSecret second = BypassSecret.generate(random).stored();
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        String cookie = BypassCookies.issue(first, now.plusSeconds(3600));
        assertThat(BypassCookies.verify(first, cookie, now)).isTrue();
        assertThat(BypassCookies.verify(second, cookie, now)).isFalse();
    }

    @Test
    void weakOrUnsafeSecretsAreRefused() {
        assertThatThrownBy(() -> BypassSecret.of("short", random)).hasMessageContaining("16 to 128 characters");
        assertThatThrownBy(() -> BypassSecret.of("has spaces in it, sadly", random))
                .hasMessageContaining("A-Z a-z 0-9");
        assertThatThrownBy(() -> BypassSecret.of("slash/is/not/allowed/here", random))
                .hasMessageContaining("A-Z a-z 0-9");
    }

    @Test
    void malformedStoredFormsAreRefused() {
        assertThatThrownBy(() -> BypassSecret.restore("***", "***")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BypassSecret.restore("AAAAAAAAAAA", "AAAA"))
                .hasMessageContaining("digest must have 32 bytes");
    }
}
