package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Playvox fake validates and answers as the Custom Integrations API (api-facts section 1) and the brief say. */
class PlayvoxFakeTest {

    private static final String UID = "sandbox-uid";
    private static final String KEY = "sandbox-key";
    private static final String MARIA = "maria.rodriguez@sandbox.playvox.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private PlayvoxFake fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private PlayvoxFake start(PlayvoxFake.Options options) {
        fake = new PlayvoxFake(options);
        fake.start(0);
        return fake;
    }

    private HttpResponse<String> call(String method, String path, Object body, String credentials) throws Exception {
        String url = path.startsWith("/sandbox") ? "http://127.0.0.1:" + fake.port() + path : fake.baseUrl() + path;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (credentials != null) {
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(
                            body instanceof String s ? s : JSON.writeValueAsString(body)));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, null, UID + ":" + KEY);
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return call("POST", path, body, UID + ":" + KEY);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String fragment) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("success").asBoolean()).isFalse();
        assertThat(json(response).get("error").asText()).contains(fragment);
    }

    private String createIntegration(String name) throws Exception {
        HttpResponse<String> response = post("/integrations", Map.of("name", name, "description", "Wolkvox chat_4",
                "settings", Map.of("data_storage_minutes", 129_600)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("_id").asText();
    }

    private static Map<String, Object> field(String fieldId, String type) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("field_id", fieldId);
        field.put("type", type);
        field.put("allowed", List.of());
        field.put("required", false);
        field.put("available_in", List.of("filters", "display"));
        return field;
    }

    /** An integration with created_on (datetime), channel (list), csat (integer), subject (string). */
    private String chatIntegration() throws Exception {
        String id = createIntegration("wolkvox-chat");
        Map<String, Object> channel = field("channel", "list");
        channel.put("allowed", List.of("Email", "twitter"));
        Map<String, Object> created = field("created_on", "datetime");
        created.put("required", true);
        for (Map<String, Object> f : List.of(created, channel, field("csat", "integer"), field("subject", "string"))) {
            assertThat(post("/integrations/" + id + "/metadata", f).statusCode()).isEqualTo(200);
        }
        return id;
    }

    private static Map<String, Object> item(String interactionId, String assignee) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("interaction_id", interactionId);
        item.put("assignee_id", assignee);
        item.put("created_on", "2026-11-21T09:30:00-05:00");
        item.put("channel", "Email");
        item.put("csat", 5);
        item.put("subject", "Cobro duplicado ñ 😊");
        return item;
    }

    private JsonNode awaitJobEnd(String jobId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(
                () -> json(get("/jobs/" + jobId)).get("result"),
                result -> !result.get("status").asText().matches("pending|in_progress"));
    }

    private String bulk(String integrationId, List<Map<String, Object>> items) throws Exception {
        HttpResponse<String> response = post("/integrations/" + integrationId + "/bulk/interactions", items);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("result").get("_id").asText();
    }

    @Test
    void answers_401_without_or_with_wrong_basic_credentials_but_serves_the_views_openly() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY));

        assertError(call("GET", "/integrations", null, null), 401, "Unauthorized");
        assertError(call("GET", "/integrations", null, UID + ":wrong"), 401, "Unauthorized");
        assertError(call("GET", "/integrations", null, KEY + ":" + UID), 401, "Unauthorized");
        assertThat(get("/integrations").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/sandbox/stats", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/sandbox", null, null).body()).contains("/sandbox/interactions", "/sandbox/stats");
        assertThat(fake.requestLog()).extracting(PlayvoxFake.RequestRecord::status).containsExactly(401, 401, 401, 200);
    }

    @Test
    void creates_integrations_and_pages_through_them() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY));
        for (int i = 0; i < 14; i++) {
            createIntegration("integration_" + i);
        }
        String again = createIntegration("integration_0");

        JsonNode first = json(get("/integrations?page=1"));
        JsonNode second = json(get("/integrations?page=2"));
        JsonNode all = json(get("/integrations?page=1&per_page=100"));
        JsonNode one = json(get("/integrations/" + again));

        assertThat(first.get("result")).hasSize(12);
        assertThat(first.get("next_page").asBoolean()).isTrue();
        assertThat(second.get("result")).hasSize(3);
        assertThat(second.get("next_page").asBoolean()).isFalse();
        assertThat(all.get("result")).hasSize(15);
        assertThat(one.get("name").asText()).isEqualTo("integration_0");
        assertThat(one.get("settings").get("data_storage_minutes").asInt()).isEqualTo(129_600);
        assertThat(one.get("metadata")).isEmpty();
        assertThat(fake.integrationsCreated()).isEqualTo(15);
        assertError(get("/integrations/nope"), 404, "nope");
        assertError(post("/integrations", Map.of("name", "x", "description", "d",
                "settings", Map.of("data_storage_minutes", 129_601))), 400, "data_storage_minutes");
        assertError(post("/integrations", Map.of("description", "d", "settings", Map.of("data_storage_minutes", 10))),
                400, "name");
        assertError(post("/integrations", Map.of("name", "x", "settings", Map.of("data_storage_minutes", 10))),
                400, "description");
        assertError(post("/integrations", "{not json"), 400, "JSON");
    }

    @Test
    void rejects_bad_field_ids_reserved_names_unknown_types_and_duplicates() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY));
        String id = createIntegration("wolkvox-chat");
        String path = "/integrations/" + id + "/metadata";

        assertError(post(path, field("Bad-Field", "string")), 400, "field_id");
        assertError(post(path, field("ab", "string")), 400, "field_id");
        assertError(post(path, field("a_field_id_that_is_far_too_long", "string")), 400, "field_id");
        assertError(post(path, field("created_at", "datetime")), 400, "created_at is reserved");
        assertError(post(path, field("updated_at", "datetime")), 400, "updated_at is reserved");
        assertError(post(path, field("reply_time", "number")), 400, "type");
        Map<String, Object> withLabel = field("reply_time", "datetime");
        withLabel.put("label", "Reply time");
        assertError(post(path, withLabel), 400, "label");
        Map<String, Object> withIntegrationId = field("reply_time", "datetime");
        withIntegrationId.put("integration_id", id);
        HttpResponse<String> created = post(path, withIntegrationId);
        assertError(post(path, field("reply_time", "string")), 400, "reply_time already exists");
        assertError(post("/integrations/nope/metadata", field("reply_time", "string")), 404, "nope");

        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode metadata = json(created).get("metadata");
        assertThat(metadata).hasSize(1);
        assertThat(metadata.get(0).get("_id").asText()).isNotBlank();
        assertThat(metadata.get(0).get("field_id").asText()).isEqualTo("reply_time");
        assertThat(json(get("/integrations/" + id)).get("metadata")).hasSize(1);
        assertThat(fake.metadataFieldsCreated()).isEqualTo(1);
    }

    @Test
    void rejects_a_bulk_request_of_more_than_100_interactions() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY));
        String id = chatIntegration();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            items.add(item("case-" + i, MARIA));
        }
        String path = "/integrations/" + id + "/bulk/interactions";

        assertError(post(path, items), 400, "at most 100 interactions per request");
        assertError(post(path, List.of()), 400, "at least 1");
        assertError(post(path, item("x", MARIA)), 400, "array");
        assertError(post("/integrations/nope/bulk/interactions", items.subList(0, 1)), 404, "nope");
        assertError(post("/integrations/" + createIntegration("no-dates") + "/bulk/interactions", items.subList(0, 1)),
                400, "datetime");
        assertThat(post(path, items.subList(0, 100)).statusCode()).isEqualTo(200);
        assertThat(fake.bulkSizes()).containsExactly(100);
    }

    @Test
    void moves_a_job_from_pending_to_completed_with_per_item_failures() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(4500)));
        String id = chatIntegration();
        Map<String, Object> unknownKey = item("unknown-key", MARIA);
        unknownKey.put("sentiment", "positive");
        Map<String, Object> wrongType = item("wrong-type", MARIA);
        wrongType.put("csat", "5");
        Map<String, Object> noOffset = item("no-offset", MARIA);
        noOffset.put("created_on", "2026-11-21T09:30:00");
        Map<String, Object> notAllowed = item("not-allowed", MARIA);
        notAllowed.put("channel", "whatsapp");
        Map<String, Object> missingRequired = item("missing-required", MARIA);
        missingRequired.remove("created_on");
        List<Map<String, Object>> items = List.of(item("ok-1", MARIA), unknownKey, wrongType, noOffset,
                item("x".repeat(69), MARIA), item("stranger", "someone@else.test"), notAllowed, missingRequired,
                item("y".repeat(68), "andres.pena@sandbox.playvox.test"));

        HttpResponse<String> accepted = post("/integrations/" + id + "/bulk/interactions", items);
        JsonNode job = json(accepted).get("result");
        JsonNode early = json(get("/jobs/" + job.get("_id").asText())).get("result");

        assertThat(job.get("status").asText()).isEqualTo("pending");
        assertThat(job.get("total").asInt()).isEqualTo(9);
        assertThat(early.get("status").asText()).isEqualTo("pending");
        assertThat(fake.interactions("wolkvox-chat")).isEmpty();
        JsonNode done = awaitJobEnd(job.get("_id").asText());
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("total_completed").asInt()).isEqualTo(2);
        assertThat(done.get("total_failed").asInt()).isEqualTo(7);
        Map<String, String> errors = new LinkedHashMap<>();
        done.get("failed").forEach(f -> errors.put(f.get("interaction_id").asText(), f.get("error").asText()));
        assertThat(errors.get("unknown-key")).contains("unknown metadata field sentiment");
        assertThat(errors.get("wrong-type")).contains("csat", "integer");
        assertThat(errors.get("no-offset")).contains("created_on", "offset");
        assertThat(errors.get("x".repeat(69))).contains("interaction_id", "68");
        assertThat(errors.get("stranger")).contains("assignee_id someone@else.test is not a Playvox user");
        assertThat(errors.get("not-allowed")).contains("channel", "whatsapp");
        assertThat(errors.get("missing-required")).contains("created_on", "missing");
        assertThat(done.get("completed")).extracting(c -> c.get("interaction_id").asText())
                .containsExactly("ok-1", "y".repeat(68));
        List<PlayvoxFake.StoredInteraction> stored = fake.interactions("wolkvox-chat");
        assertThat(stored).extracting(PlayvoxFake.StoredInteraction::interactionId).containsExactly("ok-1", "y".repeat(68));
        assertThat(stored.get(0).id()).isEqualTo(done.get("completed").get(0).get("_id").asText());
        assertThat(stored.get(0).metadata()).containsEntry("csat", 5).containsEntry("subject", "Cobro duplicado ñ 😊");
        assertThat(fake.rejectedItems()).isEqualTo(7);
    }

    @Test
    void marks_a_job_failed_when_every_item_fails_including_simulated_failures() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ZERO));
        String id = chatIntegration();
        fake.faults(PlayvoxFake.Faults.none().withItemFailureRate(1.0));

        JsonNode done = awaitJobEnd(bulk(id, List.of(item("a", MARIA), item("b", MARIA))));

        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("failed")).extracting(f -> f.get("error").asText())
                .containsOnly("sandbox: simulated item failure");
        assertThat(fake.interactions(null)).isEmpty();
    }

    @Test
    void counts_duplicate_receipts_and_keeps_the_first_id() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ZERO));
        String id = chatIntegration();

        JsonNode first = awaitJobEnd(bulk(id, List.of(item("case-1", MARIA), item("case-2", MARIA))));
        Map<String, Object> changed = item("case-1", MARIA);
        changed.put("csat", 3);
        JsonNode second = awaitJobEnd(bulk(id, List.of(changed)));

        assertThat(second.get("completed").get(0).get("_id")).isEqualTo(first.get("completed").get(0).get("_id"));
        assertThat(fake.duplicateReceipts()).isEqualTo(1);
        assertThat(fake.interactions("wolkvox-chat")).hasSize(2);
        PlayvoxFake.StoredInteraction stored = fake.interactions("wolkvox-chat").get(0);
        assertThat(stored.receivedCount()).isEqualTo(2);
        assertThat(stored.metadata()).containsEntry("csat", 3);
        JsonNode stats = json(call("GET", "/sandbox/stats", null, null));
        assertThat(stats.get("duplicate_receipts").asInt()).isEqualTo(1);
        assertThat(stats.get("interactions").asInt()).isEqualTo(2);
        assertThat(stats.get("bulk_sizes").get("2").asInt()).isEqualTo(1);
        assertThat(stats.get("bulk_sizes").get("1").asInt()).isEqualTo(1);
        JsonNode view = json(call("GET", "/sandbox/interactions?integration=wolkvox-chat", null, null));
        assertThat(view.get(0).get("received_count").asInt()).isEqualTo(2);
    }

    @Test
    void counts_requests_by_kind_and_the_most_in_any_60_seconds_for_the_benchmarks() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ZERO).withRequestsPerMinute(9));
        String id = chatIntegration();
        JsonNode done = awaitJobEnd(bulk(id, List.of(item("case-1", MARIA))));
        String interaction = done.get("completed").get(0).get("_id").asText();
        assertThat(post("/interactions/" + interaction + "/comments",
                Map.of("body", "hola", "type", "customer_comment", "author_id", MARIA)).statusCode()).isEqualTo(200);
        get("/integrations?page=1&per_page=100");
        HttpResponse<String> limited = get("/integrations/" + id);

        assertThat(limited.statusCode()).isEqualTo(429);
        JsonNode stats = json(call("GET", "/sandbox/stats", null, null));
        JsonNode kinds = stats.get("requests_by_kind");
        assertThat(kinds.get("setup").asInt()).isEqualTo(5);
        assertThat(kinds.get("bulk").asInt()).isEqualTo(1);
        assertThat(kinds.get("job_poll").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(kinds.get("comment").asInt()).isEqualTo(1);
        assertThat(kinds.get("lookup").asInt()).isEqualTo(2);
        assertThat(kinds.get("other").asInt()).isZero();
        int total = 0;
        for (JsonNode count : kinds) {
            total += count.asInt();
        }
        JsonNode rate = stats.get("requests_per_minute");
        assertThat(rate.get("max_in_any_60s").asInt()).isEqualTo(total);
        assertThat(rate.get("max_accepted_in_any_60s").asInt()).isEqualTo(9);
        assertThat(rate.get("by_minute").get(0).asInt()).isEqualTo(total);
        JsonNode view = json(call("GET", "/sandbox/interactions?integration=wolkvox-chat", null, null));
        assertThat(Instant.parse(view.get(0).get("stored_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(PlayvoxFake.requestKind("GET", "/api/v1/integrations/x/interactions")).isEqualTo("lookup");
        assertThat(PlayvoxFake.requestKind("DELETE", "/api/v1/jobs/x")).isEqualTo("other");
    }

    @Test
    void validates_comments_and_answers_404_for_an_unknown_interaction() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ZERO));
        String id = chatIntegration();
        String playvoxId = awaitJobEnd(bulk(id, List.of(item("case-1", MARIA)))).get("completed").get(0)
                .get("_id").asText();
        String path = "/interactions/" + playvoxId + "/comments";

        HttpResponse<String> created = post(path, Map.of("body", "<p>Hola 👋</p>", "type", "customer_comment",
                "author_id", "sofia.hernandez@gmail.com", "added_at", "2026-11-21T09:30:00-05:00"));
        HttpResponse<String> defaulted = post(path, Map.of("body", "Gracias", "type", "agent_comment", "author_id", MARIA));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).get("result").get("_id").asText()).isNotBlank();
        assertThat(defaulted.statusCode()).isEqualTo(200);
        assertError(post(path, Map.of("body", "", "type", "agent_comment", "author_id", MARIA)), 400, "body");
        assertError(post(path, Map.of("body", "x", "type", "note", "author_id", MARIA)), 400, "type");
        assertError(post(path, Map.of("body", "x", "type", "internal_note")), 400, "author_id");
        assertError(post(path, Map.of("body", "x", "type", "internal_note", "author_id", MARIA,
                "added_at", "2026-11-21 09:30:00")), 400, "added_at");
        assertError(post("/interactions/unknown/comments", Map.of("body", "x", "type", "internal_note",
                "author_id", MARIA)), 404, "unknown");
        assertError(get("/interactions/unknown/comments"), 404, "unknown");
        JsonNode listed = json(get(path));
        assertThat(listed.get("result")).hasSize(2);
        assertThat(listed.get("next_page").asBoolean()).isFalse();
        assertThat(listed.get("result").get(0).get("body").asText()).isEqualTo("<p>Hola 👋</p>");
        List<PlayvoxFake.StoredComment> comments = fake.interactions("wolkvox-chat").get(0).comments();
        assertThat(comments).extracting(PlayvoxFake.StoredComment::type).containsExactly("customer_comment", "agent_comment");
        assertThat(comments.get(0).addedAt()).isEqualTo("2026-11-21T09:30:00-05:00");
        assertThat(comments.get(1).addedAt()).isNotBlank();
    }

    @Test
    void filters_interactions_by_interaction_id_query() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ZERO));
        String id = chatIntegration();
        awaitJobEnd(bulk(id, List.of(item("case-1", MARIA), item("case-2", MARIA), item("case-3", MARIA))));
        String base = "/integrations/" + id + "/interactions";

        JsonNode one = json(get(base + "?query=" + encode("{\"interaction_id\":\"case-2\"}")));
        JsonNode two = json(get(base + "?page=1&per_page=100&query="
                + encode("{\"interaction_id\":{\"$in\":[\"case-1\",\"case-3\",\"case-9\"]}}")));
        JsonNode paged = json(get(base + "?page=1&per_page=2"));

        assertThat(one.get("result")).extracting(r -> r.get("interaction_id").asText()).containsExactly("case-2");
        assertThat(one.get("result").get(0).get("csat").asInt()).isEqualTo(5);
        assertThat(one.get("result").get(0).get("assignee_id").asText()).isEqualTo(MARIA);
        assertThat(one.get("next_page").asBoolean()).isFalse();
        assertThat(two.get("result")).extracting(r -> r.get("interaction_id").asText()).containsExactly("case-1", "case-3");
        assertThat(paged.get("result")).hasSize(2);
        assertThat(paged.get("next_page").asBoolean()).isTrue();
        assertError(get(base + "?query=" + encode("{oops")), 400, "query");
    }

    @Test
    void answers_429_with_retry_after_and_rate_limit_reset_when_the_fault_is_on() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY));
        fake.faults(PlayvoxFake.Faults.none().withRateLimit(1.0, 7));
        long before = Instant.now().getEpochSecond();

        HttpResponse<String> limited = get("/integrations");
        fake.faults(PlayvoxFake.Faults.none().withServerErrorRate(1.0));
        HttpResponse<String> failed = get("/integrations");
        fake.faults(PlayvoxFake.Faults.none());

        assertError(limited, 429, "rate limit");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(Long.parseLong(limited.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                .isBetween(before + 7, Instant.now().getEpochSecond() + 7);
        assertError(failed, 500, "sandbox: simulated server error");
        assertThat(get("/integrations").statusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/sandbox/stats", null, null)).get("requests_by_status").toString())
                .isEqualTo("{\"200\":1,\"429\":1,\"500\":1}");
    }

    @Test
    void enforces_requests_per_minute_over_a_sliding_window() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withRequestsPerMinute(5));
        long before = Instant.now().getEpochSecond();

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 7; i++) {
            last = get("/integrations");
            statuses.add(last.statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429);
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(30L, 60L);
        assertThat(last.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        // the oldest request's second plus 60, rounded up: the first request may fall in the second after "before"
        assertThat(Long.parseLong(last.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                .isBetween(before + 30, before + 62);
    }

    @Test
    void requires_a_json_content_type_on_writes_and_accepts_any_assignee_without_known_users() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withUsers(Set.of()).withJobDuration(Duration.ZERO));
        String id = chatIntegration();
        HttpRequest plain = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/integrations"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((UID + ":" + KEY).getBytes()))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build();

        assertError(http.send(plain, HttpResponse.BodyHandlers.ofString()), 400, "Content-Type");
        assertThat(awaitJobEnd(bulk(id, List.of(item("case-1", "anyone@else.test")))).get("status").asText())
                .isEqualTo("completed");
    }

    @Test
    void accepts_concurrent_bulk_requests_without_losing_an_item() throws Exception {
        start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(200)));
        String id = chatIntegration();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int batch = 0; batch < 12; batch++) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                items.add(item("case-" + batch + "-" + i, MARIA));
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/integrations/" + id
                            + "/bulk/interactions"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((UID + ":" + KEY).getBytes()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(items))).build();
            posts.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        for (var post : posts) {
            assertThat(post.get().statusCode()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> fake.interactions("wolkvox-chat").size() == 1200);
        assertThat(fake.bulkSizes()).hasSize(12).containsOnly(100);
        assertThat(fake.duplicateReceipts()).isZero();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
