package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Gladly fake answers as api-facts section 6 (Gladly's REST API) describes: events, items, agents, auth, limit. */
class GladlyFakeTest {

    static final String USER = "api.user@sandbox.gladly.test";
    static final String TOKEN = "sandbox-gladly-token";
    static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> EVENT_TYPES = List.of("CONVERSATION/CREATED", "CONVERSATION_ASSIGNEE/UPDATED",
            "CONVERSATION/NOTE_CREATED", "CONVERSATION/CLOSED", "CONVERSATION/REOPENED");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<GladlyFake> fakes = new ArrayList<>();
    GladlyFake fake;
    MutableClock clock;

    @AfterEach
    void stop() {
        fakes.forEach(GladlyFake::close);
    }

    /** A fake on a stopped clock at T0 whose rate limit tests other than the limit's own do not reach. */
    GladlyFake start(GladlyFake.Options options) {
        GladlyFake started = new GladlyFake(options);
        started.start(0);
        fakes.add(started);
        fake = started;
        return started;
    }

    GladlyFake.Options fixed() {
        clock = new MutableClock(T0);
        return GladlyFake.Options.defaults(USER, TOKEN).withClock(clock).withRequestsPerSecond(100_000);
    }

    static String basic(String user, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String pathAndQuery, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return get(pathAndQuery, basic(USER, TOKEN));
    }

    static String q(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    HttpResponse<String> events(Instant from, Instant to) throws Exception {
        return get("/api/v1/events?startAt=" + q(from) + "&endAt=" + q(to) + "&entities=CONVERSATION");
    }

    static List<JsonNode> lines(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    static void assertErrors(HttpResponse<String> response, int status, String attr, String code) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).get("errors").get(0);
        if (attr != null) {
            assertThat(error.get("attr").asText()).isEqualTo(attr);
        }
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("detail").asText()).isNotBlank();
    }

    @Test
    void streams_conversation_events_as_jsonl_sorted_by_timestamp_with_the_documented_shape() throws Exception {
        start(fixed());

        HttpResponse<String> response = events(T0.minus(Duration.ofHours(12)), T0);

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-jsonlines");
        assertThat(response.body()).endsWith("\n").doesNotContain("\n\n");
        List<JsonNode> events = lines(response);
        assertThat(events).hasSizeGreaterThan(1000);
        List<Instant> stamps = events.stream().map(e -> Instant.parse(e.get("timestamp").asText())).toList();
        assertThat(stamps).isSorted();
        assertThat(stamps).allMatch(t -> !t.isBefore(T0.minus(Duration.ofHours(12))) && !t.isAfter(T0.minusSeconds(15)));
        for (JsonNode e : events) {
            assertThat(e.fieldNames()).toIterable().containsExactly("id", "type", "timestamp", "initiator", "content");
            assertThat(e.get("id").asText()).matches("[A-Za-z0-9_-]{22}");
            assertThat(e.get("type").asText()).isIn(EVENT_TYPES);
            assertThat(e.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(e.path("initiator").path("type").asText()).isIn("AGENT", "CUSTOMER", "AUTOMATION");
            assertThat(e.path("content").path("conversationId").asText()).matches("[A-Za-z0-9_-]{22}");
            assertThat(e.path("content").path("customerId").asText()).isNotBlank();
            assertThat(e.path("content").path("context").path("assignee").path("inboxId").asText()).isNotBlank();
        }
        assertThat(events).filteredOn(e -> e.get("type").asText().equals("CONVERSATION/CLOSED"))
                .allSatisfy(e -> assertThat(e.path("content").path("context").path("assignee").path("agentId").asText())
                        .isNotBlank());
        assertThat(events.stream().map(e -> e.get("id").asText()).collect(Collectors.toSet())).hasSize(events.size());
    }

    @Test
    void closes_every_conversation_once_and_the_reopened_share_twice() throws Exception {
        start(fixed().withHistory(400, Duration.ofHours(12)).withReopenRate(0.25));
        Instant from = T0.minus(Duration.ofHours(23));

        List<JsonNode> events = lines(events(from, T0));

        Map<String, Long> closes = events.stream().filter(e -> e.get("type").asText().equals("CONVERSATION/CLOSED"))
                .collect(Collectors.groupingBy(e -> e.path("content").path("conversationId").asText(),
                        Collectors.counting()));
        Map<String, Instant> created = events.stream().filter(e -> e.get("type").asText().equals("CONVERSATION/CREATED"))
                .collect(Collectors.toMap(e -> e.path("content").path("conversationId").asText(),
                        e -> Instant.parse(e.get("timestamp").asText())));
        assertThat(created.keySet().stream().map(id -> fake.conversationIndex(id).orElseThrow()))
                .as("every history conversation, each created once").hasSize(400).allMatch(i -> i >= 0 && i < 400);
        assertThat(closes.keySet()).isSubsetOf(created.keySet());
        Instant settled = T0.minus(GladlyConversationGenerator.MAX_SPAN).minusSeconds(15);
        List<String> old = created.entrySet().stream().filter(e -> e.getValue().isBefore(settled))
                .map(Map.Entry::getKey).toList();
        assertThat(old).hasSizeGreaterThan(190);
        old.forEach(id -> assertThat(closes.get(id)).as(id).isEqualTo(fake.reopened(id) ? 2L : 1L));
        closes.values().forEach(n -> assertThat(n).isBetween(1L, 2L));
        long reopened = old.stream().filter(fake::reopened).count();
        assertThat(reopened).isBetween(25L, 75L);
        assertThat(fake.closedConversationIds(from, T0)).isEqualTo(closes.keySet());
    }

    @Test
    void answers_the_same_window_twice_with_identical_lines_and_overlaps_agree() throws Exception {
        start(fixed());
        Instant a = T0.minus(Duration.ofHours(6));
        Instant b = T0.minus(Duration.ofHours(2));

        String first = events(a, b).body();
        String second = events(a, b).body();
        String wider = events(a.minus(Duration.ofHours(1)), T0).body();

        assertThat(second).isEqualTo(first);
        assertThat(wider).contains(first);
        assertThat(String.join("\n", fake.eventLines(a, b)) + "\n").isEqualTo(first);
    }

    @Test
    void includes_start_at_and_excludes_end_at() throws Exception {
        start(fixed());
        JsonNode target = lines(events(T0.minus(Duration.ofHours(3)), T0.minus(Duration.ofHours(2)))).get(5);
        Instant at = Instant.parse(target.get("timestamp").asText());

        List<JsonNode> from = lines(events(at, at.plusMillis(1)));
        List<JsonNode> before = lines(events(at.minusSeconds(60), at));

        assertThat(from).extracting(e -> e.get("id").asText()).contains(target.get("id").asText());
        assertThat(before).extracting(e -> e.get("id").asText()).doesNotContain(target.get("id").asText());
    }

    @Test
    void serves_events_only_once_they_are_event_lag_old_and_new_conversations_after_the_anchor() throws Exception {
        start(fixed().withConversationsPerMinute(6).withEventLag(Duration.ofSeconds(15)));
        assertThat(lines(events(T0, T0.plus(Duration.ofHours(1))))).isEmpty();

        clock.advance(Duration.ofMinutes(10).plusSeconds(14));
        List<JsonNode> early = lines(events(T0, T0.plus(Duration.ofHours(1))));
        clock.advance(Duration.ofSeconds(1));
        List<JsonNode> later = lines(events(T0, T0.plus(Duration.ofHours(1))));

        assertThat(early).allMatch(e -> !Instant.parse(e.get("timestamp").asText()).isAfter(T0.plusSeconds(599)));
        assertThat(created(early)).as("6 a minute after the 300 of the history; the one of T0+10:00 is 14 s old")
                .containsExactlyElementsOf(LongStream.range(300, 359).boxed().toList());
        assertThat(created(later)).as("15 s old").containsExactlyElementsOf(LongStream.range(300, 360).boxed().toList());
    }

    List<Long> created(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("type").asText().equals("CONVERSATION/CREATED"))
                .map(e -> fake.conversationIndex(e.path("content").path("conversationId").asText()).orElseThrow())
                .toList();
    }

    @Test
    void refuses_bad_event_parameters_with_gladlys_error_list() throws Exception {
        start(fixed());
        String conv = "&entities=CONVERSATION";

        assertErrors(get("/api/v1/events?entities=CONVERSATION"), 400, "startAt", "blank");
        assertErrors(get("/api/v1/events?startAt=2026-11-21" + conv), 400, "startAt", "invalid");
        assertErrors(get("/api/v1/events?startAt=" + q(T0.minus(Duration.ofHours(24)).minusSeconds(1)) + conv),
                400, "startAt", "invalid");
        assertErrors(get("/api/v1/events?startAt=" + q(T0) + "&endAt=" + q(T0.minusSeconds(1)) + conv),
                400, "endAt", "invalid");
        assertErrors(get("/api/v1/events?startAt=" + q(T0) + "&endAt=soon" + conv), 400, "endAt", "invalid");
        assertErrors(get("/api/v1/events?startAt=" + q(T0.minusSeconds(60))), 400, "entities", "blank");
        assertErrors(get("/api/v1/events?startAt=" + q(T0.minusSeconds(60)) + "&entities=CONVERSATIONS"),
                400, "entities", "invalid");
        assertThat(events(T0.minus(Duration.ofHours(24)), T0).statusCode()).isEqualTo(200);
    }

    @Test
    void accepts_offsets_and_several_entities_and_serves_nothing_for_entities_without_events() throws Exception {
        start(fixed());
        String from = URLEncoder.encode("2026-11-21T05:00:00-05:00", StandardCharsets.UTF_8);
        String to = URLEncoder.encode("2026-11-21T14:00:00.000+02:00", StandardCharsets.UTF_8);

        HttpResponse<String> both = get("/api/v1/events?startAt=" + from + "&endAt=" + to
                + "&entities=AGENT_STATUS&entities=CONVERSATION");
        HttpResponse<String> agentsOnly = get("/api/v1/events?startAt=" + from + "&entities=AGENT_STATUS");

        assertThat(both.body()).isNotEmpty().isEqualTo(events(Instant.parse("2026-11-21T10:00:00Z"),
                Instant.parse("2026-11-21T12:00:00Z")).body());
        assertThat(agentsOnly.statusCode()).isEqualTo(200);
        assertThat(agentsOnly.body()).isEmpty();
    }

    @Test
    void lists_a_conversations_items_in_time_order_up_to_now() throws Exception {
        start(fixed().withReopenRate(1.0));
        String id = fake.conversationId(10);

        HttpResponse<String> response = get("/api/v1/conversations/" + id + "/items");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("Gladly-Limited-Data")).isEmpty();
        JsonNode items = JSON.readTree(response.body());
        assertThat(items.isArray()).isTrue();
        List<Instant> stamps = new ArrayList<>();
        items.forEach(i -> stamps.add(Instant.parse(i.get("timestamp").asText())));
        assertThat(stamps).isSorted();
        for (JsonNode item : items) {
            assertThat(item.get("conversationId").asText()).isEqualTo(id);
            assertThat(item.get("id").asText()).matches("[A-Za-z0-9_-]{22}");
            assertThat(item.path("initiator").path("type").asText()).isIn("AGENT", "CUSTOMER", "AUTOMATION");
            assertThat(item.path("content").path("type").asText()).isIn("CHAT_MESSAGE", "EMAIL", "SMS",
                    "FACEBOOK_MESSAGE", "WHATSAPP", "INSTAGRAM_DIRECT", "PHONE_CALL", "CONVERSATION_NOTE",
                    "TOPIC_CHANGE", "CONVERSATION_STATUS_CHANGE");
        }
        List<String> statuses = new ArrayList<>();
        items.forEach(i -> {
            if (i.path("content").path("type").asText().equals("CONVERSATION_STATUS_CHANGE")) {
                statuses.add(i.path("content").path("status").asText());
            }
        });
        assertThat(statuses).containsExactly("CLOSED", "OPEN", "CLOSED");
    }

    @Test
    void items_of_a_conversation_created_later_or_unknown_are_404_not_exist() throws Exception {
        start(fixed().withConversationsPerMinute(6));

        assertErrors(get("/api/v1/conversations/" + fake.conversationId(350) + "/items"), 404, null, "not_exist");
        assertErrors(get("/api/v1/conversations/AAAAAAAAAAAAAAAAAAAAAA/items"), 404, null, "not_exist");
        assertErrors(get("/api/v1/conversations/x/y/items"), 404, null, "not_exist");
        clock.advance(Duration.ofMinutes(10));
        JsonNode items = JSON.readTree(get("/api/v1/conversations/" + fake.conversationId(350) + "/items").body());
        assertThat(items.size()).isPositive();
        assertThat(items).allMatch(i -> !Instant.parse(i.get("timestamp").asText()).isAfter(clock.instant()));
    }

    @Test
    void cuts_items_at_the_cap_and_says_so_in_gladly_limited_data() throws Exception {
        start(fixed().withMaxItemsPerAnswer(2));

        HttpResponse<String> response = get("/api/v1/conversations/" + fake.conversationId(3) + "/items");

        assertThat(JSON.readTree(response.body()).size()).isEqualTo(2);
        assertThat(response.headers().firstValue("Gladly-Limited-Data")).hasValue("true");
    }

    @Test
    void lists_agents_whose_emails_are_the_sandbox_playvox_users_and_not_the_unmapped_one() throws Exception {
        start(fixed().withUnmappedAgentRate(0.5));

        JsonNode agents = JSON.readTree(get("/api/v1/agents").body());

        assertThat(agents.isArray()).isTrue();
        List<String> emails = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        agents.forEach(a -> {
            assertThat(a.fieldNames()).toIterable().containsExactly("id", "name", "emailAddress");
            emails.add(a.get("emailAddress").asText());
            ids.add(a.get("id").asText());
        });
        assertThat(emails).containsExactlyInAnyOrderElementsOf(WolkvoxFake.sandboxPlayvoxUsers());
        assertThat(ids).doesNotContain(GladlyFake.UNMAPPED_AGENT_ID).doesNotHaveDuplicates();
        JsonNode one = JSON.readTree(get("/api/v1/agents/" + ids.get(0)).body());
        assertThat(one).isEqualTo(agents.get(0));
        assertErrors(get("/api/v1/agents/" + GladlyFake.UNMAPPED_AGENT_ID), 404, null, "not_exist");
        Map<String, Integer> assigned = new HashMap<>();
        for (long i = 0; i < 200; i++) {
            assigned.merge(fake.agentIdOf(fake.conversationId(i)), 1, Integer::sum);
        }
        assertThat(assigned.get(GladlyFake.UNMAPPED_AGENT_ID)).isBetween(70, 130);
        assertThat(ids).containsAll(assigned.keySet().stream().filter(a -> !a.equals(GladlyFake.UNMAPPED_AGENT_ID)).toList());
    }

    @Test
    void refuses_a_missing_or_wrong_login_with_401_and_no_rate_limit_headers() throws Exception {
        start(fixed());

        HttpResponse<String> none = get("/api/v1/agents", null);
        HttpResponse<String> wrong = get("/api/v1/agents", basic(USER, "wrong"));
        HttpResponse<String> otherUser = get("/api/v1/agents", basic("someone@sandbox.gladly.test", TOKEN));

        for (HttpResponse<String> r : List.of(none, wrong, otherUser)) {
            assertErrors(r, 401, null, "unauthorized");
            assertThat(r.headers().firstValue("Ratelimit-Limit-Second")).isEmpty();
        }
        assertThat(fake.requestCount()).isZero();
    }

    @Test
    void answers_404_for_other_paths_and_405_for_other_methods() throws Exception {
        start(fixed());

        assertErrors(get("/api/v1/conversations"), 404, null, "not_exist");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/api/v1/agents"))
                .header("Authorization", basic(USER, TOKEN)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertErrors(post, 405, null, "method_not_allowed");
    }

    @Test
    void enforces_ten_requests_a_second_with_ratelimit_headers_and_a_429() throws Exception {
        clock = new MutableClock(T0);
        start(GladlyFake.Options.defaults(USER, TOKEN).withClock(clock));

        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> ok = get("/api/v1/agents");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Ratelimit-Limit-Second")).hasValue("10");
            remaining.add(ok.headers().firstValue("Ratelimit-Remaining-Second").orElseThrow());
        }
        HttpResponse<String> refused = get("/api/v1/agents");
        clock.advance(Duration.ofMillis(999));
        HttpResponse<String> stillRefused = get("/api/v1/events?startAt=" + q(T0.minusSeconds(60)) + "&entities=CONVERSATION");
        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> nextSecond = get("/api/v1/agents");

        assertThat(remaining).containsExactly("9", "8", "7", "6", "5", "4", "3", "2", "1", "0");
        for (HttpResponse<String> r : List.of(refused, stillRefused)) {
            assertErrors(r, 429, null, "rate_limited");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(r.headers().firstValue("Ratelimit-Limit-Second")).hasValue("10");
            assertThat(r.headers().firstValue("Ratelimit-Remaining-Second")).hasValue("0");
        }
        assertThat(nextSecond.statusCode()).isEqualTo(200);
        assertThat(nextSecond.headers().firstValue("Ratelimit-Remaining-Second")).hasValue("9");
        assertThat(fake.rateLimitRejections()).isEqualTo(2);
        assertThat(fake.peakRequestsPerSecond()).isEqualTo(12);
        assertThat(fake.requestCount()).isEqualTo(13);
    }

    @Test
    void admits_exactly_the_limit_of_concurrent_requests_in_one_second() throws Exception {
        clock = new MutableClock(T0);
        start(GladlyFake.Options.defaults(USER, TOKEN).withClock(clock));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/api/v1/agents"))
                    .header("Authorization", basic(USER, TOKEN)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Long> statuses = calls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertThat(statuses).containsEntry(200, 10L).containsEntry(429, 20L);
        assertThat(fake.peakRequestsPerSecond()).isEqualTo(30);
    }

    @Test
    void the_same_seed_gives_the_same_conversations_and_another_seed_others() {
        GladlyFake a = start(fixed());
        GladlyFake b = start(fixed());
        GladlyFake c = start(fixed().withSeed(7));
        Instant from = T0.minus(Duration.ofHours(5));

        assertThat(a.eventLines(from, T0)).isEqualTo(b.eventLines(from, T0)).isNotEqualTo(c.eventLines(from, T0));
        assertThat(a.conversationId(5)).isEqualTo(b.conversationId(5)).isNotEqualTo(c.conversationId(5));
        assertThat(a.conversationIndex(a.conversationId(123))).hasValue(123);
        assertThat(a.conversationIndex(c.conversationId(123))).isEmpty();
        assertThat(a.conversationIndex("not base64!")).isEmpty();
    }

    @Test
    void the_deliverable_set_leaves_out_conversations_reopened_at_the_end_of_the_range() {
        start(fixed().withReopenRate(1.0));
        Instant from = T0.minus(Duration.ofHours(12));
        List<String> lines = fake.eventLines(from, T0);
        String lastReopened = null;
        for (String line : lines) {
            if (line.contains("\"CONVERSATION/REOPENED\"")) {
                lastReopened = line;
            }
        }
        Instant cut = Instant.parse(lastReopened.replaceAll(".*\"timestamp\":\"([^\"]+)\".*", "$1")).plusMillis(1);
        String conversation = lastReopened.replaceAll(".*\"conversationId\":\"([^\"]+)\".*", "$1");

        assertThat(fake.closedConversationIds(from, cut)).contains(conversation);
        assertThat(fake.deliverableConversationIds(from, cut)).doesNotContain(conversation)
                .isSubsetOf(fake.closedConversationIds(from, cut));
        assertThat(fake.deliverableConversationIds(from, T0.minusSeconds(15))).hasSizeGreaterThan(100);
    }
}
