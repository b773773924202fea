package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The Five9 call limits as a sliding window on the ends of calls, on a clock the test moves. */
class Five9CallPacerTest {

    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-01T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovingClock clock = new MovingClock();
    final Five9CallPacer pacer = Five9CallPacer.documented(16, 20, clock);

    @Test
    void lets_20_result_fetches_through_then_waits_until_the_first_ended_a_minute_and_a_second_ago() {
        Instant first = clock.now;
        for (int i = 0; i < 20; i++) {
            assertThat(pacer.delayFor("getReportResultCsv")).isZero();
            pacer.done("getReportResultCsv");
            clock.now = clock.now.plusSeconds(1);
        }
        assertThat(pacer.delayFor("getReportResultCsv"))
                .isEqualTo(Duration.between(clock.now, first.plusSeconds(61)));
        clock.now = first.plusSeconds(61);
        assertThat(pacer.delayFor("getReportResultCsv")).isZero();
    }

    @Test
    void lets_16_report_runs_through_a_minute_and_keeps_operations_apart() {
        for (int i = 0; i < 16; i++) {
            assertThat(pacer.delayFor("runReport")).isZero();
            pacer.done("runReport");
        }
        assertThat(pacer.delayFor("runReport")).isEqualTo(Duration.ofSeconds(61));
        assertThat(pacer.delayFor("getReportResultCsv")).isZero();
        assertThat(pacer.delayFor("isReportRunning")).isZero();
        assertThat(pacer.delayFor("getCallCountersState")).isZero(); // not paced
    }

    @Test
    void keeps_the_hourly_limit_of_120_report_runs() {
        Instant start = clock.now;
        for (int i = 0; i < 120; i++) {
            clock.now = start.plusSeconds(i * 5L); // 12 a minute: under the minute's limit
            assertThat(pacer.delayFor("runReport")).isZero();
            pacer.done("runReport");
        }
        clock.now = start.plusSeconds(600);
        assertThat(pacer.delayFor("runReport")).isEqualTo(Duration.ofSeconds(3600 + 1 - 600));
    }

    @Test
    void acquire_returns_at_once_under_the_limit() throws InterruptedException {
        pacer.acquire("runReport");
        pacer.done("runReport");
        assertThat(pacer.waits()).isZero();
    }
}
