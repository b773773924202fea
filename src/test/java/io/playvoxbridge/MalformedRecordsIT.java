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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records from the source (missing case_id, impossible date, a word where a number belongs, an element that
 * is not an object, a body over 10 MB) each become a dead letter with its reason, while the rest is delivered and
 * the window is committed.
 */
class MalformedRecordsIT {

    static final ZoneId ZONE = ZoneId.of("Europe/Madrid");

    @TempDir
    Path stateDir;

    @Test
    void each_malformed_record_is_a_dead_letter_with_its_reason_and_the_rest_flows_on() throws Exception {
        WolkvoxFake wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults("t").withZone(ZONE).withSeed(8)
                .withHistoryRecords(200).withHistorySpan(Duration.ofHours(3)).withRecordsPerMinute(0)
                .withUnmappedAgentRate(0).withLateRate(0));
        wolkvox.faults(WolkvoxFake.Faults.none().withMalformedRecordRate(0.05));
        PlayvoxFake playvox = new PlayvoxFake(PlayvoxFake.Options.defaults("u", "k").withJobDuration(Duration.ofMillis(50)));
        wolkvox.start(0);
        playvox.start(0);
        try {
            Instant from = wolkvox.anchor().minus(Duration.ofHours(4));
            Instant to = Instant.now().plusSeconds(1);
            List<Map<String, String>> good = wolkvox.wellFormedRecords(from, to);
            int malformed = wolkvox.malformedCount(from, to);
            assertThat(malformed).isGreaterThanOrEqualTo(5); // every kind at least once

            Map<String, String> s = BridgeTestApp.settings(wolkvox, "t", playvox, "u", "k", stateDir);
            s.put("wolkvox.time-zone", ZONE.getId());
            s.put("wolkvox.chat.start-at", LocalDateTime.ofInstant(from, ZONE).truncatedTo(ChronoUnit.SECONDS).toString());
            try (BridgeTestApp app = BridgeTestApp.start(s)) {
                assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();

                Set<String> delivered = playvox.interactions("wolkvox-chat").stream()
                        .map(PlayvoxFake.StoredInteraction::interactionId).collect(Collectors.toSet());
                assertThat(delivered).isEqualTo(good.stream().map(r -> "wolkvox-chat4-" + r.get("case_id"))
                        .collect(Collectors.toSet()));

                List<DeadLetter> letters = app.bean("deadLetterStore", DeadLetterStore.class).list(null, 1000);
                assertThat(letters).hasSize(malformed).allSatisfy(d -> {
                    assertThat(d.routeId()).isEqualTo("wolkvox-chat-record");
                    assertThat(d.payload()).isNotBlank();
                });
                assertThat(letters).extracting(DeadLetter::reason)
                        .anySatisfy(r -> assertThat(r).isEqualTo("missing case_id"))
                        .anySatisfy(r -> assertThat(r).contains("date_creation"))
                        .anySatisfy(r -> assertThat(r).contains("evaluation_survey").contains("muy bueno"))
                        .anySatisfy(r -> assertThat(r).startsWith("chat_4 record is not a JSON object"))
                        .anySatisfy(r -> assertThat(r).contains("over the 10 MB limit"));
                assertThat(app.bean("watermarkStore", WatermarkStore.class).get("wolkvox-chat")).isPresent();
            }
        } finally {
            wolkvox.close();
            playvox.close();
        }
    }
}
