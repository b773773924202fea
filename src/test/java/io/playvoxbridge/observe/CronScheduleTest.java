package io.playvoxbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The schedule a feed health check allows twice: the longest gap between two fires of the feed's Quartz cron. */
class CronScheduleTest {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final Instant MONDAY_NOON = Instant.parse("2026-12-07T12:00:30Z");

    @Test
    void a_regular_cron_gives_its_period() {
        assertThat(CronSchedule.longestInterval("0 0/5 * * * ?", UTC, MONDAY_NOON)).contains(Duration.ofMinutes(5));
        assertThat(CronSchedule.longestInterval("0 0/15 * * * ?", UTC, MONDAY_NOON)).contains(Duration.ofMinutes(15));
        assertThat(CronSchedule.longestInterval("0/1 * * * * ?", UTC, MONDAY_NOON)).contains(Duration.ofSeconds(1));
    }

    @Test
    void an_office_hours_cron_gives_its_night_gap() {
        // hourly from 9 to 17: the gap from 17:00 to 09:00 the next day
        assertThat(CronSchedule.longestInterval("0 0 9-17 * * ?", UTC, MONDAY_NOON)).contains(Duration.ofHours(16));
    }

    @Test
    void a_weekdays_cron_gives_its_weekend_gap() {
        assertThat(CronSchedule.longestInterval("0 0 6 ? * MON-FRI", UTC, MONDAY_NOON)).contains(Duration.ofDays(3));
    }

    @Test
    void a_cron_of_a_far_year_fires_on_its_own_period_then() {
        // the tests' trick: a schedule that never fires now, yet has a period
        assertThat(CronSchedule.longestInterval("0 0 * * * ? 2099", UTC, MONDAY_NOON)).contains(Duration.ofHours(1));
    }

    @Test
    void a_cron_that_fires_once_more_has_no_interval() {
        assertThat(CronSchedule.longestInterval("0 0 0 1 1 ? 2099", UTC, MONDAY_NOON)).isEmpty();
        assertThat(CronSchedule.longestInterval("0 0 0 1 1 ? 2020", UTC, MONDAY_NOON)).isEmpty();
    }

    @Test
    void the_daylight_saving_change_lengthens_a_daily_gap_by_an_hour() {
        // 12:30 local every day in New York: on 2026-11-01 clocks go back from 02:00 to 01:00
        Duration longest = CronSchedule.longestInterval("0 30 12 * * ?", TimeZone.getTimeZone("America/New_York"),
                Instant.parse("2026-10-29T00:00:00Z")).orElseThrow();
        assertThat(longest).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void a_malformed_cron_is_refused_with_the_expression() {
        assertThatThrownBy(() -> CronSchedule.longestInterval("every five minutes", UTC, MONDAY_NOON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every five minutes");
    }
}
