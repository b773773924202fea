package io.playvoxbridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Window planning from the watermark, the lookback, the first-run start and the longest window. */
class FeedWindowPlannerTest {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    static final Instant NOW = Instant.parse("2026-11-22T12:00:30.250Z");

    @TempDir
    Path dir;
    StateDatabase db;
    WatermarkStore watermarks;

    @BeforeEach
    void open() {
        db = new StateDatabase("jdbc:h2:file:" + dir.resolve("state"), "sa", "");
        watermarks = new WatermarkStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    FeedWindowPlanner planner(Optional<LocalDateTime> startAt, Duration maxWindow) {
        return new FeedWindowPlanner("wolkvox-chat", startAt, BOGOTA, Duration.ofMinutes(10), maxWindow, watermarks,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void first_run_starts_at_the_configured_local_start_in_the_operation_zone() {
        List<FeedWindow> windows = planner(Optional.of(LocalDateTime.parse("2026-11-22T00:00:00")), Duration.ofDays(31)).plan();
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).from()).isEqualTo(Instant.parse("2026-11-22T05:00:00Z"));
        assertThat(windows.get(0).to()).isEqualTo(Instant.parse("2026-11-22T12:00:30Z"));
    }

    @Test
    void first_run_without_a_start_reaches_back_24_hours() {
        List<FeedWindow> windows = planner(Optional.empty(), Duration.ofDays(31)).plan();
        assertThat(windows.get(0).from()).isEqualTo(Instant.parse("2026-11-21T12:00:30Z"));
    }

    @Test
    void later_polls_start_at_the_watermark_minus_the_lookback() {
        watermarks.put("wolkvox-chat", Instant.parse("2026-11-22T11:00:00Z"));
        List<FeedWindow> windows = planner(Optional.empty(), Duration.ofDays(31)).plan();
        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w.from()).isEqualTo(Instant.parse("2026-11-22T10:50:00Z"));
            assertThat(w.to()).isEqualTo(Instant.parse("2026-11-22T12:00:30Z"));
        });
    }

    @Test
    void long_ranges_are_cut_into_contiguous_windows_of_at_most_the_maximum() {
        List<FeedWindow> windows = planner(Optional.of(LocalDateTime.parse("2026-09-01T00:00:00")), Duration.ofDays(31)).plan();
        assertThat(windows).hasSize(3);
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i).from()).isEqualTo(windows.get(i - 1).to());
        }
        assertThat(windows).allSatisfy(w -> assertThat(Duration.between(w.from(), w.to())).isLessThanOrEqualTo(Duration.ofDays(31)));
        assertThat(windows.get(2).to()).isEqualTo(Instant.parse("2026-11-22T12:00:30Z"));
    }

    @Test
    void a_watermark_in_the_future_plans_nothing() {
        watermarks.put("wolkvox-chat", Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(planner(Optional.empty(), Duration.ofDays(31)).plan()).isEmpty();
    }

    @Test
    void commit_moves_the_watermark_to_the_window_end() {
        FeedWindowPlanner p = planner(Optional.empty(), Duration.ofHours(6));
        List<FeedWindow> windows = p.plan();
        p.commit(windows.get(0));
        assertThat(watermarks.get("wolkvox-chat")).contains(windows.get(0).to());
    }
}
