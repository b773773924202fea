package io.playvoxbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playvoxbridge.sandbox.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TimeZone;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

/** A feed is ready while its last committed window (or the start, before the first) is within twice its schedule. */
class FeedHealthCheckTest {

    private static final Instant START = Instant.parse("2026-12-07T12:00:30Z");

    private final MutableClock clock = new MutableClock(START);
    private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry(), clock);

    private FeedHealthCheck check(String cron) {
        return new FeedHealthCheck("wolkvox-chat", cron, TimeZone.getTimeZone("UTC"), metrics, clock, START);
    }

    @Test
    void is_up_before_the_first_poll_within_the_grace_from_start_then_down() {
        FeedHealthCheck check = check("0 0/5 * * * ?");
        clock.advance(Duration.ofMinutes(10));
        HealthCheck.Result r = check.call();
        assertThat(r.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(r.getDetails()).containsEntry("last_success", "never").containsEntry("schedule", "PT5M")
                .containsEntry("allowed", "PT10M");
        clock.advance(Duration.ofSeconds(1));
        r = check.call();
        assertThat(r.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(r.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("counted from start"));
    }

    @Test
    void a_committed_window_makes_it_up_until_twice_the_schedule_passes() {
        FeedHealthCheck check = check("0 0/5 * * * ?");
        clock.advance(Duration.ofMinutes(30));
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.DOWN);
        metrics.windowCommitted("wolkvox-chat", clock.instant().minusSeconds(60));
        HealthCheck.Result r = check.call();
        assertThat(r.getState()).isEqualTo(HealthCheck.State.UP);
        Map<String, Object> details = r.getDetails();
        assertThat(details).containsEntry("last_success", clock.instant().toString())
                .containsEntry("lag_seconds", 60L).containsEntry("since_last_success", 0L);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void a_cron_without_two_more_fires_is_not_checked() {
        FeedHealthCheck check = check("0 0 0 1 1 ? 2099");
        clock.advance(Duration.ofDays(30));
        HealthCheck.Result r = check.call();
        assertThat(r.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(String.valueOf(r.getDetails().get("schedule"))).startsWith("none");
    }

    @Test
    void is_a_readiness_check_named_after_the_feed() {
        FeedHealthCheck check = check("0 0/5 * * * ?");
        assertThat(check.getId()).isEqualTo("feed-wolkvox-chat");
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
    }

    /** A clock the test moves. */
}
