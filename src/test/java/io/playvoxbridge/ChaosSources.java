package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.sandbox.EightByEightFake;
import io.playvoxbridge.sandbox.Five9Fake;
import io.playvoxbridge.sandbox.GladlyFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.source.eightbyeight.EightByEightInteractionsTranslator;
import io.playvoxbridge.source.gladly.GladlyAgents;
import io.playvoxbridge.source.gladly.GladlyConversationEvent;
import io.playvoxbridge.source.gladly.GladlyConversationTranslator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The feeds of {@link ChaosIT}, one per vendor: history only (no new records while it runs), every agent mapped. */
final class ChaosSources {

    private ChaosSources() {
    }

    /** Wolkvox chat_4: every record has its own case_id; 5% 5xx and 3% 429 from the fake Wolkvox. */
    static final class WolkvoxChat implements ChaosSource {
        static final ZoneId ZONE = ZoneId.of("America/Bogota");
        private final int records;
        private final WolkvoxFake wolkvox;
        private Map<String, Long> expected;

        WolkvoxChat(int records, long seed) {
            this.records = records;
            this.wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults("chaos-token").withZone(ZONE).withSeed(seed)
                    .withHistoryRecords(records).withHistorySpan(Duration.ofDays(1)).withRecordsPerMinute(0)
                    .withUnmappedAgentRate(0).withLateRate(0));
        }

        @Override
        public Map<String, String> start() {
            wolkvox.faults(WolkvoxFake.Faults.none().withServerErrorRate(0.05).withRateLimit(0.03, 1));
            wolkvox.start(0);
            List<Map<String, String>> source = wolkvox.visibleRecords(wolkvox.anchor().minus(Duration.ofDays(2)),
                    Instant.now().plusSeconds(1));
            assertThat(source).hasSize(records);
            expected = source.stream().collect(Collectors.toMap(
                    r -> "wolkvox-chat4-" + r.get("case_id"),
                    r -> Stream.of("body", "answer", "comments").filter(f -> r.get(f) != null && !r.get(f).isBlank())
                            .count()));
            Map<String, String> env = new HashMap<>();
            env.put("WOLKVOX_BASE_URL", wolkvox.baseUrl());
            env.put("WOLKVOX_TOKEN", "chaos-token");
            env.put("WOLKVOX_TIME_ZONE", ZONE.getId());
            env.put("WOLKVOX_CHAT_START_AT", LocalDateTime.ofInstant(wolkvox.anchor().minus(Duration.ofDays(1))
                    .minusSeconds(60), ZONE).truncatedTo(ChronoUnit.SECONDS).toString());
            env.put("WOLKVOX_CHAT_MAX_WINDOW", "PT2H");
            env.put("WOLKVOX_CHAT_CRON", "0/5 * * * * ?");
            // one feed per vendor: the other Wolkvox feeds are not part of this run
            env.put("WOLKVOX_SURVEY_ENABLED", "false");
            env.put("WOLKVOX_CONVERSATIONS_ENABLED", "false");
            return env;
        }

        @Override
        public String integration() {
            return "wolkvox-chat";
        }

        @Override
        public Map<String, Long> expectedComments() {
            return expected;
        }

        @Override
        public String faultCounts() {
            return wolkvox.injectedFaults().toString();
        }

        @Override
        public void close() {
            wolkvox.close();
        }
    }

    /**
     * 8x8 interactions: detailed report rows (interactionGuid) with Data Augmentation; expiring tokens, 5xx, cut
     * connections and FAILED reports from the fake; comments are the wrap-up notes and the shown variables.
     */
    static final class EightByEightInteractions implements ChaosSource {
        static final ZoneId ZONE = ZoneId.of("America/New_York");
        private final EightByEightFake fake;
        private Map<String, Long> expected;

        EightByEightInteractions(int records, long seed) {
            this.fake = new EightByEightFake(EightByEightFake.Options.defaults().toBuilder()
                    .client("chaos-client", "chaos-secret").tenant("chaos-tenant", "chaos-action-token").seed(seed)
                    .historyRecords(records).historySpan(Duration.ofHours(6)).recordsPerMinute(0).unmappedAgentRate(0)
                    .late(0, Duration.ZERO).augmentationMissingRate(0.1).statusPollsUntilDone(2).build());
        }

        @Override
        public Map<String, String> start() {
            fake.start(0);
            expected = new LinkedHashMap<>();
            for (Map<String, String> row : fake.wellFormedInteractions(fake.anchor().minus(Duration.ofDays(2)),
                    Instant.now().plus(Duration.ofDays(1)), ZONE)) {
                String guid = row.get("interactionGuid");
                long comments = (row.get("wrapUpNotes") == null || row.get("wrapUpNotes").isBlank() ? 0 : 1)
                        + (fake.augmentationOf(guid).map(a -> variables(a).stream()
                        .anyMatch(v -> v.get("display") != null && Boolean.parseBoolean(v.get("display").toString())))
                        .orElse(false) ? 1 : 0);
                expected.put(EightByEightInteractionsTranslator.interactionId(guid), comments);
            }
            fake.faults(EightByEightFake.Faults.none().withServerErrorRate(0.05).withExpiredTokenRate(0.03)
                    .withConnectionResetRate(0.02).withFailedReportRate(0.1));
            Map<String, String> env = new HashMap<>();
            env.put("EIGHTBYEIGHT_API_BASE_URL", fake.apiBaseUrl());
            env.put("EIGHTBYEIGHT_AUGMENTATION_BASE_URL", fake.augmentationBaseUrl());
            env.put("EIGHTBYEIGHT_CLIENT_ID", "chaos-client");
            env.put("EIGHTBYEIGHT_CLIENT_SECRET", "chaos-secret");
            env.put("EIGHTBYEIGHT_TENANT_ID", "chaos-tenant");
            env.put("EIGHTBYEIGHT_ACTION_TOKEN", "chaos-action-token");
            env.put("EIGHTBYEIGHT_TIME_ZONE", ZONE.getId());
            env.put("EIGHTBYEIGHT_INTERACTIONS_START_AT", LocalDateTime.ofInstant(fake.anchor()
                    .minus(Duration.ofHours(6)).minusSeconds(60), ZONE).truncatedTo(ChronoUnit.SECONDS).toString());
            env.put("EIGHTBYEIGHT_INTERACTIONS_CRON", "0/5 * * * * ?");
            env.put("EIGHTBYEIGHT_INTERACTIONS_STATUS_INTERVAL", "100");
            return env;
        }

        @SuppressWarnings("unchecked")
        private static List<Map<String, Object>> variables(Map<String, Object> augmentation) {
            return (List<Map<String, Object>>) augmentation.get("variables");
        }

        @Override
        public String integration() {
            return "eightbyeight-interactions";
        }

        @Override
        public Map<String, Long> expectedComments() {
            return expected;
        }

        @Override
        public String faultCounts() {
            return fake.injectedFaults() + ", Data Augmentation refused by the 100/min limit "
                    + fake.augmentationLimitRejections();
        }

        @Override
        public void close() {
            fake.close();
        }
    }

    /**
     * Gladly conversations: closed conversations from the events API, their items as comments; 5% 5xx and 3% 429
     * from the fake Gladly.
     */
    static final class GladlyConversations implements ChaosSource {
        private static final String USER = "chaos@example.com";
        private static final String TOKEN = "chaos-gladly-token";
        private static final ObjectMapper JSON = new ObjectMapper();
        private final GladlyFake fake;
        private Map<String, Long> expected;
        private final Map<String, List<String>> texts = new LinkedHashMap<>();
        private int rejectionsBefore;

        GladlyConversations(int conversations, long seed) {
            this.fake = new GladlyFake(GladlyFake.Options.defaults(USER, TOKEN).withSeed(seed)
                    .withHistory(conversations, Duration.ofHours(4)).withConversationsPerMinute(0).withReopenRate(0)
                    .withUnmappedAgentRate(0));
        }

        @Override
        public Map<String, String> start() throws Exception {
            fake.start(0);
            Instant from = fake.anchor().minus(Duration.ofHours(4)).minusSeconds(60);
            List<GladlyAgents.Agent> agents = new ArrayList<>();
            fake.agents().forEach(a -> agents.add(new GladlyAgents.Agent(a.get("id"), a.get("name"),
                    a.get("emailAddress"))));
            GladlyConversationTranslator translator = new GladlyConversationTranslator(
                    IntegrationDefinitionLoader.load("integrations/gladly-conversations.yaml"),
                    AgentDirectory.load("classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE), GladlyAgents.of(agents),
                    null);
            Map<String, GladlyConversationEvent> closes = new LinkedHashMap<>();
            for (String line : fake.eventLines(from, fake.anchor())) {
                try {
                    GladlyConversationEvent e = GladlyConversationEvent.of(JSON.readTree(line));
                    if (e.isClosed()) {
                        closes.put(e.conversationId(), e);
                    }
                } catch (InvalidRecordException ignored) {
                    // not a conversation event
                }
            }
            expected = new LinkedHashMap<>();
            for (String id : fake.deliverableConversationIds(from, fake.anchor())) {
                List<String> comments = translator.translate(closes.get(id), pacedItems(id), false).comments().stream()
                        .map(c -> c.type().apiName() + "|" + c.body()).toList();
                expected.put(GladlyConversationTranslator.interactionId(id), (long) comments.size());
                texts.put(GladlyConversationTranslator.interactionId(id), comments);
            }
            rejectionsBefore = fake.rateLimitRejections();
            fake.faults(GladlyFake.Faults.none().withServerErrorRate(0.05).withRateLimit(0.03, 1));
            Map<String, String> env = new HashMap<>();
            env.put("GLADLY_BASE_URL", fake.baseUrl());
            env.put("GLADLY_USERNAME", USER);
            env.put("GLADLY_API_TOKEN", TOKEN);
            env.put("GLADLY_CONVERSATIONS_START_AT", LocalDateTime.ofInstant(from, ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.SECONDS).toString());
            env.put("GLADLY_CONVERSATIONS_CRON", "0/5 * * * * ?");
            return env;
        }

        /** A conversation's items, read from the fake before the bridge runs (waiting out the fake's own limit). */
        private JsonNode items(String conversationId) throws Exception {
            String basic = Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
                                + "/api/v1/conversations/" + conversationId + "/items"))
                        .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(attempt).isLessThan(50);
                Thread.sleep(200);
            }
        }

        /** Reads slower than the fake's 10 a second, so its refusals count only the bridge's requests. */
        private JsonNode pacedItems(String conversationId) throws Exception {
            Thread.sleep(150);
            return items(conversationId);
        }

        @Override
        public String integration() {
            return "gladly-conversations";
        }

        @Override
        public List<String> expectedCommentTexts(String interactionId) {
            return texts.get(interactionId);
        }

        @Override
        public Map<String, Long> expectedComments() {
            return expected;
        }

        @Override
        public String faultCounts() {
            return fake.injectedFaults() + ", refused by the 10/s limit while the bridge ran "
                    + (fake.rateLimitRejections() - rejectionsBefore);
        }

        @Override
        public void close() {
            fake.close();
        }
    }

    /**
     * Five9 Call Log: every call has its own CALL ID; 5% 5xx and 2% cut connections from the fake Five9, whose
     * limits (16 runReport and 20 result fetches a minute, one request at a time) refuse what goes over them.
     * Calls without an agent are skipped by design; the rest must arrive, once, without comments.
     */
    static final class Five9CallLog implements ChaosSource {
        static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
        private static final String USER = "chaos.admin@example.com";
        private static final String PASSWORD = "chaos-five9-password";
        private final Five9Fake fake;

        Five9CallLog(int calls, long seed) {
            this.fake = new Five9Fake(Five9Fake.Options.defaults(Map.of(USER, PASSWORD)).toBuilder().seed(seed)
                    .history(calls, 0).perMinute(0, 0).historySpan(Duration.ofHours(12)).unmappedAgentRate(0)
                    .reportDuration(Duration.ofSeconds(1)).build());
        }

        @Override
        public Map<String, String> start() {
            fake.start(0);
            fake.faults(Five9Fake.Faults.none().withServerErrorRate(0.05).withConnectionResetRate(0.02));
            Map<String, String> env = new HashMap<>();
            env.put("FIVE9_BASE_URL", fake.baseUrl());
            env.put("FIVE9_USERNAME", USER);
            env.put("FIVE9_PASSWORD", PASSWORD);
            env.put("FIVE9_CALL_LOG_START_AT", LocalDateTime.ofInstant(fake.anchor().minus(Duration.ofHours(12))
                    .minusSeconds(60), PACIFIC).truncatedTo(ChronoUnit.SECONDS).toString());
            env.put("FIVE9_CALL_LOG_CRON", "0/5 * * * * ?");
            env.put("FIVE9_CALL_LOG_MAX_RANGE", "PT4H");
            // one feed per vendor
            env.put("FIVE9_DIGITAL_ENABLED", "false");
            return env;
        }

        @Override
        public String integration() {
            return "five9-call-log";
        }

        /** Calls are listed once they end, so the expected set is read anew: every call with an agent listed by now. */
        @Override
        public Map<String, Long> expectedComments() {
            Map<String, Long> expected = new LinkedHashMap<>();
            for (Five9Fake.Row row : fake.visibleRows(Five9Fake.Report.CALL_LOG, fake.anchor().minus(Duration.ofDays(2)),
                    Instant.now().minus(Duration.ofSeconds(30)))) {
                String agent = row.cells().get("AGENT");
                if (agent != null && !agent.isBlank()) {
                    expected.put("five9-call-" + row.cells().get("CALL ID"), 0L);
                }
            }
            return expected;
        }

        @Override
        public String faultCounts() {
            return fake.injectedFaults() + ", refused over the limits " + fake.limitRejections()
                    + ", refused as concurrent " + fake.concurrentRejections();
        }

        @Override
        public void close() {
            fake.close();
        }
    }
}
