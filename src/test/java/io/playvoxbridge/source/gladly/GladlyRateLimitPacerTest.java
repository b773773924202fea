package io.playvoxbridge.source.gladly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The wait before the next Gladly request, read from Ratelimit-* and Retry-After of the previous answer. */
class GladlyRateLimitPacerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T15:00:00Z");
    private final GladlyRateLimitPacer pacer = new GladlyRateLimitPacer(Clock.fixed(NOW, ZoneOffset.UTC));

    /** Headers looked up without regard to case, as Camel and HTTP clients do. */
    private static Function<String, String> headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }

    @Test
    void goes_on_at_once_while_requests_remain_in_the_second() {
        assertThat(pacer.waitBeforeNext(200, headers("Ratelimit-Limit-Second", "10", "Ratelimit-Remaining-Second", "9")))
                .isZero();
        assertThat(pacer.waitBeforeNext(200, headers("Ratelimit-Remaining-Second", "1"))).isZero();
    }

    @Test
    void waits_a_whole_second_when_none_remain() {
        assertThat(pacer.waitBeforeNext(200, headers("Ratelimit-Limit-Second", "10", "Ratelimit-Remaining-Second", "0")))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.waitBeforeNext(404, headers("ratelimit-remaining-second", " 0 "))).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.waitBeforeNext(200, headers("Ratelimit-Remaining-Second", "-1"))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void after_a_429_waits_what_retry_after_asks_in_seconds_or_as_a_date() {
        assertThat(pacer.waitBeforeNext(429, headers("Retry-After", "3", "Ratelimit-Remaining-Second", "0")))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(pacer.waitBeforeNext(429, headers("Retry-After", "Sat, 21 Nov 2026 15:00:02 GMT")))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(pacer.waitBeforeNext(429, headers("Retry-After", "Sat, 21 Nov 2026 14:59:00 GMT"))).isZero();
        assertThat(pacer.waitBeforeNext(429, headers("Retry-After", "0"))).isZero();
    }

    @Test
    void after_a_429_without_a_usable_retry_after_waits_one_window() {
        assertThat(pacer.waitBeforeNext(429, headers())).isEqualTo(GladlyRateLimitPacer.WINDOW);
        assertThat(pacer.waitBeforeNext(429, headers("Retry-After", "soon"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.waitBeforeNext(429, headers("Retry-After", "-5"))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void goes_on_at_once_when_the_headers_are_absent_or_unreadable() {
        assertThat(pacer.waitBeforeNext(200, headers())).isZero();
        assertThat(pacer.waitBeforeNext(500, headers("Ratelimit-Remaining-Second", "many"))).isZero();
    }

    @Test
    void reads_the_limit_when_it_is_a_positive_number() {
        assertThat(GladlyRateLimitPacer.limit(headers("Ratelimit-Limit-Second", "10"))).isEqualTo(10);
        assertThat(GladlyRateLimitPacer.limit(headers("Ratelimit-Limit-Second", "0"))).isNull();
        assertThat(GladlyRateLimitPacer.limit(headers("Ratelimit-Limit-Second", "ten"))).isNull();
        assertThat(GladlyRateLimitPacer.limit(headers())).isNull();
    }
}
