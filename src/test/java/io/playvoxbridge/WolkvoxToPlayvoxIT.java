package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the real application polls the fake Wolkvox chat_4 API and delivers into the fake Playvox. */
class WolkvoxToPlayvoxIT {

    static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final String TOKEN = "it-token";
    static final String UID = "it-uid";
    static final String KEY = "it-key";

    @TempDir
    Path stateDir;

    WolkvoxFake wolkvox;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults(TOKEN).withZone(ZONE).withSeed(11)
                .withHistoryRecords(1000).withHistorySpan(Duration.ofDays(1)).withRecordsPerMinute(0)
                .withUnmappedAgentRate(0).withLateRate(0));
        wolkvox.start(0);
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(100)));
        playvox.start(0);
    }

    @AfterEach
    void stopFakes() {
        wolkvox.close();
        playvox.close();
    }

    Map<String, String> settings() {
        Map<String, String> s = BridgeTestApp.settings(wolkvox, TOKEN, playvox, UID, KEY, stateDir);
        LocalDateTime start = LocalDateTime.ofInstant(wolkvox.anchor().minus(Duration.ofDays(1)).minusSeconds(60), ZONE)
                .truncatedTo(ChronoUnit.SECONDS);
        s.put("wolkvox.time-zone", ZONE.getId());
        s.put("wolkvox.chat.start-at", start.toString());
        s.put("wolkvox.chat.max-window", "PT8H");
        return s;
    }

    List<Map<String, String>> sourceRecords() {
        return wolkvox.visibleRecords(wolkvox.anchor().minus(Duration.ofDays(2)), Instant.now().plusSeconds(1));
    }

    static long commentCount(Map<String, String> r) {
        return Stream.of("body", "answer", "comments").filter(f -> r.get(f) != null && !r.get(f).isBlank()).count();
    }

    @Test
    void delivers_1000_chat_4_records_exactly_once_in_bulk_requests_of_100_with_their_comments() throws Exception {
        List<Map<String, String>> source = sourceRecords();
        assertThat(source).hasSize(1000);
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 180)).isTrue();

            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions("wolkvox-chat");
            assertThat(stored).hasSize(1000);
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(playvox.duplicateReceipts()).isZero();
            Set<String> expectedIds = source.stream().map(r -> "wolkvox-chat4-" + r.get("case_id")).collect(Collectors.toSet());
            assertThat(stored.stream().map(PlayvoxFake.StoredInteraction::interactionId).collect(Collectors.toSet()))
                    .isEqualTo(expectedIds);

            List<Integer> sizes = playvox.bulkSizes();
            assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 100));
            assertThat(sizes.stream().filter(n -> n == 100).count()).isGreaterThan(sizes.size() / 2);
            assertThat(sizes.size()).isGreaterThan(10); // several windows, each ending with a partial batch

            long expectedComments = source.stream().mapToLong(WolkvoxToPlayvoxIT::commentCount).sum();
            long storedComments = stored.stream().mapToLong(i -> i.comments().size()).sum();
            assertThat(storedComments).isEqualTo(expectedComments);

            assertThat(app.bean("deadLetterStore", DeadLetterStore.class).count(null)).isZero();
            Instant watermark = app.bean("watermarkStore", WatermarkStore.class).get("wolkvox-chat").orElseThrow();
            assertThat(watermark).isAfterOrEqualTo(wolkvox.anchor().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @Test
    void a_restart_sends_nothing_twice_and_setup_creates_nothing_new() throws Exception {
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 180)).isTrue();
        }
        int bulkRequests = playvox.bulkSizes().size();
        int integrations = playvox.integrationsCreated();
        int fields = playvox.metadataFieldsCreated();
        assertThat(integrations).isEqualTo(1);

        Map<String, String> again = settings();
        again.put("wolkvox.chat.lookback", "P2D"); // reach back over everything already delivered
        try (BridgeTestApp app = BridgeTestApp.start(again)) {
            assertThat(app.pollNow("wolkvox-chat-poll", 180)).isTrue();
        }
        assertThat(playvox.bulkSizes()).hasSize(bulkRequests);
        assertThat(playvox.duplicateReceipts()).isZero();
        assertThat(playvox.interactions("wolkvox-chat")).hasSize(1000);
        assertThat(playvox.integrationsCreated()).isEqualTo(integrations);
        assertThat(playvox.metadataFieldsCreated()).isEqualTo(fields);
    }

    @Test
    void rejected_items_500s_and_429s_end_as_dead_letters_with_reasons_while_the_rest_is_delivered() throws Exception {
        playvox.faults(new PlayvoxFake.Faults(0.05, 0.05, 1, 0.05, Duration.ZERO));
        List<Map<String, String>> source = sourceRecords();
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 300)).isTrue();

            DeadLetterStore deadLetters = app.bean("deadLetterStore", DeadLetterStore.class);
            List<DeadLetter> letters = deadLetters.list(null, 10_000);
            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions("wolkvox-chat");
            Set<String> deadInteractions = letters.stream()
                    .filter(d -> !d.reason().startsWith("comment not posted"))
                    .map(DeadLetter::interactionId).collect(Collectors.toSet());
            Set<String> delivered = stored.stream().map(PlayvoxFake.StoredInteraction::interactionId)
                    .collect(Collectors.toSet());

            assertThat(playvox.rejectedItems()).isPositive();
            assertThat(letters).isNotEmpty().allSatisfy(d -> assertThat(d.reason()).isNotBlank());
            assertThat(letters).anySatisfy(d -> assertThat(d.reason()).contains("simulated item failure"));
            assertThat(deadInteractions).doesNotContainAnyElementsOf(delivered);
            assertThat(delivered.size() + deadInteractions.size()).isEqualTo(source.size());
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(playvox.requestLog()).anySatisfy(r -> assertThat(r.status()).isEqualTo(429));
            assertThat(playvox.requestLog()).anySatisfy(r -> assertThat(r.status()).isEqualTo(500));
            assertThat(app.bean("watermarkStore", WatermarkStore.class).get("wolkvox-chat")).isPresent();
        }
    }
}
