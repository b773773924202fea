package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Report ranges: a day at most, cut at daylight-saving changes, halved while a result reaches the row limit. */
class Five9RangeSplitterTest {

    static final Instant FALL_BACK = Instant.parse("2026-11-01T09:00:00Z");
    static final Instant SPRING_FORWARD = Instant.parse("2026-03-08T10:00:00Z");

    @Test
    void plans_consecutive_ranges_of_at_most_a_day() {
        Instant from = Instant.parse("2026-06-01T07:00:00Z");

        List<Five9Range> ranges = Five9RangeSplitter.defaults().plan(from, from.plus(Duration.ofHours(60))).remaining();

        assertThat(ranges).containsExactly(
                new Five9Range(from, from.plus(Duration.ofHours(24))),
                new Five9Range(from.plus(Duration.ofHours(24)), from.plus(Duration.ofHours(48))),
                new Five9Range(from.plus(Duration.ofHours(48)), from.plus(Duration.ofHours(60))));
    }

    @Test
    void cuts_ranges_at_both_daylight_saving_changes() {
        Five9RangeSplitter splitter = Five9RangeSplitter.defaults();

        List<Five9Range> november = splitter.plan(Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-01T20:00:00Z")).remaining();
        List<Five9Range> march = splitter.plan(Instant.parse("2026-03-08T00:00:00Z"),
                Instant.parse("2026-03-08T20:00:00Z")).remaining();

        assertThat(november).containsExactly(new Five9Range(Instant.parse("2026-11-01T00:00:00Z"), FALL_BACK),
                new Five9Range(FALL_BACK, Instant.parse("2026-11-01T20:00:00Z")));
        assertThat(march).extracting(Five9Range::end).contains(SPRING_FORWARD);
        assertThat(november.get(1).criteriaStart(Five9ReportTimes.PACIFIC)).isEqualTo("2026-11-01T01:00:00.000-08:00");
        assertThat(november.get(0).criteriaEnd(Five9ReportTimes.PACIFIC)).isEqualTo("2026-11-01T01:00:00.000-08:00");
    }

    @Test
    void keeps_a_result_under_the_limit_and_halves_one_that_reaches_it() {
        Five9RangeSplitter splitter = new Five9RangeSplitter(Five9ReportTimes.PACIFIC, Duration.ofDays(1), 50_000);
        Instant from = Instant.parse("2026-06-01T07:00:00Z");
        Five9RangeSplitter.Plan plan = splitter.plan(from, from.plus(Duration.ofDays(1)));
        Five9Range day = plan.next();

        assertThat(plan.complete(day, 50_000)).isFalse();
        assertThat(plan.remaining()).containsExactly(new Five9Range(from, from.plus(Duration.ofHours(12))),
                new Five9Range(from.plus(Duration.ofHours(12)), from.plus(Duration.ofDays(1))));
        assertThat(plan.complete(plan.next(), 49_999)).isTrue();
        assertThat(plan.complete(plan.next(), 0)).isTrue();
        assertThat(plan.hasNext()).isFalse();
        assertThat(plan.splits()).isEqualTo(1);
        assertThat(splitter.reachesLimit(49_999)).isFalse();
        assertThat(splitter.reachesLimit(50_000)).isTrue();
    }

    @Test
    void halves_until_every_result_fits_and_covers_the_whole_window() {
        // 1 row per second over 1,000 seconds, limit 100: a range of s seconds holds s + 1 rows (both ends inclusive)
        Five9RangeSplitter splitter = new Five9RangeSplitter(Five9ReportTimes.PACIFIC, Duration.ofDays(1), 100);
        Instant from = Instant.parse("2026-06-01T07:00:00Z");
        Five9RangeSplitter.Plan plan = splitter.plan(from, from.plusSeconds(1000));
        List<Five9Range> delivered = new ArrayList<>();

        while (plan.hasNext()) {
            Five9Range range = plan.next();
            int rows = (int) range.span().getSeconds() + 1;
            if (plan.complete(range, Math.min(rows, 100))) {
                delivered.add(range);
            }
        }

        assertThat(delivered).allSatisfy(r -> assertThat(r.span().getSeconds() + 1).isLessThan(100));
        assertThat(delivered.get(0).start()).isEqualTo(from);
        assertThat(delivered.get(delivered.size() - 1).end()).isEqualTo(from.plusSeconds(1000));
        for (int i = 1; i < delivered.size(); i++) {
            assertThat(delivered.get(i).start()).isEqualTo(delivered.get(i - 1).end());
        }
        assertThat(plan.splits()).isEqualTo(delivered.size() - 1);
    }

    @Test
    void refuses_to_halve_a_range_too_short_to_split() {
        Five9RangeSplitter splitter = new Five9RangeSplitter(Five9ReportTimes.PACIFIC, Duration.ofDays(1), 10);
        Instant at = Instant.parse("2026-06-01T07:00:00Z");
        Five9RangeSplitter.Plan plan = splitter.plan(at, at.plusSeconds(1));

        assertThatThrownBy(() -> plan.complete(plan.next(), 10))
                .isInstanceOf(Five9ReportException.class)
                .hasMessageContaining("holds 10 rows or more and is too short to split");
    }

    @Test
    void refuses_a_result_of_another_range_than_the_next() {
        Instant from = Instant.parse("2026-06-01T07:00:00Z");
        Five9RangeSplitter.Plan plan = Five9RangeSplitter.defaults().plan(from, from.plus(Duration.ofDays(2)));

        assertThatThrownBy(() -> plan.complete(new Five9Range(from, from.plusSeconds(5)), 1))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Five9Range(from, from)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Five9RangeSplitter.defaults().plan(from, from)).isInstanceOf(IllegalArgumentException.class);
    }
}
