package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.WatermarkStore;
import io.playvoxbridge.source.wolkvox.WolkvoxChatFeed;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vendor faults on the Wolkvox side and Playvox's rate limit, end to end against the fakes. */
class WolkvoxFeedFaultsIT {

    static final ZoneId ZONE = ZoneId.of("Europe/Madrid");
    static final String TOKEN = "faults-token";

    @TempDir
    Path stateDir;

    WolkvoxFake wolkvox;
    PlayvoxFake playvox;

    void startFakes(int historyRecords, Duration wolkvoxLatency, int playvoxRequestsPerMinute) {
        wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults(TOKEN).withZone(ZONE).withSeed(5)
                .withHistoryRecords(historyRecords).withHistorySpan(Duration.ofHours(6)).withRecordsPerMinute(0)
                .withUnmappedAgentRate(0).withLateRate(0).withLatency(wolkvoxLatency));
        wolkvox.start(0);
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults("u", "k").withJobDuration(Duration.ofMillis(100))
                .withRequestsPerMinute(playvoxRequestsPerMinute));
        playvox.start(0);
    }

    @AfterEach
    void stopFakes() {
        if (wolkvox != null) {
            wolkvox.close();
        }
        if (playvox != null) {
            playvox.close();
        }
    }

    Map<String, String> settings() {
        Map<String, String> s = BridgeTestApp.settings(wolkvox, TOKEN, playvox, "u", "k", stateDir);
        s.put("wolkvox.time-zone", ZONE.getId());
        s.put("wolkvox.chat.start-at", LocalDateTime.ofInstant(wolkvox.anchor().minus(Duration.ofHours(7)), ZONE)
                .truncatedTo(ChronoUnit.SECONDS).toString());
        return s;
    }

    @Test
    void a_refused_token_stops_the_poll_without_moving_the_watermark_or_dead_lettering() throws Exception {
        startFakes(50, Duration.ZERO, 0);
        Map<String, String> s = settings();
        s.put("wolkvox.token", "not-the-token");
        try (BridgeTestApp app = BridgeTestApp.start(s)) {
            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
            assertThat(app.bean("watermarkStore", WatermarkStore.class).get(WolkvoxChatFeed.FEED)).isEmpty();
            assertThat(app.bean("deadLetterStore", DeadLetterStore.class).count(null)).isZero();
            assertThat(playvox.bulkSizes()).isEmpty();
        }
        // the same window is fetched again once the token is right: nothing was skipped
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
            assertThat(playvox.interactions("wolkvox-chat")).hasSize(50);
            assertThat(app.bean("watermarkStore", WatermarkStore.class).get(WolkvoxChatFeed.FEED)).isPresent();
        }
    }

    @Test
    void concurrent_wolkvox_requests_are_serialised_so_the_token_is_never_used_twice_at_once() throws Exception {
        startFakes(20, Duration.ofMillis(150), 0);
        String query = "api=chat_4&date_ini=20200101000000&date_end=20200102000000"; // an empty window (404)
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            ProducerTemplate template = app.camel().createProducerTemplate();
            // without the queue, the fake sees overlapping requests with one token and refuses them (403)
            List<CompletableFuture<Exchange>> direct = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                direct.add(template.asyncSend("direct:wolkvox-call", ex -> ex.getMessage().setHeader(Exchange.HTTP_QUERY, query)));
            }
            direct.forEach(CompletableFuture::join);
            int rejectedWithoutQueue = wolkvox.concurrentRejections();
            assertThat(rejectedWithoutQueue).isPositive();

            List<CompletableFuture<Exchange>> queued = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                queued.add(template.asyncSend("seda:wolkvox-request?waitForTaskToComplete=Always&timeout=0",
                        ex -> ex.getMessage().setHeader(Exchange.HTTP_QUERY, query)));
            }
            for (CompletableFuture<Exchange> f : queued) {
                assertThat(f.join().getException()).isNull();
            }
            assertThat(wolkvox.concurrentRejections()).isEqualTo(rejectedWithoutQueue);
        }
    }

    @Test
    void playvox_requests_never_exceed_the_configured_rate_per_minute() throws Exception {
        int limit = 20;
        startFakes(6, Duration.ZERO, limit); // the fake answers 429 above the limit, so an excess is visible too
        Map<String, String> s = settings();
        s.put("playvox.rate-limit.requests-per-minute", String.valueOf(limit));
        try (BridgeTestApp app = BridgeTestApp.start(s)) {
            assertThat(app.pollNow("wolkvox-chat-poll", 240)).isTrue();
        }
        List<PlayvoxFake.RequestRecord> log = playvox.requestLog();
        assertThat(log.size()).isGreaterThan(limit); // the run needed more than one minute's worth
        assertThat(playvox.interactions("wolkvox-chat")).hasSize(6);
        assertThat(log).noneSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        for (PlayvoxFake.RequestRecord first : log) {
            Instant end = first.at().plusSeconds(60);
            long inWindow = log.stream().filter(r -> !r.at().isBefore(first.at()) && r.at().isBefore(end)).count();
            assertThat(inWindow).as("requests in the minute from %s", first.at()).isLessThanOrEqualTo(limit);
        }
    }
}
