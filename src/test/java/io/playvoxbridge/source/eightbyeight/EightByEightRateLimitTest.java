package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sliding-window limit the bridge keeps per tenant for Data Augmentation (100 a minute). */
class EightByEightRateLimitTest {

    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");

    @Test
    void grants_100_then_tells_how_long_to_wait_for_the_101st() {
        EightByEightRateLimit limit = EightByEightRateLimit.forAugmentation();
        for (int i = 0; i < 100; i++) {
            assertThat(limit.tryAcquire(T0.plusMillis(i * 10L))).as("request %s", i).isZero();
        }

        assertThat(limit.tryAcquire(T0.plusSeconds(2))).isEqualTo(Duration.ofSeconds(59));
        assertThat(limit.inWindow(T0.plusSeconds(2))).isEqualTo(100);
        assertThat(limit.tryAcquire(T0.plusSeconds(61))).isZero();
        assertThat(limit.tryAcquire(T0.plusSeconds(61))).as("the second request started at +10 ms is still in")
                .isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void never_lets_more_than_the_permits_start_within_any_window() {
        EightByEightRateLimit limit = new EightByEightRateLimit(5, Duration.ofSeconds(10));
        java.util.List<Instant> starts = new java.util.ArrayList<>();
        Instant now = T0;
        while (starts.size() < 40) {
            Duration wait = limit.tryAcquire(now);
            if (wait.isZero()) {
                starts.add(now);
                now = now.plusMillis(700);
            } else {
                now = now.plus(wait);
            }
        }

        for (int i = 5; i < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i - 5), starts.get(i))).as("start %s", i)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void refuses_nonsense_settings() {
        assertThatThrownBy(() -> new EightByEightRateLimit(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EightByEightRateLimit(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
