package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.playvoxbridge.playvox.PlayvoxAvailability;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.InFlightBatchStore;
import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor that is down for a while: nothing becomes a dead letter because of it, the watermark stays, and once
 * it answers again the next polls deliver every record exactly once, with every comment and no gap.
 * <ul>
 *   <li>Playvox down (every call 503): the Circuit Breaker opens, polls are skipped without calling Wolkvox, and
 *       they resume when Playvox answers;</li>
 *   <li>Playvox going down in the middle of a poll, after some jobs and comments went through;</li>
 *   <li>Wolkvox down (503s, then connection resets).</li>
 * </ul>
 */
class VendorOutageIT {

    static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final int RECORDS = 400;
    static final String FEED = "wolkvox-chat";
    static final Duration REACH = Duration.ofHours(3);

    @TempDir
    Path stateDir;
    TestFakes fakes;
    WolkvoxFake wolkvox;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        fakes = TestFakes.start(WolkvoxFake.Options.defaults("t").withZone(ZONE).withSeed(11).withHistoryRecords(RECORDS)
                        .withHistorySpan(Duration.ofHours(2)).withRecordsPerMinute(0).withUnmappedAgentRate(0).withLateRate(0),
                PlayvoxFake.Options.defaults("u", "k"));
        wolkvox = fakes.wolkvox();
        playvox = fakes.playvox();
    }

    @AfterEach
    void stopFakes() {
        fakes.close();
    }

    Map<String, String> settings() {
        Map<String, String> s = fakes.settings(stateDir, REACH);
        s.put("bridge.retry.max-attempts", "2");
        s.put("playvox.circuit-breaker.open-duration", "3000");
        return s;
    }

    @Test
    void while_playvox_is_down_the_feed_pulls_nothing_and_dead_letters_nothing_then_catches_up() throws Exception {
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            PlayvoxAvailability availability = app.bean("playvoxAvailability", PlayvoxAvailability.class);
            playvox.faults(PlayvoxFake.Faults.none().withServerErrorRate(1.0));

            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
            assertThat(availability.isDown()).as("circuit breaker open after the failed calls").isTrue();
            assertThat(watermark(app)).isEmpty();
            assertThat(deadLetters(app)).isZero();

            // while the breaker is open a poll pulls nothing from Wolkvox
            int wolkvoxCalls = wolkvox.requestCount();
            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
            assertThat(wolkvox.requestCount()).isEqualTo(wolkvoxCalls);

            playvox.faults(PlayvoxFake.Faults.none());
            await().atMost(Duration.ofSeconds(10)).until(() -> !availability.isDown());
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();

            assertEverythingOnce(app);
        }
    }

    @Test
    void playvox_going_down_in_the_middle_of_a_poll_loses_and_duplicates_nothing() throws Exception {
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            PlayvoxAvailability availability = app.bean("playvoxAvailability", PlayvoxAvailability.class);
            Thread outage = new Thread(() -> {
                // down once the first interactions (and some of their comments) are in
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> playvox.interactions(FEED).stream().anyMatch(i -> !i.comments().isEmpty()));
                playvox.faults(PlayvoxFake.Faults.none().withServerErrorRate(1.0));
            });
            outage.start();
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
            outage.join();
            // the outage cut the poll short: comments are missing
            assertThat(playvox.interactions(FEED).stream().mapToLong(i -> i.comments().size()).sum())
                    .isLessThan(expectedComments());
            assertThat(deadLetters(app)).isZero();
            assertThat(watermark(app)).isEmpty();

            playvox.faults(PlayvoxFake.Faults.none());
            await().atMost(Duration.ofSeconds(10)).until(() -> !availability.isDown());
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();

            assertEverythingOnce(app);
        }
    }

    @Test
    void while_wolkvox_is_down_the_watermark_stays_and_the_next_poll_catches_up_with_no_gap() throws Exception {
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            wolkvox.faults(WolkvoxFake.Faults.none().withServerErrorRate(1.0));
            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
            wolkvox.faults(WolkvoxFake.Faults.none().withConnectionResetRate(1.0));
            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
            assertThat(wolkvox.injectedFaults().values().stream().mapToInt(Integer::intValue).sum()).isPositive();
            assertThat(watermark(app)).isEmpty();
            assertThat(playvox.interactions(FEED)).isEmpty();
            assertThat(deadLetters(app)).isZero();
            // Playvox is fine: its breaker stays closed
            assertThat(app.bean("playvoxAvailability", PlayvoxAvailability.class).isDown()).isFalse();

            wolkvox.faults(WolkvoxFake.Faults.none());
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
            assertEverythingOnce(app);
        }
    }

    Optional<Instant> watermark(BridgeTestApp app) {
        return app.bean("watermarkStore", WatermarkStore.class).get(FEED);
    }

    long deadLetters(BridgeTestApp app) {
        return app.bean("deadLetterStore", DeadLetterStore.class).count(null);
    }

    long expectedComments() {
        return fakes.expectedComments(wolkvox.anchor().minus(REACH));
    }

    void assertEverythingOnce(BridgeTestApp app) {
        fakes.assertEachRecordOnceWithItsComments(FEED, RECORDS, wolkvox.anchor().minus(REACH));
        assertThat(deadLetters(app)).isZero();
        assertThat(new InFlightBatchStore(app.bean("stateDatabase", StateDatabase.class).dataSource()).list()).isEmpty();
        assertThat(watermark(app)).isPresent();
    }
}
