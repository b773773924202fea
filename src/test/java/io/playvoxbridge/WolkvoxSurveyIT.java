package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.feed.PersonalDataPolicy;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the real application polls the fake Wolkvox diagram_4 report and delivers survey responses to the fake Playvox. */
class WolkvoxSurveyIT {

    static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final String TOKEN = "it-token";
    static final String UID = "it-uid";
    static final String KEY = "it-key";
    static final String FEED = "wolkvox-survey";

    @TempDir
    Path stateDir;

    WolkvoxFake wolkvox;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults(TOKEN).withZone(ZONE).withSeed(23)
                .withHistoryRecords(400).withHistorySpan(Duration.ofDays(1)).withRecordsPerMinute(0)
                .withUnmappedAgentRate(0.05).withLateRate(0));
        wolkvox.start(0);
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(100)));
        playvox.start(0);
    }

    @AfterEach
    void stopFakes() {
        wolkvox.close();
        playvox.close();
    }

    /** Only the survey feed polls (chat_4 and the conversations are off), on demand. */
    Map<String, String> settings() {
        Map<String, String> s = BridgeTestApp.settings(wolkvox, TOKEN, playvox, UID, KEY, stateDir);
        LocalDateTime start = LocalDateTime.ofInstant(wolkvox.anchor().minus(Duration.ofDays(1)).minusSeconds(60), ZONE)
                .truncatedTo(ChronoUnit.SECONDS);
        s.put("wolkvox.time-zone", ZONE.getId());
        s.put("wolkvox.chat.enabled", "false");
        s.put("wolkvox.survey.enabled", "true");
        s.put("wolkvox.survey.cron", "0 0 0 1 1 ? 2099");
        s.put("wolkvox.survey.start-at", start.toString());
        s.put("wolkvox.survey.max-window", "PT8H");
        for (String key : List.of("eightbyeight.api-base-url", "eightbyeight.augmentation-base-url",
                "eightbyeight.client-id", "eightbyeight.client-secret", "eightbyeight.tenant-id",
                "eightbyeight.action-token", "five9.base-url", "five9.username", "five9.password", "gladly.base-url",
                "gladly.username", "gladly.api-token")) {
            s.put(key, "");
        }
        return s;
    }

    List<Map<String, String>> source() {
        return wolkvox.visibleRecords("diagram_4", wolkvox.anchor().minus(Duration.ofDays(2)), Instant.now().plusSeconds(1));
    }

    static boolean unmapped(Map<String, String> r) {
        return WolkvoxFake.UNMAPPED_AGENT_NAME.equals(r.get("agent_name"));
    }

    static String interactionId(Map<String, String> r) {
        return "wolkvox-survey-" + r.get("conn_id");
    }

    @Test
    void delivers_each_survey_response_once_with_its_answers_and_masked_personal_data_and_dead_letters_unmapped_agents()
            throws Exception {
        List<Map<String, String>> source = source();
        List<Map<String, String>> mapped = source.stream().filter(r -> !unmapped(r)).toList();
        List<Map<String, String>> unmapped = source.stream().filter(WolkvoxSurveyIT::unmapped).toList();
        assertThat(source).hasSize(400);
        assertThat(unmapped).isNotEmpty();
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-survey-poll", 180)).isTrue();

            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions(FEED);
            assertThat(stored).hasSize(mapped.size());
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(stored).allSatisfy(i -> assertThat(i.comments()).isEmpty());
            assertThat(playvox.duplicateReceipts()).isZero();
            Map<String, PlayvoxFake.StoredInteraction> byId = stored.stream()
                    .collect(Collectors.toMap(PlayvoxFake.StoredInteraction::interactionId, Function.identity()));
            assertThat(byId.keySet()).isEqualTo(mapped.stream().map(WolkvoxSurveyIT::interactionId)
                    .collect(Collectors.toSet()));
            for (Map<String, String> r : mapped) {
                Map<String, Object> m = byId.get(interactionId(r)).metadata();
                // personal data masked by default, never in clear
                assertThat(m.get("ani")).isEqualTo(PersonalDataPolicy.mask(r.get("ani"))).isNotEqualTo(r.get("ani"));
                assertThat(m.get("agent_dni")).isEqualTo(PersonalDataPolicy.mask(r.get("agent_dni")))
                        .isNotEqualTo(r.get("agent_dni"));
                if (r.get("customer_id").isBlank()) {
                    assertThat(m).doesNotContainKey("customer_id");
                } else {
                    assertThat(m.get("customer_id")).isEqualTo(PersonalDataPolicy.mask(r.get("customer_id")))
                            .isNotEqualTo(r.get("customer_id"));
                }
                // the answers q1..qN (N varies per survey; unanswered ones left out) and the other fields
                for (int q = 1; q <= 10; q++) {
                    String answer = r.get("q" + q);
                    String field = "answer_" + List.of("one", "two", "three", "four", "five", "six", "seven", "eight",
                            "nine", "ten").get(q - 1);
                    if (answer == null || answer.isBlank()) {
                        assertThat(m).doesNotContainKey(field);
                    } else {
                        assertThat(m.get(field)).isEqualTo(answer);
                    }
                }
                assertThat(m.get("conn_id")).isEqualTo(r.get("conn_id"));
                assertThat(m.get("result")).isEqualTo(r.get("result"));
                assertThat(m.get("type_interaction")).isEqualTo(r.get("type_interaction"));
                assertThat(m.get("elapsed_time")).isEqualTo(r.get("time"));
                assertThat(String.valueOf(m.getOrDefault("feeling", ""))).isEqualTo(r.get("feeling"));
                assertThat(String.valueOf(m.getOrDefault("voice_message", ""))).isEqualTo(r.get("voice_message"));
                assertThat(byId.get(interactionId(r)).assigneeId()).isNotBlank();
            }
            assertThat(mapped).anySatisfy(r -> assertThat(r.get("voice_message")).isNotBlank());
            assertThat(mapped.stream().map(r -> r.keySet().stream().filter(k -> k.matches("q\\d+")).count())
                    .distinct().count()).isGreaterThan(1);

            // unmapped agents: dead letters with their reason, whose payload holds the personal data masked
            DeadLetterStore deadLetters = app.bean("deadLetterStore", DeadLetterStore.class);
            List<DeadLetter> letters = deadLetters.list(null, 10_000);
            assertThat(letters).hasSize(unmapped.size());
            Map<String, DeadLetter> letterById = letters.stream()
                    .collect(Collectors.toMap(DeadLetter::interactionId, Function.identity()));
            for (Map<String, String> r : unmapped) {
                DeadLetter d = letterById.get(interactionId(r));
                assertThat(d.feed()).isEqualTo(FEED);
                assertThat(d.routeId()).isEqualTo("wolkvox-survey-record");
                assertThat(d.reason()).startsWith("unmapped agent (agent_id 1999, agent_dni *")
                        .doesNotContain(r.get("agent_dni"));
                assertThat(d.payload()).doesNotContain(r.get("ani")).doesNotContain(r.get("agent_dni"))
                        .contains(PersonalDataPolicy.mask(r.get("ani"))).contains(r.get("conn_id"));
                if (!r.get("customer_id").isBlank()) {
                    assertThat(d.payload()).doesNotContain("\"" + r.get("customer_id") + "\"");
                }
            }
            assertThat(app.bean("watermarkStore", WatermarkStore.class).get(FEED)).isPresent();
            assertThat(wolkvox.concurrentRejections()).isZero();
        }

        // a second poll over the same range sends nothing twice
        int bulkRequests = playvox.bulkSizes().size();
        Map<String, String> again = settings();
        again.put("wolkvox.survey.lookback", "P2D");
        try (BridgeTestApp app = BridgeTestApp.start(again)) {
            assertThat(app.pollNow("wolkvox-survey-poll", 180)).isTrue();
            assertThat(app.bean("deadLetterStore", DeadLetterStore.class).count(null)).isEqualTo(unmapped.size());
        }
        assertThat(playvox.bulkSizes()).hasSize(bulkRequests);
        assertThat(playvox.duplicateReceipts()).isZero();
        assertThat(playvox.interactions(FEED)).hasSize(mapped.size());
    }

    @Test
    void keep_and_drop_rules_change_what_is_sent_but_a_dead_letter_still_stores_personal_data_masked() throws Exception {
        List<Map<String, String>> source = source();
        Map<String, String> s = settings();
        s.put("wolkvox.survey.personal-data.ani", "keep");
        s.put("wolkvox.survey.personal-data.agent_dni", "drop");
        try (BridgeTestApp app = BridgeTestApp.start(s)) {
            assertThat(app.pollNow("wolkvox-survey-poll", 180)).isTrue();
            Map<String, PlayvoxFake.StoredInteraction> byId = playvox.interactions(FEED).stream()
                    .collect(Collectors.toMap(PlayvoxFake.StoredInteraction::interactionId, Function.identity()));
            for (Map<String, String> r : source) {
                if (unmapped(r)) {
                    continue;
                }
                Map<String, Object> m = byId.get(interactionId(r)).metadata();
                assertThat(m.get("ani")).isEqualTo(r.get("ani"));
                assertThat(m).doesNotContainKey("agent_dni");
            }
            List<DeadLetter> letters = app.bean("deadLetterStore", DeadLetterStore.class).list(null, 10_000);
            assertThat(letters).isNotEmpty();
            Map<String, Map<String, String>> sourceById = source.stream()
                    .collect(Collectors.toMap(WolkvoxSurveyIT::interactionId, Function.identity()));
            assertThat(letters).allSatisfy(d -> {
                Map<String, String> r = sourceById.get(d.interactionId());
                assertThat(d.payload()).doesNotContain(r.get("ani")).doesNotContain(r.get("agent_dni"))
                        .contains(PersonalDataPolicy.mask(r.get("ani")));
            });
        }
    }
}
