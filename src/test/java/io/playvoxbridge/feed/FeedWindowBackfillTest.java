package io.playvoxbridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.state.WatermarkStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A backfill's windows: cut like a poll's at the feed's max window, marked as a backfill's. */
class FeedWindowBackfillTest {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    @Test
    void cuts_a_range_into_windows_of_at_most_the_max_window_marked_as_a_backfills() {
        FeedWindowPlanner planner = new FeedWindowPlanner("wolkvox-chat", Optional.empty(), BOGOTA, Duration.ofMinutes(10),
                Duration.ofHours(1), new WatermarkStore(new org.h2.jdbcx.JdbcDataSource()),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));

        List<FeedWindow> windows = planner.planRange(Instant.parse("2026-11-01T05:00:00.700Z"),
                Instant.parse("2026-11-01T07:30:00Z"), true);

        assertThat(windows).extracting(FeedWindow::from).containsExactly(Instant.parse("2026-11-01T05:00:00Z"),
                Instant.parse("2026-11-01T06:00:00Z"), Instant.parse("2026-11-01T07:00:00Z"));
        assertThat(windows.get(2).to()).isEqualTo(Instant.parse("2026-11-01T07:30:00Z"));
        assertThat(windows).allSatisfy(w -> assertThat(w.backfill()).isTrue());
        assertThat(planner.planRange(Instant.parse("2026-11-01T07:30:00Z"), Instant.parse("2026-11-01T07:30:00Z"), true))
                .isEmpty();
    }

    @Test
    void a_polls_window_is_not_a_backfills() {
        assertThat(new FeedWindow("wolkvox-chat", Instant.EPOCH, Instant.EPOCH.plusSeconds(1), BOGOTA).backfill()).isFalse();
    }
}
