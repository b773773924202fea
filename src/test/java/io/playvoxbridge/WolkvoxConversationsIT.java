package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.source.wolkvox.WolkvoxConversation;
import io.playvoxbridge.source.wolkvox.WolkvoxConversationJoin;
import io.playvoxbridge.source.wolkvox.WolkvoxConversationTranslator;
import io.playvoxbridge.source.wolkvox.WolkvoxConversationsFeed;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the real application joins the fake Wolkvox chat_1 and chat_2 reports and delivers chats with their messages as comments. */
class WolkvoxConversationsIT {

    static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final String TOKEN = "it-token";
    static final String UID = "it-uid";
    static final String KEY = "it-key";
    static final String FEED = "wolkvox-conversations";
    static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path stateDir;

    WolkvoxFake wolkvox;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults(TOKEN).withZone(ZONE).withSeed(31)
                .withHistoryRecords(300).withHistorySpan(Duration.ofDays(1)).withRecordsPerMinute(0)
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

    String start() {
        return LocalDateTime.ofInstant(wolkvox.anchor().minus(Duration.ofDays(1)).minusSeconds(60), ZONE)
                .truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Only the conversations feed polls (chat_4 and the survey are off), on demand. */
    Map<String, String> settings() {
        Map<String, String> s = BridgeTestApp.settings(wolkvox, TOKEN, playvox, UID, KEY, stateDir);
        s.put("wolkvox.time-zone", ZONE.getId());
        s.put("wolkvox.chat.enabled", "false");
        s.put("wolkvox.conversations.enabled", "true");
        s.put("wolkvox.conversations.cron", NEVER);
        s.put("wolkvox.conversations.start-at", start());
        s.put("wolkvox.conversations.max-window", "PT8H");
        for (String key : List.of("eightbyeight.api-base-url", "eightbyeight.augmentation-base-url",
                "eightbyeight.client-id", "eightbyeight.client-secret", "eightbyeight.tenant-id",
                "eightbyeight.action-token", "five9.base-url", "five9.username", "five9.password", "gladly.base-url",
                "gladly.username", "gladly.api-token")) {
            s.put(key, "");
        }
        return s;
    }

    static boolean unmapped(Map<String, String> chat) {
        return WolkvoxFake.UNMAPPED_AGENT_NAME.equals(chat.get("agent_name"));
    }

    static String interactionId(Map<String, String> chat) {
        return "wolkvox-chat1-" + chat.get("conn_id");
    }

    /** The comments a chat should have, as type and body, in order. */
    static List<String> expectedComments(WolkvoxConversation c) {
        List<String> out = new ArrayList<>();
        for (Map<String, String> m : c.messages()) {
            String body = m.get("message");
            if (body == null || body.isBlank()) {
                continue;
            }
            if (WolkvoxConversationTranslator.isChatBot(m.get("from_name"))) {
                out.add("internal_note " + WolkvoxConversationTranslator.FROM_BOT + body);
            } else if (WolkvoxConversationTranslator.isChatBot(m.get("to_name"))) {
                out.add("internal_note " + WolkvoxConversationTranslator.TO_BOT + body);
            } else if (m.get("from").equals("AGENT")) {
                out.add("agent_comment " + body);
            } else {
                out.add("customer_comment " + body);
            }
        }
        String note = c.chat().get("comments");
        if (note != null && !note.isBlank()) {
            out.add("internal_note " + note);
        }
        return out;
    }

    @Test
    void delivers_each_chat_once_with_its_messages_as_comments_in_order_and_dead_letters_unmapped_agents() throws Exception {
        Instant from = wolkvox.anchor().minus(Duration.ofDays(2));
        List<Map<String, String>> chats = wolkvox.visibleRecords("chat_1", from, Instant.now().plusSeconds(1));
        List<Map<String, String>> messages = wolkvox.visibleRecords("chat_2", from, Instant.now().plus(Duration.ofHours(2)));
        List<WolkvoxConversation> conversations = WolkvoxConversationJoin.join(chats, messages).conversations();
        List<WolkvoxConversation> mapped = conversations.stream().filter(c -> !unmapped(c.chat())).toList();
        List<WolkvoxConversation> unmapped = conversations.stream().filter(c -> unmapped(c.chat())).toList();
        assertThat(chats).hasSizeGreaterThan(250);
        assertThat(unmapped).isNotEmpty();
        assertThat(mapped).anySatisfy(c -> assertThat(c.messages()).isEmpty());
        assertThat(messages).anySatisfy(m -> assertThat(WolkvoxConversationTranslator.isChatBot(m.get("from_name"))).isTrue());

        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-conversations-poll", 240)).isTrue();

            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions(FEED);
            assertThat(stored).hasSize(mapped.size());
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(playvox.duplicateReceipts()).isZero();
            Map<String, PlayvoxFake.StoredInteraction> byId = stored.stream()
                    .collect(Collectors.toMap(PlayvoxFake.StoredInteraction::interactionId, Function.identity()));
            for (WolkvoxConversation c : mapped) {
                PlayvoxFake.StoredInteraction i = byId.get(interactionId(c.chat()));
                assertThat(i).as(interactionId(c.chat())).isNotNull();
                assertThat(i.comments().stream().map(k -> k.type() + " " + k.body()).toList())
                        .as("comments of " + interactionId(c.chat())).isEqualTo(expectedComments(c));
                assertThat(i.metadata().get("conn_id")).isEqualTo(c.chat().get("conn_id"));
                assertThat(i.metadata().get("agent_name")).isEqualTo(c.chat().get("agent_name"));
            }

            DeadLetterStore deadLetters = app.bean("deadLetterStore", DeadLetterStore.class);
            List<DeadLetter> letters = deadLetters.list(null, 10_000);
            assertThat(letters).hasSize(unmapped.size());
            assertThat(letters).allSatisfy(d -> {
                assertThat(d.feed()).isEqualTo(FEED);
                assertThat(d.routeId()).isEqualTo("wolkvox-conversations-record");
                assertThat(d.reason()).isEqualTo("unmapped agent (agent_id 1999, agent_name "
                        + WolkvoxFake.UNMAPPED_AGENT_NAME + ")");
                assertThat(d.payload()).contains(WolkvoxConversationsFeed.MESSAGES_KEY);
            });
            assertThat(letters.stream().map(DeadLetter::interactionId).collect(Collectors.toSet()))
                    .isEqualTo(unmapped.stream().map(c -> interactionId(c.chat())).collect(Collectors.toSet()));
            assertThat(app.bean("watermarkStore", WatermarkStore.class).get(FEED)).isPresent();
        }

        // a second poll over the same range sends nothing twice
        int bulkRequests = playvox.bulkSizes().size();
        long comments = playvox.interactions(FEED).stream().mapToLong(i -> i.comments().size()).sum();
        Map<String, String> again = settings();
        again.put("wolkvox.conversations.lookback", "P2D");
        try (BridgeTestApp app = BridgeTestApp.start(again)) {
            assertThat(app.pollNow("wolkvox-conversations-poll", 240)).isTrue();
        }
        assertThat(playvox.bulkSizes()).hasSize(bulkRequests);
        assertThat(playvox.duplicateReceipts()).isZero();
        assertThat(playvox.interactions(FEED)).hasSize(mapped.size());
        assertThat(playvox.interactions(FEED).stream().mapToLong(i -> i.comments().size()).sum()).isEqualTo(comments);
    }

    @Test
    void three_wolkvox_feeds_polling_at_once_never_use_the_token_for_two_requests_at_a_time() throws Exception {
        Map<String, String> s = settings();
        s.put("wolkvox.chat.enabled", "true");
        s.put("wolkvox.chat.start-at", start());
        s.put("wolkvox.chat.max-window", "PT2H");
        s.put("wolkvox.survey.enabled", "true");
        s.put("wolkvox.survey.cron", NEVER);
        s.put("wolkvox.survey.start-at", start());
        s.put("wolkvox.survey.max-window", "PT2H");
        s.put("wolkvox.conversations.max-window", "PT2H");
        s.put("playvox.default-assignee", "maria.rodriguez@sandbox.playvox.test"); // no dead letters: this test is about requests
        try (BridgeTestApp app = BridgeTestApp.start(s)) {
            app.firePoll("wolkvox-chat-poll");
            app.firePoll("wolkvox-survey-poll");
            app.firePoll("wolkvox-conversations-poll");
            WatermarkStore watermarks = app.bean("watermarkStore", WatermarkStore.class);
            Instant anchor = wolkvox.anchor().truncatedTo(ChronoUnit.SECONDS);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                    List.of("wolkvox-chat", "wolkvox-survey", FEED).stream().allMatch(f ->
                            watermarks.get(f).map(w -> !w.isBefore(anchor)).orElse(false)));
        }
        // 12+ windows of chat_4 and diagram_4 and 12+ of chat_1 + chat_2, all on one token: the fake counts every
        // request that came while another was in flight, and refuses it (403 "EXCEEDS THE LIMIT OF SIMULTANEOUS ...")
        assertThat(wolkvox.requestCount()).isGreaterThanOrEqualTo(48);
        assertThat(wolkvox.concurrentRejections()).isZero();
        assertThat(playvox.interactions("wolkvox-chat")).isNotEmpty();
        assertThat(playvox.interactions("wolkvox-survey")).isNotEmpty();
        assertThat(playvox.interactions(FEED)).isNotEmpty();
    }
}
