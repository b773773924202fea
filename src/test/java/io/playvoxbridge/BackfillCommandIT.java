package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.cli.CommandRun;
import io.playvoxbridge.sandbox.Five9Fake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the backfill command, run in-process against fakes the test owns, re-runs a range exactly once and resumes. */
class BackfillCommandIT {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    static final String TOKEN = "backfill-token";
    static final String UID = "backfill-uid";
    static final String KEY = "backfill-key";
    static final String FEED = "wolkvox-chat";

    @TempDir
    Path stateDir;

    TestFakes fakes;
    Five9Fake five9;
    PlayvoxFake five9Playvox;
    CommandRun last;

    @AfterEach
    void stopFakes() {
        if (fakes != null) {
            fakes.close();
        }
        if (five9 != null) {
            five9.close();
            five9Playvox.close();
        }
    }

    /** 6 hours of chat_4 history, nothing new after it, every agent mapped. */
    void startWolkvox(int records) {
        fakes = TestFakes.start(WolkvoxFake.Options.defaults(TOKEN).withZone(BOGOTA).withSeed(33)
                        .withHistoryRecords(records).withHistorySpan(Duration.ofHours(6)).withRecordsPerMinute(0)
                        .withUnmappedAgentRate(0).withLateRate(0),
                PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(50)));
    }

    /** The fakes' settings with windows of one hour. */
    Map<String, String> wolkvoxSettings() {
        Map<String, String> s = fakes.settings(stateDir, Duration.ofHours(7));
        s.put("wolkvox.chat.max-window", "PT1H");
        return s;
    }

    int cli(Map<String, String> settings, String... args) {
        last = CommandRun.of(settings, args);
        return last.exitCode();
    }

    /** The range [now - 8 h, now) in Bogota local time: 8 windows, the whole history in the last 6. */
    String[] wolkvoxRange() {
        LocalDateTime to = LocalDateTime.ofInstant(Instant.now(), BOGOTA).truncatedTo(ChronoUnit.SECONDS);
        return new String[] {to.minusHours(8).toString(), to.toString()};
    }

    List<Map<String, String>> wolkvoxRecords() {
        return fakes.wolkvox().visibleRecords(fakes.wolkvox().anchor().minus(Duration.ofDays(1)),
                Instant.now().plusSeconds(1));
    }

    Optional<Instant> watermark(Map<String, String> settings, String feed) {
        try (StateDatabase db = new StateDatabase(BridgeConfiguration.durableH2(settings.get("bridge.state.jdbc-url")),
                "sa", "")) {
            return new WatermarkStore(db.dataSource()).get(feed);
        }
    }

    void setWatermark(Map<String, String> settings, String feed, Instant at) {
        try (StateDatabase db = new StateDatabase(BridgeConfiguration.durableH2(settings.get("bridge.state.jdbc-url")),
                "sa", "")) {
            new WatermarkStore(db.dataSource()).put(feed, at);
        }
    }

    @Test
    void delivers_every_record_of_the_range_once_and_a_second_backfill_sends_nothing_again() {
        startWolkvox(240);
        Map<String, String> settings = wolkvoxSettings();
        Instant regular = Instant.parse("2026-01-01T00:00:00Z");
        setWatermark(settings, FEED, regular);
        String[] range = wolkvoxRange();
        List<Map<String, String>> source = wolkvoxRecords();
        assertThat(source).hasSize(240);

        assertThat(cli(settings, "backfill", "--feed", FEED, "--from", range[0], "--to", range[1]))
                .as(last.err()).isZero();

        assertThat(last.out()).contains("backfill of " + FEED + " [").contains(": 8 window(s) of at most PT1H")
                .contains("8/8 windows").contains("records/s")
                // a record at a window's bound comes in both windows (Wolkvox's bounds are inclusive): fetched twice,
                // sent once
                .contains("backfill complete: 8 of 8 windows, ").contains("this run: 240 delivered, 0 dead-lettered")
                .doesNotContain("\u001b[");
        fakes.assertEachRecordOnceWithItsComments(FEED, 240, fakes.wolkvox().anchor().minus(Duration.ofDays(1)));
        int bulkRequests = fakes.playvox().bulkSizes().size();
        assertThat(watermark(settings, FEED)).contains(regular);

        assertThat(cli(settings, "backfill", "--feed", FEED, "--from", range[0], "--to", range[1]))
                .as(last.err()).isZero();

        assertThat(last.out()).contains("this range was backfilled completely on")
                .contains("backfill complete: 8 of 8 windows, ").contains("this run: 0 delivered, 0 dead-lettered");
        assertThat(fakes.playvox().bulkSizes()).hasSize(bulkRequests);
        fakes.assertEachRecordOnceWithItsComments(FEED, 240, fakes.wolkvox().anchor().minus(Duration.ofDays(1)));
        assertThat(watermark(settings, FEED)).contains(regular);
    }

    @Test
    void a_backfill_stopped_midway_resumes_with_the_remaining_windows_and_loses_or_duplicates_nothing() {
        startWolkvox(240);
        Map<String, String> settings = wolkvoxSettings();
        String[] range = wolkvoxRange();

        assertThat(cli(settings, "backfill", "--feed", FEED, "--from", range[0], "--to", range[1],
                "--stop-after-windows", "3")).as(last.err()).isEqualTo(3);
        assertThat(last.out()).contains("3/8 windows").doesNotContain("4/8 windows")
                .contains("backfill stopped: 3 of 8 windows").contains("Run the same command again to resume.");
        int deliveredBefore = fakes.playvox().interactions(FEED).size();
        assertThat(deliveredBefore).isPositive().isLessThan(240);

        assertThat(cli(settings, "backfill", "--feed", FEED, "--from", range[0], "--to", range[1]))
                .as(last.err()).isZero();

        assertThat(last.out()).contains("resuming: 3 of 8 windows done")
                .contains("backfill complete: 8 of 8 windows, ")
                .contains("this run: " + (240 - deliveredBefore) + " delivered, 0 dead-lettered");
        fakes.assertEachRecordOnceWithItsComments(FEED, 240, fakes.wolkvox().anchor().minus(Duration.ofDays(1)));
        assertThat(watermark(settings, FEED)).isEmpty();
    }

    @Test
    void bad_arguments_end_with_exit_code_2_and_one_line() {
        startWolkvox(10);
        Map<String, String> settings = wolkvoxSettings();
        String[][] bad = {
                {"backfill", "--from", "2026-11-01T00:00:00", "--to", "2026-11-02T00:00:00"},
                {"backfill", "--feed", "wolkvox-nope", "--from", "2026-11-01T00:00:00", "--to", "2026-11-02T00:00:00"},
                {"backfill", "--feed", "five9-call-log", "--from", "2026-11-01T00:00:00", "--to", "2026-11-02T00:00:00"},
                {"backfill", "--feed", FEED, "--from", "2026-11-02T00:00:00", "--to", "2026-11-01T00:00:00"},
                {"backfill", "--feed", FEED, "--from", "1 Nov 2026", "--to", "2026-11-02T00:00:00"},
                {"backfill", "--feed", FEED, "--from", "2026-11-01T00:00:00", "--to", "2026-11-02T00:00:00", "--bogus"},
                {"backfill", "--feed", FEED, "--from", "2026-11-01T00:00:00", "--to", "2999-01-01T00:00:00"},
        };
        for (String[] args : bad) {
            assertThat(cli(settings, args)).as(String.join(" ", args) + "\n" + last.err()).isEqualTo(2);
            assertThat(last.err().lines().toList()).as(String.join(" ", args)).hasSize(1)
                    .allSatisfy(line -> assertThat(line).startsWith("playvox-bridge backfill: "));
        }
        assertThat(CommandRun.of(settings, bad[2]).err()).contains("five9 is not configured");
        assertThat(CommandRun.of(settings, bad[6]).err()).contains("is in the future");
        assertThat(fakes.playvox().bulkSizes()).isEmpty();
    }

    @Test
    void backfills_a_five9_call_log_range_exactly_once_without_touching_its_watermark() {
        five9 = new Five9Fake(Five9TestSettings.fakeOptions(44).history(200, 0).unmappedAgentRate(0).build());
        five9.start(0);
        five9Playvox = new PlayvoxFake(PlayvoxFake.Options.defaults(Five9TestSettings.UID, Five9TestSettings.KEY)
                .withJobDuration(Duration.ofMillis(50)));
        five9Playvox.start(0);
        Map<String, String> settings = Five9TestSettings.settings(five9, five9Playvox, stateDir, "PT6H");
        Instant from = five9.anchor().minus(Duration.ofDays(1)).minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Five9Fake.Row> before = five9.visibleRows(Five9Fake.Report.CALL_LOG, from, Instant.now().plusSeconds(1));

        // with an offset this time (UTC)
        assertThat(cli(settings, "backfill", "--feed", "five9-call-log", "--from", from.toString(), "--to",
                to.toString())).as(last.err()).isZero();

        List<Five9Fake.Row> after = five9.visibleRows(Five9Fake.Report.CALL_LOG, from, Instant.now().plusSeconds(1));
        assertThat(last.out()).contains("backfill complete: 5 of 5 windows");
        List<PlayvoxFake.StoredInteraction> stored = five9Playvox.interactions("five9-call-log");
        assertThat(stored).isNotEmpty().allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
        Set<String> ids = stored.stream().map(PlayvoxFake.StoredInteraction::interactionId).collect(Collectors.toSet());
        assertThat(ids).containsAll(Five9CallLogIT.ids(before, Five9CallLogIT::mapped))
                .isSubsetOf(Five9CallLogIT.ids(after, Five9CallLogIT::mapped));
        int bulkRequests = five9Playvox.bulkSizes().size();

        assertThat(cli(settings, "backfill", "--feed", "five9-call-log", "--from", from.toString(), "--to",
                to.toString())).as(last.err()).isZero();

        assertThat(last.out()).contains("this run: 0 delivered");
        assertThat(five9Playvox.bulkSizes()).hasSize(bulkRequests);
        assertThat(five9Playvox.duplicateReceipts()).isZero();
        assertThat(watermark(settings, "five9-call-log")).isEmpty();
        assertThat(stored.stream().collect(Collectors.toMap(PlayvoxFake.StoredInteraction::interactionId,
                Function.identity()))).hasSameSizeAs(ids);
    }
}
