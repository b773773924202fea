package io.playvoxbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The backfill command's --from/--to: ISO-8601 local date-times read in the feed's zone, or with an offset. */
class BackfillTimeTest {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    @Test
    void reads_a_local_date_time_in_the_feeds_zone() {
        assertThat(BackfillTime.parse("--from", "2026-11-01T00:00:00").in(BOGOTA))
                .isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
        assertThat(BackfillTime.parse("--from", "2026-11-01T00:00").in(BOGOTA))
                .isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
    }

    @Test
    void reads_a_date_as_its_start_in_the_feeds_zone() {
        assertThat(BackfillTime.parse("--from", " 2026-11-01 ").in(BOGOTA)).isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
    }

    @Test
    void a_time_with_an_offset_ignores_the_feeds_zone() {
        assertThat(BackfillTime.parse("--to", "2026-11-01T00:00:00-03:00").in(BOGOTA))
                .isEqualTo(Instant.parse("2026-11-01T03:00:00Z"));
        assertThat(BackfillTime.parse("--to", "2026-11-01T03:00:00Z").in(BOGOTA))
                .isEqualTo(Instant.parse("2026-11-01T03:00:00Z"));
    }

    @Test
    void anything_else_is_one_line_naming_the_option_and_the_accepted_forms() {
        for (String bad : new String[] {"yesterday", "01/11/2026", "2026-13-01T00:00:00", "", "2026-11-01T25:00"}) {
            assertThatThrownBy(() -> BackfillTime.parse("--from", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--from '" + bad + "': not an ISO-8601 date-time")
                    .hasMessageContaining("2026-11-01T00:00:00-05:00")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void checks_the_order_when_both_are_local_or_both_have_an_offset() {
        BackfillTime localFrom = BackfillTime.parse("--from", "2026-11-02T00:00:00");
        BackfillTime localTo = BackfillTime.parse("--to", "2026-11-01T00:00:00");
        assertThatThrownBy(() -> BackfillTime.checkOrderWithoutZone(localFrom, localTo))
                .hasMessage("--from 2026-11-02T00:00:00 must be before --to 2026-11-01T00:00:00");
        assertThatThrownBy(() -> BackfillTime.checkOrderWithoutZone(localFrom, BackfillTime.parse("--to",
                "2026-11-02T00:00:00"))).hasMessageContaining("must be before");
        assertThatThrownBy(() -> BackfillTime.checkOrderWithoutZone(BackfillTime.parse("--from", "2026-11-01T06:00:00Z"),
                BackfillTime.parse("--to", "2026-11-01T00:00:00-05:00"))).hasMessageContaining("must be before");
        assertThatCode(() -> BackfillTime.checkOrderWithoutZone(localTo, localFrom)).doesNotThrowAnyException();
    }

    @Test
    void leaves_a_mixed_pair_to_be_checked_in_the_feeds_zone() {
        assertThatCode(() -> BackfillTime.checkOrderWithoutZone(BackfillTime.parse("--from", "2026-11-02T00:00:00"),
                BackfillTime.parse("--to", "2026-11-01T00:00:00Z"))).doesNotThrowAnyException();
    }
}
