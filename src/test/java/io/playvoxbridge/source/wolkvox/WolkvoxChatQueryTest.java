package io.playvoxbridge.source.wolkvox;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.feed.FeedWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The local dates a window is asked for, across midnight and daylight-saving changes, on both sides of UTC. */
class WolkvoxChatQueryTest {

    static FeedWindow window(String zone, String from, String to) {
        return new FeedWindow("wolkvox-chat", Instant.parse(from), Instant.parse(to), ZoneId.of(zone));
    }

    @Test
    void a_window_across_midnight_in_bogota_keeps_the_local_dates_of_both_days() {
        FeedWindow w = window("America/Bogota", "2026-11-22T04:30:00Z", "2026-11-22T05:30:00Z");
        assertThat(WolkvoxChatFeed.WOLKVOX_DATE.format(w.localFrom().toLocalDateTime())).isEqualTo("20261121233000");
        assertThat(WolkvoxChatFeed.localEnd(w)).isEqualTo(LocalDateTime.parse("2026-11-22T00:30:00"));
    }

    @Test
    void a_window_across_midnight_in_manila_is_a_day_ahead_of_utc() {
        FeedWindow w = window("Asia/Manila", "2026-11-21T15:30:00Z", "2026-11-21T16:30:00Z");
        assertThat(w.localFrom().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-11-21T23:30:00"));
        assertThat(WolkvoxChatFeed.localEnd(w)).isEqualTo(LocalDateTime.parse("2026-11-22T00:30:00"));
    }

    @Test
    void when_madrid_clocks_go_back_the_end_is_widened_so_the_repeated_hour_is_asked_for() {
        // 2026-10-25 03:00 CEST becomes 02:00 CET: the window 00:30Z-01:30Z is 02:30+02 to 02:30+01 locally
        FeedWindow w = window("Europe/Madrid", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z");
        assertThat(w.localFrom().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-10-25T02:30:00"));
        assertThat(w.localTo().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-10-25T02:30:00"));
        assertThat(WolkvoxChatFeed.localEnd(w)).isEqualTo(LocalDateTime.parse("2026-10-25T03:30:00"));
    }

    @Test
    void when_madrid_clocks_go_forward_the_local_range_already_covers_the_window() {
        // 2026-03-29 02:00 CET becomes 03:00 CEST
        FeedWindow w = window("Europe/Madrid", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z");
        assertThat(w.localFrom().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-29T01:30:00"));
        assertThat(WolkvoxChatFeed.localEnd(w)).isEqualTo(LocalDateTime.parse("2026-03-29T03:30:00"));
    }
}
