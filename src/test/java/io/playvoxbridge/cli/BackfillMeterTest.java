package io.playvoxbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress state the backfill's progress bar shows: windows, records, rate and time left, across resumed runs. */
class BackfillMeterTest {

    @Test
    void has_no_estimate_before_the_first_window() {
        BackfillMeter meter = new BackfillMeter(48, 0, 0, Duration.ZERO);

        assertThat(meter.eta()).isEmpty();
        assertThat(meter.recordsPerSecond()).isZero();
        assertThat(meter.extraMessage()).isEqualTo("0 records, 0.0 records/s");
        assertThat(meter.complete()).isFalse();
    }

    @Test
    void counts_windows_and_records_and_estimates_from_the_mean_window() {
        BackfillMeter meter = new BackfillMeter(4, 0, 0, Duration.ZERO);

        meter.windowDone(1000, 990, 8, 2, Duration.ofSeconds(10));
        meter.windowDone(234, 234, 0, 0, Duration.ofSeconds(20));

        assertThat(meter.windowsDone()).isEqualTo(2);
        assertThat(meter.windowsThisRun()).isEqualTo(2);
        assertThat(meter.records()).isEqualTo(1234);
        assertThat(meter.delivered()).isEqualTo(1224);
        assertThat(meter.deadLettered()).isEqualTo(8);
        assertThat(meter.alreadyDelivered()).isEqualTo(2);
        assertThat(meter.recordsPerSecond()).isCloseTo(41.13, org.assertj.core.data.Offset.offset(0.01));
        assertThat(meter.eta()).contains(Duration.ofSeconds(30));
        assertThat(meter.extraMessage()).isEqualTo("1,234 records, 41.1 records/s");
    }

    @Test
    void a_resumed_run_starts_from_what_earlier_runs_committed() {
        BackfillMeter meter = new BackfillMeter(48, 12, 6000, Duration.ofMinutes(2));

        assertThat(meter.windowsDone()).isEqualTo(12);
        assertThat(meter.windowsThisRun()).isZero();
        assertThat(meter.recordsPerSecond()).isEqualTo(50.0);
        assertThat(meter.eta()).contains(Duration.ofMinutes(6));

        meter.windowDone(500, 500, 0, 0, Duration.ofSeconds(10));

        assertThat(meter.windowsDone()).isEqualTo(13);
        assertThat(meter.windowsThisRun()).isEqualTo(1);
        assertThat(meter.delivered()).isEqualTo(500);
        assertThat(meter.records()).isEqualTo(6500);
    }

    @Test
    void is_complete_with_nothing_left_once_every_window_is_committed() {
        BackfillMeter meter = new BackfillMeter(2, 1, 10, Duration.ofSeconds(1));
        meter.windowDone(10, 10, 0, 0, Duration.ofSeconds(1));

        assertThat(meter.complete()).isTrue();
        assertThat(meter.eta()).contains(Duration.ZERO);
    }

    @Test
    void an_empty_range_is_complete_at_once() {
        assertThat(new BackfillMeter(0, 0, 0, Duration.ZERO).complete()).isTrue();
    }

    @Test
    void refuses_more_windows_done_than_there_are() {
        assertThatThrownBy(() -> new BackfillMeter(3, 4, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
