package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.cli.CommandRun;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.sandbox.GladlyFake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.source.gladly.GladlyAgents;
import io.playvoxbridge.source.gladly.GladlyConversationEvent;
import io.playvoxbridge.source.gladly.GladlyConversationTranslator;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end: the real application polls the fake Gladly (events, items, agents; 10 requests a second enforced) and
 * delivers closed conversations into the fake Playvox.
 */
class GladlyConversationsIT {

    static final String USER = "it.api@gladly.test";
    static final String TOKEN = "it-gladly-token";
    static final String UID = "it-uid";
    static final String KEY = "it-key";
    static final Duration MAX_WINDOW = Duration.ofHours(1);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Logger LOG = LoggerFactory.getLogger(GladlyConversationsIT.class);

    @TempDir
    Path stateDir;

    GladlyFake gladly;
    PlayvoxFake playvox;

    void startFakes(GladlyFake.Options options) {
        gladly = new GladlyFake(options);
        gladly.start(0);
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(100)));
        playvox.start(0);
    }

    @AfterEach
    void stopFakes() {
        if (gladly != null) {
            gladly.close();
        }
        if (playvox != null) {
            playvox.close();
        }
    }

    /**
     * Only Gladly is configured (every other vendor's keys empty, so their routes files are not even loaded: the
     * setup of a Gladly-only contact center), on its fake; no cron fires by itself.
     */
    Map<String, String> settings(Instant startAt) {
        Map<String, String> s = BridgeTestApp.baseSettings(playvox, UID, KEY, stateDir);
        s.put("gladly.base-url", gladly.baseUrl());
        s.put("gladly.username", USER);
        s.put("gladly.api-token", TOKEN);
        s.put("gladly.conversations.cron", "0 0 0 1 1 ? 2099");
        s.put("gladly.conversations.start-at", LocalDateTime.ofInstant(startAt, ZoneOffset.UTC).toString());
        s.put("gladly.conversations.max-window", MAX_WINDOW.toString());
        return s;
    }

    /**
     * The conversations a poll of {@code [from, to)} in windows of {@link #MAX_WINDOW} sends: those closed at the end
     * of some window, each once, at the first such window; with the close that sends it (its last in that window).
     */
    Map<String, GladlyConversationEvent> expectedSent(Instant from, Instant to) throws Exception {
        Map<String, GladlyConversationEvent> sent = new LinkedHashMap<>();
        for (Instant a = from; a.isBefore(to); a = a.plus(MAX_WINDOW)) {
            Instant b = a.plus(MAX_WINDOW).isBefore(to) ? a.plus(MAX_WINDOW) : to;
            Map<String, GladlyConversationEvent> closes = lastCloses(a, b);
            for (String id : gladly.deliverableConversationIds(a, b)) {
                sent.putIfAbsent(id, closes.get(id));
            }
        }
        return sent;
    }

    Set<String> interactionIds(Set<String> conversationIds) {
        return conversationIds.stream().map(GladlyConversationTranslator::interactionId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Test
    void delivers_each_closed_conversation_once_with_its_items_as_comments_in_order_and_dead_letters_unmapped_agents()
            throws Exception {
        startFakes(GladlyFake.Options.defaults(USER, TOKEN).withSeed(7).withHistory(120, Duration.ofHours(4))
                .withConversationsPerMinute(0).withReopenRate(0.2).withUnmappedAgentRate(0.05));
        Instant start = gladly.anchor().minus(Duration.ofHours(4)).minusSeconds(60);
        Map<String, String> settings = settings(start);
        settings.put("gladly.conversations.lookback", "PT6H"); // the second poll reads everything again
        try (BridgeTestApp app = BridgeTestApp.start(settings)) {
            assertThat(app.pollNow("gladly-conversations-poll", 150)).isTrue();

            Instant watermark = app.bean("watermarkStore", WatermarkStore.class).get("gladly-conversations")
                    .orElseThrow();
            assertThat(watermark).isBefore(Instant.now().minusSeconds(14));
            Map<String, GladlyConversationEvent> closes = expectedSent(start, watermark);
            Set<String> sent = closes.keySet();
            Set<String> unmapped = sent.stream()
                    .filter(id -> GladlyFake.UNMAPPED_AGENT_ID.equals(gladly.agentIdOf(id)))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            Set<String> mapped = new LinkedHashSet<>(sent);
            mapped.removeAll(unmapped);
            assertThat(mapped).hasSizeGreaterThan(80);
            assertThat(unmapped).isNotEmpty();

            // the rate limit: never more than 10 requests in a clock second, never a 429
            LOG.info("Gladly fake counted {} requests for {} conversations, peak {} in a clock second, {} refused (429)",
                    gladly.requestCount(), sent.size(), gladly.peakRequestsPerSecond(), gladly.rateLimitRejections());
            assertThat(gladly.requestCount()).isGreaterThan(sent.size());
            assertThat(gladly.peakRequestsPerSecond()).isBetween(2, 10);
            assertThat(gladly.rateLimitRejections()).isZero();

            // each closed conversation of a mapped agent arrives exactly once
            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions("gladly-conversations");
            assertThat(stored.stream().map(PlayvoxFake.StoredInteraction::interactionId).collect(Collectors.toSet()))
                    .isEqualTo(interactionIds(mapped));
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(playvox.duplicateReceipts()).isZero();
            assertThat(stored).allSatisfy(i -> assertThat(i.assigneeId()).endsWith("@sandbox.playvox.test"));

            // the conversations of the unmapped agent are dead letters with their reason and the close as payload
            List<DeadLetter> letters = app.bean("deadLetterStore", DeadLetterStore.class)
                    .list("gladly-conversations", 1000);
            assertThat(letters.stream().map(DeadLetter::interactionId).collect(Collectors.toSet()))
                    .isEqualTo(interactionIds(unmapped));
            assertThat(letters).allSatisfy(d -> {
                assertThat(d.reason()).startsWith("unmapped agent " + GladlyFake.UNMAPPED_AGENT_ID);
                assertThat(JSON.readTree(d.payload()).path("type").asText()).isEqualTo(GladlyConversationEvent.CLOSED);
            });

            // a second poll over the same range sends nothing twice and fetches no items again
            int bulkRequests = playvox.bulkSizes().size();
            int requests = gladly.requestCount();
            assertThat(app.pollNow("gladly-conversations-poll", 120)).isTrue();
            assertThat(playvox.bulkSizes()).hasSize(bulkRequests);
            assertThat(playvox.duplicateReceipts()).isZero();
            assertThat(playvox.interactions("gladly-conversations")).hasSize(mapped.size());
            assertThat(app.bean("deadLetterStore", DeadLetterStore.class).count("gladly-conversations"))
                    .isEqualTo(unmapped.size());
            assertThat(gladly.requestCount() - requests).as("events requests only").isLessThanOrEqualTo(8);
            assertThat(gladly.rateLimitRejections()).isZero();

            // its items are its comments, in item order (read last: these reads share the fake's limit)
            Map<String, PlayvoxFake.StoredInteraction> byId = stored.stream()
                    .collect(Collectors.toMap(PlayvoxFake.StoredInteraction::interactionId, i -> i));
            GladlyConversationTranslator translator = referenceTranslator();
            long withComments = 0;
            for (String conversation : mapped) {
                List<Comment> expected = translator.translate(closes.get(conversation), items(conversation), false)
                        .comments();
                List<PlayvoxFake.StoredComment> got = byId.get(GladlyConversationTranslator.interactionId(conversation))
                        .comments();
                assertThat(got.stream().map(c -> c.type() + "|" + c.body()).toList()).as(conversation)
                        .isEqualTo(expected.stream().map(c -> c.type().apiName() + "|" + c.body()).toList());
                withComments += got.isEmpty() ? 0 : 1;
            }
            assertThat(withComments).isGreaterThan(mapped.size() / 2);
        }
    }

    @Test
    void forced_429s_are_waited_out_and_nothing_is_lost() throws Exception {
        startFakes(GladlyFake.Options.defaults(USER, TOKEN).withSeed(21).withHistory(60, Duration.ofHours(2))
                .withConversationsPerMinute(0).withReopenRate(0.1).withUnmappedAgentRate(0));
        gladly.faults(GladlyFake.Faults.none().withRateLimit(0.15, 1));
        Instant start = gladly.anchor().minus(Duration.ofHours(2)).minusSeconds(60);
        try (BridgeTestApp app = BridgeTestApp.start(settings(start))) {
            assertThat(app.pollNow("gladly-conversations-poll", 150)).isTrue();

            Instant watermark = app.bean("watermarkStore", WatermarkStore.class).get("gladly-conversations")
                    .orElseThrow();
            Set<String> sent = expectedSent(start, watermark).keySet();
            assertThat(sent).hasSizeGreaterThan(30);
            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions("gladly-conversations");
            assertThat(stored.stream().map(PlayvoxFake.StoredInteraction::interactionId).collect(Collectors.toSet()))
                    .isEqualTo(interactionIds(sent));
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(app.bean("deadLetterStore", DeadLetterStore.class).count(null)).isZero();
            LOG.info("Gladly fake counted {} requests for {} conversations, {} injected 429s, peak {} in a clock second, "
                    + "{} refused by its limit", gladly.requestCount(), sent.size(), gladly.injectedFaults().get("rate_limit"),
                    gladly.peakRequestsPerSecond(), gladly.rateLimitRejections());
            assertThat(gladly.injectedFaults().get("rate_limit")).isGreaterThan(3);
            assertThat(gladly.peakRequestsPerSecond()).isLessThanOrEqualTo(10);
            assertThat(gladly.rateLimitRejections()).isZero();
        }
    }

    @Test
    void dead_lettered_conversations_are_replayed_with_their_items_once_their_agent_is_mapped() throws Exception {
        startFakes(GladlyFake.Options.defaults(USER, TOKEN).withSeed(5).withHistory(40, Duration.ofHours(1))
                .withConversationsPerMinute(0).withReopenRate(0).withUnmappedAgentRate(0.2));
        Instant start = gladly.anchor().minus(Duration.ofHours(1)).minusSeconds(60);
        Map<String, String> settings = settings(start);
        try (BridgeTestApp app = BridgeTestApp.start(settings)) {
            assertThat(app.pollNow("gladly-conversations-poll", 120)).isTrue();
        }
        int delivered = playvox.interactions("gladly-conversations").size();
        List<String> unmapped = new ArrayList<>();
        try (StateDatabase db = new StateDatabase(BridgeConfiguration.durableH2(settings.get("bridge.state.jdbc-url")),
                "sa", "")) {
            new DeadLetterStore(db.dataSource()).list("gladly-conversations", 1000)
                    .forEach(d -> unmapped.add(d.interactionId()));
        }
        assertThat(unmapped).isNotEmpty();

        // the operator maps the agent in the directory and replays: the items are fetched again
        Path agents = stateDir.resolve("agents.csv");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(WolkvoxFake.SANDBOX_AGENTS_RESOURCE)) {
            Files.writeString(agents, new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing()
                    + "\ngladly," + GladlyFake.UNMAPPED_AGENT_ID + ",maria.rodriguez@sandbox.playvox.test\n");
        }
        settings.put("bridge.agents-file", agents.toString());
        CommandRun run = CommandRun.of(settings, "dead-letters", "replay", "--feed", "gladly-conversations");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("gladly-conversations: " + unmapped.size() + " replayed (" + unmapped.size()
                + " delivered");

        List<PlayvoxFake.StoredInteraction> stored = playvox.interactions("gladly-conversations");
        assertThat(stored).hasSize(delivered + unmapped.size());
        assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
        assertThat(stored.stream().filter(i -> unmapped.contains(i.interactionId())))
                .allSatisfy(i -> assertThat(i.assigneeId()).isEqualTo("maria.rodriguez@sandbox.playvox.test"))
                .anySatisfy(i -> assertThat(i.comments()).isNotEmpty());
        try (StateDatabase db = new StateDatabase(BridgeConfiguration.durableH2(settings.get("bridge.state.jdbc-url")),
                "sa", "")) {
            assertThat(new DeadLetterStore(db.dataSource()).count("gladly-conversations")).isZero();
        }
    }

    /** The translator over the fake's own agent list, to say what the comments of a conversation must be. */
    GladlyConversationTranslator referenceTranslator() {
        List<GladlyAgents.Agent> agents = new ArrayList<>();
        gladly.agents().forEach(a -> agents.add(new GladlyAgents.Agent(a.get("id"), a.get("name"), a.get("emailAddress"))));
        return new GladlyConversationTranslator(
                IntegrationDefinitionLoader.load("integrations/gladly-conversations.yaml"),
                AgentDirectory.load("classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE), GladlyAgents.of(agents), null);
    }

    /** The last close of each conversation in {@code [from, to)}, read straight from the fake's event lines. */
    Map<String, GladlyConversationEvent> lastCloses(Instant from, Instant to) throws Exception {
        Map<String, GladlyConversationEvent> closes = new LinkedHashMap<>();
        for (String line : gladly.eventLines(from, to)) {
            try {
                GladlyConversationEvent e = GladlyConversationEvent.of(JSON.readTree(line));
                if (e.isClosed()) {
                    closes.put(e.conversationId(), e);
                }
            } catch (InvalidRecordException ignored) {
                // no malformed lines in these tests
            }
        }
        return closes;
    }

    /** The items of a conversation, straight from the fake (after the poll, so its rate limit is not shared). */
    JsonNode items(String conversationId) throws Exception {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gladly.baseUrl()
                            + "/api/v1/conversations/" + conversationId + "/items"))
                    .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(attempt).isLessThan(20);
            Thread.sleep(200); // the fake's own limit, hit by this test's reads, not by the bridge
        }
    }
}
