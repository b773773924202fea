package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.feed.InvalidRecordException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Five9 report times in Pacific time, across the repeated hour of November and the skipped hour of March. */
class Five9ReportTimesTest {

    static final ZoneId PACIFIC = Five9ReportTimes.PACIFIC;
    /** 2026-11-01 01:00 PST: clocks go back from 02:00 PDT, so 01:00-01:59 happens twice. */
    static final Instant FALL_BACK = Instant.parse("2026-11-01T09:00:00Z");
    /** 2026-03-08 03:00 PDT: clocks jump from 02:00 PST, so 02:00-02:59 never happens. */
    static final Instant SPRING_FORWARD = Instant.parse("2026-03-08T10:00:00Z");

    @Test
    void reads_a_report_time_with_its_pacific_offset() {
        assertThat(Five9ReportTimes.parse("TIMESTAMP", "Tue, 05 Mar 2024 13:45:10", PACIFIC))
                .isEqualTo(OffsetDateTime.parse("2024-03-05T13:45:10-08:00"));
        assertThat(Five9ReportTimes.parse("TIMESTAMP", "Fri, 05 Jul 2024 13:45:10", PACIFIC))
                .isEqualTo(OffsetDateTime.parse("2024-07-05T13:45:10-07:00"));
    }

    @Test
    void keeps_a_time_that_already_has_an_offset_and_reads_nothing_from_blank() {
        assertThat(Five9ReportTimes.parse("TIMESTAMP", "2026-11-01T01:30:00-08:00", PACIFIC))
                .isEqualTo(OffsetDateTime.parse("2026-11-01T01:30:00-08:00"));
        assertThat(Five9ReportTimes.parse("TIMESTAMP", "  ", PACIFIC)).isNull();
        assertThat(Five9ReportTimes.parse("TIMESTAMP", null, PACIFIC)).isNull();
    }

    @Test
    void converts_the_seconds_around_the_skipped_hour_one_second_apart() {
        OffsetDateTime before = Five9ReportTimes.parse("TIMESTAMP", "Sun, 08 Mar 2026 01:59:59", PACIFIC);
        OffsetDateTime after = Five9ReportTimes.parse("TIMESTAMP", "Sun, 08 Mar 2026 03:00:00", PACIFIC);

        assertThat(before).isEqualTo(OffsetDateTime.parse("2026-03-08T01:59:59-08:00"));
        assertThat(after).isEqualTo(OffsetDateTime.parse("2026-03-08T03:00:00-07:00"));
        assertThat(Duration.between(before, after)).isEqualTo(Duration.ofSeconds(1));
        assertThat(after.toInstant()).isEqualTo(SPRING_FORWARD);
    }

    @Test
    void refuses_a_time_of_the_skipped_hour() {
        assertThatThrownBy(() -> Five9ReportTimes.parse("TIMESTAMP", "Sun, 08 Mar 2026 02:30:00", PACIFIC))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field TIMESTAMP: 'Sun, 08 Mar 2026 02:30:00' does not exist in the report's zone "
                        + "(the hour skipped when daylight saving starts)");
        Five9ReportTimes times = new Five9ReportTimes(PACIFIC, new Five9Range(SPRING_FORWARD.minusSeconds(7200),
                SPRING_FORWARD.plusSeconds(7200)));
        assertThatThrownBy(() -> times.resolve("TIMESTAMP", "Sun, 08 Mar 2026 02:00:00"))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void reads_the_repeated_hour_without_context_as_daylight_time() {
        assertThat(Five9ReportTimes.parse("TIMESTAMP", "Sun, 01 Nov 2026 01:30:00", PACIFIC))
                .isEqualTo(OffsetDateTime.parse("2026-11-01T01:30:00-07:00"));
    }

    @Test
    void places_the_repeated_hour_by_the_range_of_the_report() {
        Five9ReportTimes afterChange = new Five9ReportTimes(PACIFIC,
                new Five9Range(FALL_BACK, FALL_BACK.plusSeconds(3 * 3600)));
        Five9ReportTimes beforeChange = new Five9ReportTimes(PACIFIC,
                new Five9Range(FALL_BACK.minusSeconds(3 * 3600), FALL_BACK.minusSeconds(1)));

        assertThat(afterChange.resolve("TIMESTAMP", "Sun, 01 Nov 2026 01:30:00"))
                .isEqualTo(OffsetDateTime.parse("2026-11-01T01:30:00-08:00"));
        assertThat(beforeChange.resolve("TIMESTAMP", "Sun, 01 Nov 2026 01:30:00"))
                .isEqualTo(OffsetDateTime.parse("2026-11-01T01:30:00-07:00"));
    }

    @Test
    void places_the_repeated_hour_by_the_order_of_rows_when_the_range_holds_both() {
        Five9ReportTimes times = new Five9ReportTimes(PACIFIC,
                new Five9Range(FALL_BACK.minusSeconds(3 * 3600), FALL_BACK.plusSeconds(3 * 3600)));

        assertThat(times.resolve("TIMESTAMP", "Sun, 01 Nov 2026 00:59:00")).hasToString("2026-11-01T00:59-07:00");
        assertThat(times.resolve("TIMESTAMP", "Sun, 01 Nov 2026 01:20:00")).hasToString("2026-11-01T01:20-07:00");
        assertThat(times.resolve("TIMESTAMP", "Sun, 01 Nov 2026 01:50:00")).hasToString("2026-11-01T01:50-07:00");
        assertThat(times.resolve("TIMESTAMP", "Sun, 01 Nov 2026 01:05:00")).hasToString("2026-11-01T01:05-08:00");
        assertThat(times.resolve("TIMESTAMP", "Sun, 01 Nov 2026 01:40:00")).hasToString("2026-11-01T01:40-08:00");
        assertThat(times.resolve("TIMESTAMP", "Sun, 01 Nov 2026 02:10:00")).hasToString("2026-11-01T02:10-08:00");
    }

    @Test
    void refuses_text_that_is_not_a_report_time() {
        assertThatThrownBy(() -> Five9ReportTimes.parse("TIMESTAMP", "2026-11-01 01:30:00", PACIFIC))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field TIMESTAMP: '2026-11-01 01:30:00' is not a Five9 report time "
                        + "(EEE, dd MMM yyyy HH:mm:ss, e.g. Tue, 05 Mar 2024 13:45:10)");
        assertThatThrownBy(() -> Five9ReportTimes.parse("TIMESTAMP", "Mon, 30 Feb 2026 10:00:00", PACIFIC))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> Five9ReportTimes.parse("TIMESTAMP", "Mon, 05 Mar 2024 13:45:10", PACIFIC))
                .as("5 March 2024 was a Tuesday").isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void writes_criteria_with_the_offset_of_the_moment() {
        assertThat(Five9ReportTimes.criteria(FALL_BACK.minusSeconds(1), PACIFIC)).isEqualTo("2026-11-01T01:59:59.000-07:00");
        assertThat(Five9ReportTimes.criteria(FALL_BACK, PACIFIC)).isEqualTo("2026-11-01T01:00:00.000-08:00");
        assertThat(Five9ReportTimes.criteria(SPRING_FORWARD, PACIFIC)).isEqualTo("2026-03-08T03:00:00.000-07:00");
    }
}
