package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental reads in the manner of Airbyte's acceptance tests: the second poll sends only the new records, a
 * watermark in the future sends nothing, a delivered window read again sends nothing, and a month of windows in
 * zones on both sides of UTC (across every local midnight, and Madrid's change from summer time) delivers every
 * record exactly once.
 */
class IncrementalPollIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Manila");

    @TempDir
    Path stateDir;

    @Test
    void a_second_poll_sends_only_the_records_that_arrived_since_the_first() throws Exception {
        WolkvoxFake wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults("t").withZone(ZONE).withSeed(13)
                .withHistoryRecords(60).withHistorySpan(Duration.ofHours(1)).withRecordsPerMinute(120)
                .withUnmappedAgentRate(0).withLateRate(0));
        PlayvoxFake playvox = new PlayvoxFake(PlayvoxFake.Options.defaults("u", "k").withJobDuration(Duration.ofMillis(50)));
        wolkvox.start(0);
        playvox.start(0);
        try {
            Map<String, String> s = BridgeTestApp.settings(wolkvox, "t", playvox, "u", "k", stateDir);
            s.put("wolkvox.time-zone", ZONE.getId());
            s.put("wolkvox.chat.start-at", LocalDateTime.ofInstant(wolkvox.anchor().minus(Duration.ofHours(2)), ZONE)
                    .truncatedTo(ChronoUnit.SECONDS).toString());
            try (BridgeTestApp app = BridgeTestApp.start(s)) {
                assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
                Instant watermark = app.bean("watermarkStore", WatermarkStore.class).get("wolkvox-chat").orElseThrow();
                int first = playvox.interactions("wolkvox-chat").size();
                int firstBulks = playvox.bulkSizes().size();
                Instant start = wolkvox.anchor().minus(Duration.ofHours(3));
                // Wolkvox's date_end is inclusive to the second: the first poll may also have taken records of the
                // watermark's own second that existed when it fetched
                assertThat(first).isBetween(wolkvox.visibleRecords(start, watermark).size(),
                        wolkvox.visibleRecords(start, watermark.plusSeconds(1)).size());

                // new records arrive at the source (2 a second)
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        wolkvox.visibleRecords(watermark, Instant.now()).size() >= 10);
                assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
                Instant second = app.bean("watermarkStore", WatermarkStore.class).get("wolkvox-chat").orElseThrow();

                int total = playvox.interactions("wolkvox-chat").size();
                assertThat(total).isBetween(wolkvox.visibleRecords(start, second).size(),
                        wolkvox.visibleRecords(start, second.plusSeconds(1)).size());
                int arrived = total - first;
                assertThat(arrived).isGreaterThanOrEqualTo(5);
                assertThat(playvox.interactions("wolkvox-chat"))
                        .allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
                int sentSecondTime = playvox.bulkSizes().subList(firstBulks, playvox.bulkSizes().size()).stream()
                        .mapToInt(Integer::intValue).sum();
                assertThat(sentSecondTime).isEqualTo(arrived); // the lookback re-read the edge; nothing old was sent
            }
        } finally {
            wolkvox.close();
            playvox.close();
        }
    }
    /** Fakes with a fixed history and no new records, and Playvox jobs of 20 ms; the caller closes them. */
    static TestFakes fakes(ZoneId zone, int records, Duration span) {
        return TestFakes.start(WolkvoxFake.Options.defaults("t").withZone(zone).withSeed(21).withHistoryRecords(records)
                        .withHistorySpan(span).withRecordsPerMinute(0).withUnmappedAgentRate(0).withLateRate(0),
                PlayvoxFake.Options.defaults("u", "k").withJobDuration(Duration.ofMillis(20)));
    }

    /** The fakes' settings, starting at {@code startAt} (local time of the zone). */
    Map<String, String> settings(TestFakes f, LocalDateTime startAt) {
        Map<String, String> s = f.settings(stateDir, Duration.ZERO);
        s.put("wolkvox.chat.start-at", startAt.truncatedTo(ChronoUnit.SECONDS).toString());
        s.put("playvox.job.poll-interval", "20");
        return s;
    }

    @Test
    void a_watermark_in_the_future_sends_nothing() throws Exception {
        ZoneId zone = ZoneId.of("America/Bogota");
        try (TestFakes f = fakes(zone, 50, Duration.ofHours(1))) {
            LocalDateTime nextYear = LocalDateTime.ofInstant(f.wolkvox().anchor().plus(Duration.ofDays(365)), zone);
            try (BridgeTestApp app = BridgeTestApp.start(settings(f, nextYear))) {
                assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
                assertThat(f.wolkvox().requestCount()).isZero();
                assertThat(f.playvox().bulkSizes()).isEmpty();
                assertThat(f.playvox().interactions("wolkvox-chat")).isEmpty();
            }
        }
    }

    @Test
    void reading_a_delivered_window_again_sends_nothing() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Madrid");
        try (TestFakes f = fakes(zone, 150, Duration.ofHours(2))) {
            Instant start = f.wolkvox().anchor().minus(Duration.ofHours(3));
            try (BridgeTestApp app = BridgeTestApp.start(settings(f, LocalDateTime.ofInstant(start, zone)))) {
                assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
                WatermarkStore watermarks = app.bean("watermarkStore", WatermarkStore.class);
                Instant end = watermarks.get("wolkvox-chat").orElseThrow();
                List<Integer> bulks = List.copyOf(f.playvox().bulkSizes());
                assertThat(f.playvox().interactions("wolkvox-chat")).hasSize(150);

                watermarks.put("wolkvox-chat", start); // as if the window had never been committed
                assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();

                assertThat(f.playvox().bulkSizes()).isEqualTo(bulks);
                assertThat(f.playvox().interactions("wolkvox-chat")).hasSize(150)
                        .allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
                assertThat(watermarks.get("wolkvox-chat").orElseThrow()).isAfterOrEqualTo(end);
            }
        }
    }

    /**
     * A month of daily windows in the zone: each window crosses a local midnight, and in Madrid one holds the night
     * of 2026-10-25, when the clocks went back from 03:00 to 02:00 (Wolkvox reads local times without an offset).
     */
    @ParameterizedTest
    @ValueSource(strings = {"America/Bogota", "Europe/Madrid", "Asia/Manila"})
    void a_month_of_daily_windows_across_midnights_and_a_clock_change_delivers_each_record_once(String zoneId)
            throws Exception {
        ZoneId zone = ZoneId.of(zoneId);
        try (TestFakes f = fakes(zone, 1500, Duration.ofDays(31))) {
            Instant start = f.wolkvox().anchor().minus(Duration.ofDays(32));
            Map<String, String> s = settings(f, LocalDateTime.ofInstant(start, zone).withHour(7));
            s.put("wolkvox.chat.max-window", "P1D");
            try (BridgeTestApp app = BridgeTestApp.start(s)) {
                assertThat(app.pollNow("wolkvox-chat-poll", 300)).isTrue();
                Instant watermark = app.bean("watermarkStore", WatermarkStore.class).get("wolkvox-chat").orElseThrow();

                List<PlayvoxFake.StoredInteraction> stored = f.playvox().interactions("wolkvox-chat");
                assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
                assertThat(stored.stream().map(PlayvoxFake.StoredInteraction::interactionId).collect(Collectors.toSet()))
                        .isEqualTo(f.wolkvox().visibleRecords(start, watermark).stream()
                                .map(r -> "wolkvox-chat4-" + r.get("case_id")).collect(Collectors.toSet()));
                assertThat(stored).hasSize(1500);
                assertThat(f.playvox().bulkSizes()).hasSizeGreaterThanOrEqualTo(31); // one window a day at least
            }
        }
    }
}
