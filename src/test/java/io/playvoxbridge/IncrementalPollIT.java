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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental reads in the manner of Airbyte's acceptance tests: the second poll sends only the new records. */
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
}
