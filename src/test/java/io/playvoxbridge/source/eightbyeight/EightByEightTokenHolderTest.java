package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The OAuth token holder keeps the token until expires_in minus its margin, and drops it on a 401. */
class EightByEightTokenHolderTest {

    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void keeps_the_token_of_the_recorded_answer_until_expires_in_minus_the_margin() {
        EightByEightTokenHolder holder = new EightByEightTokenHolder(clock, Duration.ofSeconds(60));
        assertThat(holder.current()).isEmpty();

        String token = holder.accept(Fixtures.read("token-response.json"));

        assertThat(token).isEqualTo("eyJhbGciOiJSUzI1NiJ9.sandbox-fixture.c2lnbmF0dXJl");
        assertThat(holder.authorization()).isEqualTo("Bearer " + token);
        assertThat(holder.expiresAt()).hasValue(T0.plusSeconds(1800));
        now.set(T0.plusSeconds(1739));
        assertThat(holder.current()).hasValue(token);
        now.set(T0.plusSeconds(1740));
        assertThat(holder.current()).isEmpty();
        assertThatThrownBy(holder::authorization).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void caps_the_margin_at_half_a_short_lifetime() {
        EightByEightTokenHolder holder = new EightByEightTokenHolder(clock, Duration.ofSeconds(60));
        holder.accept("short", Duration.ofSeconds(30));

        now.set(T0.plusSeconds(14));
        assertThat(holder.current()).hasValue("short");
        now.set(T0.plusSeconds(15));
        assertThat(holder.current()).isEmpty();
    }

    @Test
    void drops_only_the_token_that_was_refused() {
        EightByEightTokenHolder holder = new EightByEightTokenHolder(clock, EightByEightTokenHolder.DEFAULT_MARGIN);
        holder.accept("old", Duration.ofMinutes(30));
        holder.accept("new", Duration.ofMinutes(30));

        assertThat(holder.invalidate("Bearer old")).isFalse();
        assertThat(holder.current()).hasValue("new");
        assertThat(holder.invalidate("Bearer new")).isTrue();
        assertThat(holder.current()).isEmpty();
        assertThat(holder.expiresAt()).isEmpty();
    }

    @Test
    void never_shows_the_token_in_to_string() {
        EightByEightTokenHolder holder = new EightByEightTokenHolder(clock, EightByEightTokenHolder.DEFAULT_MARGIN);
        holder.accept("secret-token-value", Duration.ofMinutes(30));

        assertThat(holder.toString()).doesNotContain("secret-token-value").contains("2026-11-21T15:30:00Z");
    }

    @Test
    void refuses_an_answer_without_a_token_or_a_positive_lifetime() {
        EightByEightTokenHolder holder = new EightByEightTokenHolder(clock, EightByEightTokenHolder.DEFAULT_MARGIN);

        assertThatThrownBy(() -> holder.accept("{\"expires_in\":1800}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("8x8 token answer has no access_token");
        assertThatThrownBy(() -> holder.accept("{\"access_token\":\"t\",\"expires_in\":\"soon\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expires_in: soon");
        assertThatThrownBy(() -> holder.accept("{\"access_token\":\"t\",\"expires_in\":0}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> holder.accept("<html>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("8x8 token answer is not valid JSON");
    }

    @Test
    void builds_the_basic_credentials_of_the_token_request() {
        String header = EightByEightTokenHolder.basicCredentials("client-1", "s3cr:et");

        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("client-1:s3cr:et");
        assertThat(EightByEightApi.TOKEN_REQUEST_BODY).isEqualTo("grant_type=client_credentials");
        assertThatThrownBy(() -> EightByEightTokenHolder.basicCredentials("client-1", " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
