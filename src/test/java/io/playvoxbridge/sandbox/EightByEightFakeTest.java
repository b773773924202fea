package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.playvoxbridge.source.eightbyeight.EightByEightApi;
import io.playvoxbridge.source.eightbyeight.EightByEightDetailedRow;
import io.playvoxbridge.source.eightbyeight.EightByEightReportRequest;
import io.playvoxbridge.source.eightbyeight.EightByEightReportStatus;
import io.playvoxbridge.source.eightbyeight.EightByEightTokenHolder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The 8x8 fake answers as api-facts 4.1 and 4.2 describe (OAuth, detailed reports, Data Augmentation and its limit). */
class EightByEightFakeTest extends EightByEightFakeTestBase {

    static Map<String, String> values(EightByEightDetailedRow row) {
        return row.values();
    }

    // ------------------------------------------------------------------ OAuth

    @Test
    void issues_a_bearer_token_for_client_credentials() throws Exception {
        start(options().tokenLifetime(Duration.ofMinutes(20)).build());

        HttpResponse<String> answer = client.requestToken();

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = json(answer);
        assertThat(body.get("access_token").asText()).isNotBlank();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(1200);
        assertThat(fake.tokensIssued()).isEqualTo(1);
    }

    @Test
    void refuses_bad_client_credentials_another_grant_and_another_method() throws Exception {
        start(options().build());
        String form = EightByEightApi.TOKEN_REQUEST_BODY;

        HttpResponse<String> wrong = raw("POST", EightByEightApi.TOKEN_PATH,
                EightByEightTokenHolder.basicCredentials("sandbox-client", "wrong"), form);
        HttpResponse<String> none = raw("POST", EightByEightApi.TOKEN_PATH, null, form);
        HttpResponse<String> grant = raw("POST", EightByEightApi.TOKEN_PATH,
                EightByEightTokenHolder.basicCredentials("sandbox-client", "sandbox-secret"), "grant_type=password");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").asText()).isEqualTo("invalid_client");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(grant.statusCode()).isEqualTo(400);
        assertThat(json(grant).get("error").asText()).isEqualTo("unsupported_grant_type");
        assertError(raw("GET", EightByEightApi.TOKEN_PATH, null, null), 405, "Use POST");
        assertThat(fake.tokensIssued()).isZero();
    }

    @Test
    void refuses_a_missing_unknown_or_expired_bearer_token() throws Exception {
        start(options().tokenLifetime(Duration.ofSeconds(120)).build());
        String path = EightByEightApi.statusPath("", 1000);
        String token = bearerToken();
        String created = json(raw("POST", EightByEightApi.detailedReportsPath(""), token, body())).get("id").asText();

        assertThat(created).isEqualTo("1000");
        assertThat(raw("GET", path, token, null).statusCode()).isEqualTo(200);
        assertError(raw("GET", path, null, null), 401, "Full authentication is required to access this resource");
        assertError(raw("GET", path, "Bearer not-a-token", null), 401, "Invalid access token");
        clock.advance(Duration.ofSeconds(119));
        assertThat(raw("GET", path, token, null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertError(raw("GET", path, token, null), 401, "Access token expired");
        assertError(raw("GET", path, token, null), 401, "Invalid access token");
    }

    @Test
    void expire_tokens_revokes_every_token_and_the_client_renews_once() throws Exception {
        start(options().build());
        assertThat(client.bearer(EightByEightApi.detailedReportsPath(""), body()).statusCode())
                .isEqualTo(200);

        fake.expireTokens();
        HttpResponse<String> after = client.bearer(EightByEightApi.statusPath("", 1000), null);

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(client.unauthorizedRetries()).isEqualTo(1);
        assertThat(client.tokenRequests()).isEqualTo(2);
        assertThat(fake.tokensIssued()).isEqualTo(2);
    }

    @Test
    void the_client_renews_its_token_before_expires_in_runs_out() throws Exception {
        start(options().tokenLifetime(Duration.ofMinutes(5)).build());
        client.bearer(EightByEightApi.detailedReportsPath(""), body());

        clock.advance(Duration.ofMinutes(3));
        client.bearer(EightByEightApi.statusPath("", 1000), null);
        assertThat(client.tokenRequests()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        client.bearer(EightByEightApi.statusPath("", 1000), null);

        assertThat(client.tokenRequests()).as("renewed 60 s before expiry, without a 401").isEqualTo(2);
        assertThat(client.unauthorizedRetries()).isZero();
    }

    @Test
    void requires_x_tenant_info_for_a_multi_tenant_customer() throws Exception {
        start(options().multiTenant(true).build());
        String body = body();

        HttpResponse<String> missing = client.bearer(EightByEightApi.detailedReportsPath(""), body);
        HttpResponse<String> other = client("someone-else").bearer(EightByEightApi.detailedReportsPath(""), body);
        HttpResponse<String> right = client("sandbox").bearer(EightByEightApi.detailedReportsPath(""), body);

        assertError(missing, 400, "Bad request: X-Tenant-Info header is missing.");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(right.statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ detailed reports

    @Test
    void creates_a_report_polls_it_to_done_and_reads_it_by_cursor_pages() throws Exception {
        start(options().statusPollsUntilDone(2).build());
        List<Map<String, String>> expected = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK);

        EightByEightReportStatus created = client.create(EightByEightReportRequest.forWindow(DAY_AGO, T0, NEW_YORK));
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            states.add(json(client.bearer(EightByEightApi.statusPath("", created.id()), null)).get("status").asText());
        }
        int[] pages = {0};
        List<EightByEightDetailedRow> rows = client.readAll(created.id(), 50, pages);

        assertThat(created.state()).isEqualTo(EightByEightApi.ReportState.IN_PROGRESS);
        assertThat(states).containsExactly("IN_PROGRESS", "IN_PROGRESS", "DONE");
        assertThat(expected).hasSizeBetween(250, 300);
        assertThat(rows).extracting(EightByEightFakeTest::values).containsExactlyElementsOf(expected);
        assertThat(pages[0]).as("full pages, one short page, then the empty page")
                .isEqualTo((expected.size() + 49) / 50 + 1);
    }

    @Test
    void sends_the_cursor_in_a_header_of_every_non_empty_page_and_ends_with_an_empty_page() throws Exception {
        start(options().statusPollsUntilDone(0).historyRecords(30).build());
        long id = client.create(EightByEightReportRequest.forWindow(DAY_AGO, T0, NEW_YORK)).id();
        String data = EightByEightApi.dataPath("", id);

        HttpResponse<String> first = client.bearer(data + "?size=20", null);
        String cursor = first.headers().firstValue("lastDocumentId").orElseThrow();
        HttpResponse<String> second = client.bearer(data + "?size=20&lastDocumentId=" + cursor, null);
        String cursor2 = second.headers().firstValue("lastDocumentId").orElseThrow();
        HttpResponse<String> third = client.bearer(data + "?size=20&lastDocumentId=" + cursor2, null);
        HttpResponse<String> again = client.bearer(data + "?size=20&lastDocumentId=" + cursor, null);

        int total = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK).size();
        assertThat(json(first).size()).isEqualTo(20);
        assertThat(json(second).size()).isEqualTo(total - 20);
        assertThat(json(third).size()).isZero();
        assertThat(third.headers().firstValue("lastDocumentId")).isEmpty();
        assertThat(again.body()).as("a cursor can be read again").isEqualTo(second.body());
        JsonNode item = json(first).get(0).get("items").get(1);
        assertThat(item.get("key").asText()).isEqualTo("startTime");
        assertThat(item.get("label").asText()).isEqualTo("Start Time");
        assertThat(item.get("value").get("value").asText()).matches("2026-11-\\d\\dT\\d\\d:\\d\\d:\\d\\d-05:00");
        assertThat(item.get("value").get("ongoing").asBoolean()).isFalse();
    }

    @Test
    void answers_only_the_asked_metrics_in_the_asked_order_and_zone() throws Exception {
        start(options().statusPollsUntilDone(0).historyRecords(10).build());
        String body = "{\"type\":\"interaction-details\",\"title\":\"t\",\"dateRange\":{\"start\":\"" + DAY_AGO
                + "\",\"end\":\"" + T0 + "\"},\"timezone\":\"Asia/Kolkata\",\"metrics\":[\"talkTime\",\"startTime\"],"
                + "\"searchQuery\":[{\"field\":\"queueName\",\"operator\":\"contains\",\"value\":\"Sales\"}]}";
        long id = json(client.bearer(EightByEightApi.detailedReportsPath(""), body)).get("id").asLong();

        List<EightByEightDetailedRow> rows = client.readAll(id, 100, null);

        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row.values().keySet()).containsExactly("talkTime", "startTime");
            assertThat(row.values().get("startTime")).endsWith("+05:30");
        });
    }

    @Test
    void a_report_holds_what_had_ended_when_it_was_created() throws Exception {
        start(options().statusPollsUntilDone(0).historyRecords(0).recordsPerMinute(2).late(0, Duration.ZERO).build());
        clock.advance(Duration.ofMinutes(30));
        long id = client.create(EightByEightReportRequest.forWindow(T0, T0.plus(Duration.ofHours(2)), NEW_YORK)).id();
        List<Map<String, String>> expected = fake.visibleInteractions(T0, T0.plus(Duration.ofHours(2)), NEW_YORK);

        clock.advance(Duration.ofMinutes(30));
        List<EightByEightDetailedRow> rows = client.readAll(id, 7, null);

        assertThat(rows).extracting(EightByEightFakeTest::values).containsExactlyElementsOf(expected);
        assertThat(fake.visibleInteractions(T0, T0.plus(Duration.ofHours(2)), NEW_YORK)).hasSizeGreaterThan(expected.size());
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(
                java.time.OffsetDateTime.parse(row.values().get("endTime")).toInstant())
                .isBeforeOrEqualTo(T0.plus(Duration.ofMinutes(30))));
    }

    @Test
    void shows_ongoing_interactions_only_when_asked_marked_ongoing_without_an_end() throws Exception {
        start(options().statusPollsUntilDone(0).historyRecords(0).recordsPerMinute(2).late(0, Duration.ZERO).build());
        clock.advance(Duration.ofMinutes(10));
        String body = "{\"type\":\"interaction-details\",\"title\":\"t\",\"dateRange\":{\"start\":\"" + T0
                + "\",\"end\":\"" + T0.plus(Duration.ofHours(1)) + "\"},\"reportSettings\":{\"showOngoingInteractions\":true}}";
        long id = json(client.bearer(EightByEightApi.detailedReportsPath(""), body)).get("id").asLong();

        List<EightByEightDetailedRow> rows = client.readAll(id, 100, null);

        int ended = fake.visibleInteractions(T0, T0.plus(Duration.ofHours(1)), NEW_YORK).size();
        assertThat(rows).hasSize(20);
        assertThat(rows).filteredOn(EightByEightDetailedRow::ongoing).hasSize(20 - ended)
                .allSatisfy(row -> assertThat(row.values()).doesNotContainKey("endTime"));
        assertThat(20 - ended).isPositive();
    }

    @Test
    void refuses_data_before_done_bad_sizes_bad_cursors_and_unknown_reports() throws Exception {
        start(options().statusPollsUntilDone(1).build());
        long id = client.create(EightByEightReportRequest.forWindow(DAY_AGO, T0, NEW_YORK)).id();
        String data = EightByEightApi.dataPath("", id);

        assertError(client.bearer(data, null), 400, "Report " + id + " is not ready: IN_PROGRESS");
        client.awaitEnd(id, 5);
        assertThat(client.bearer(data, null).statusCode()).isEqualTo(200);
        assertError(client.bearer(data + "?size=0", null), 400, "size must be between 1 and 1000");
        assertError(client.bearer(data + "?size=1001", null), 400, "size must be between 1 and 1000");
        assertThat(json(client.bearer(data + "?size=1000", null)).size()).isGreaterThan(100);
        assertError(client.bearer(data + "?lastDocumentId=zzzzzzzz1", null), 400, "Invalid lastDocumentId: zzzzzzzz1");
        assertError(client.bearer(EightByEightApi.statusPath("", 999_999), null), 404, "Report 999999 not found");
        assertError(client.bearer(EightByEightApi.detailedReportsPath("") + "/abc/data", null), 404,
                "No such path: /analytics/cc/v8/historical-metrics/detailed-reports/abc/data");
    }

    @Test
    void refuses_a_bad_report_definition() throws Exception {
        start(options().build());
        String path = EightByEightApi.detailedReportsPath("");
        String range = "\"dateRange\":{\"start\":\"" + DAY_AGO + "\",\"end\":\"" + T0 + "\"}";

        assertError(client.bearer(path, "not json"), 400, "Request body must be a JSON object");
        assertError(client.bearer(path, "{\"title\":\"t\"," + range + "}"), 400, "type is required");
        assertError(client.bearer(path, "{\"type\":\"agent-interactions-call-summary\",\"title\":\"t\"," + range + "}"),
                400, "Unknown report type: agent-interactions-call-summary");
        assertError(client.bearer(path, "{\"type\":\"interaction-details\"," + range + "}"), 400, "title is required");
        assertThat(client.bearer(path, "{\"type\":\"interaction-details\",\"title\":\"t\"}").statusCode()).isEqualTo(400);
        assertThat(client.bearer(path, "{\"type\":\"interaction-details\",\"title\":\"t\"," + range
                + ",\"timezone\":\"Mars/Olympus\"}").statusCode()).isEqualTo(400);
        assertError(client.bearer(path, "{\"type\":\"interaction-details\",\"title\":\"t\",\"dateRange\":{\"start\":\""
                + T0 + "\",\"end\":\"" + T0 + "\"}}"), 400, "dateRange.start must be before dateRange.end");
        assertError(client.bearer(path, "{\"type\":\"interaction-details\",\"title\":\"t\"," + range
                + ",\"metrics\":[\"talkTime\",\"sentiment\"]}"), 400, "Unknown metric: sentiment");
        assertThat(fake.reportsCreated()).isZero();
    }

    @Test
    void serves_the_other_regions_under_their_prefix() throws Exception {
        start(options().statusPollsUntilDone(0).build());

        HttpResponse<String> eu = client.bearer(EightByEightApi.detailedReportsPath("/eu"), body());

        assertThat(eu.statusCode()).isEqualTo(200);
        assertThat(client.bearer(EightByEightApi.statusPath("/ca", json(eu).get("id").asLong()), null).statusCode())
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ data

    @Test
    void generates_sequence_numbered_interactions_deterministically() throws Exception {
        start(options().build());
        List<Map<String, String>> rows = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK);
        EightByEightFake twin = new EightByEightFake(options().build());
        EightByEightFake other = new EightByEightFake(options().seed(89).build());
        twin.start(0);
        other.start(0);
        try {
            assertThat(twin.visibleInteractions(DAY_AGO, T0, NEW_YORK)).isEqualTo(rows);
            assertThat(other.visibleInteractions(DAY_AGO, T0, NEW_YORK)).isNotEqualTo(rows);
        } finally {
            twin.close();
            other.close();
        }
        List<Integer> sequence = rows.stream().map(r -> Integer.parseInt(
                r.get("interactionGuid").split("-")[2].substring(16))).toList();
        assertThat(sequence).isSorted().doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isBetween(0, 299));
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.keySet()).containsExactlyElementsOf(EightByEightApi.DETAILED_COLUMNS);
            assertThat(r.get("interactionGuid")).matches("int-[0-9a-f]{11}-[A-Za-z0-9]{16}\\d{7}-(phone|chat|email|voicemail)-01-sandbox");
        });
        String all = rows.toString();
        assertThat(all).contains("Técnico", "Ñúñez").containsPattern("[\\x{1F300}-\\x{1FAFF}]");
        assertThat(rows).extracting(r -> r.get("wrapUpNotes")).contains("");
    }

    @Test
    void creates_new_interactions_after_the_anchor_at_records_per_minute() {
        start(options().late(0, Duration.ZERO).build());
        assertThat(fake.anchor()).isEqualTo(T0);
        assertThat(fake.visibleInteractions(T0, T0.plus(Duration.ofHours(2)), NEW_YORK)).isEmpty();

        clock.advance(Duration.ofMinutes(60));

        int started = fake.visibleInteractions(T0, T0.plus(Duration.ofHours(2)), NEW_YORK).size();
        assertThat(started).as("240 started, all but those still running have ended").isBetween(180, 239);
        clock.advance(Duration.ofMinutes(30));
        assertThat(fake.visibleInteractions(T0, T0.plus(Duration.ofMinutes(60)), NEW_YORK))
                .as("one every 15 s from T0 + 15 s; the one at T0 + 60 min is outside [T0, T0 + 60 min)").hasSize(239);
    }

    @Test
    void shows_late_interactions_only_late_by_after_their_start() {
        start(options().historyRecords(0).recordsPerMinute(6).late(0.5, Duration.ofHours(1)).build());
        clock.advance(Duration.ofMinutes(40));
        Set<String> early = guids(fake.visibleInteractions(T0, T0.plus(Duration.ofMinutes(10)), NEW_YORK));

        clock.advance(Duration.ofMinutes(40));
        Set<String> later = guids(fake.visibleInteractions(T0, T0.plus(Duration.ofMinutes(10)), NEW_YORK));

        assertThat(later).as("one every 10 s from T0 + 10 s").hasSize(59).containsAll(early);
        assertThat(early.size()).isBetween(15, 44);
    }

    static Set<String> guids(List<Map<String, String>> rows) {
        return rows.stream().map(r -> r.get("interactionGuid")).collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void gives_the_unmapped_agent_its_share_and_the_others_from_the_sandbox_agent_directory() {
        start(options().historyRecords(5000).unmappedAgentRate(0.1).build());
        List<Map<String, String>> rows = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK);
        Map<String, Long> byAgent = rows.stream().collect(Collectors.groupingBy(r -> r.get("agentId"), Collectors.counting()));

        double share = byAgent.getOrDefault(EightByEightFake.UNMAPPED_AGENT_ID, 0L) / (double) rows.size();
        assertThat(share).isCloseTo(0.1, within(0.015));
        assertThat(fake.agentIds()).containsExactlyInAnyOrderElementsOf(byAgent.keySet()).hasSize(7);
        assertThat(rows).filteredOn(r -> r.get("agentId").equals("agK7mQ2xV9pLr3TfWbN1sHcA"))
                .allSatisfy(r -> assertThat(r.get("agentName")).isEqualTo("María José Rodríguez"));
        io.playvoxbridge.agent.AgentDirectory directory = io.playvoxbridge.agent.AgentDirectory.load("classpath:sandbox/agents.csv");
        assertThat(fake.agentIds().subList(0, 6)).allSatisfy(id ->
                assertThat(directory.playvoxUser(EightByEightFake.AGENT_SOURCE, id)).isPresent());
        assertThat(directory.playvoxUser(EightByEightFake.AGENT_SOURCE, EightByEightFake.UNMAPPED_AGENT_ID)).isEmpty();
    }

    // ------------------------------------------------------------------ Data Augmentation

    @Test
    void serves_the_augmentation_of_an_interaction_by_guid_with_basic_auth() throws Exception {
        start(options().augmentationMissingRate(0).build());
        String guid = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK).get(3).get("interactionGuid");

        HttpResponse<String> answer = client.augmentation(guid);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = json(answer);
        assertThat(body.get("interactionId").asText()).isEqualTo(guid);
        assertThat(body.fieldNames()).toIterable().containsExactly("interactionId", "channel", "createTime", "ani",
                "callerName", "variables");
        assertThat(body.get("variables").get(0).get("name").asText()).isEqualTo("_queueId");
        assertThat(JSON.convertValue(body, Map.class)).isEqualTo(fake.augmentationOf(guid).orElseThrow());
    }

    @Test
    void carries_private_variables_in_clear_as_the_worst_case() {
        start(options().historyRecords(200).augmentationMissingRate(0).build());

        List<Map<String, Object>> privates = new ArrayList<>();
        for (Map<String, String> row : fake.visibleInteractions(DAY_AGO, T0, NEW_YORK)) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> variables = (List<Map<String, Object>>) fake.augmentationOf(
                    row.get("interactionGuid")).orElseThrow().get("variables");
            variables.stream().filter(v -> Boolean.TRUE.equals(v.get("privacy"))).forEach(privates::add);
        }

        assertThat(privates).extracting(v -> v.get("name")).contains("_SSN", "_securityAnswer");
        assertThat(privates).filteredOn(v -> v.get("name").equals("_SSN"))
                .allSatisfy(v -> assertThat((String) v.get("value")).matches("\\d{3}-\\d{2}-\\d{4}"));
    }

    @Test
    void answers_augmentation_errors_with_the_documented_envelope() throws Exception {
        start(options().augmentationMissingRate(0.5).build());
        List<Map<String, String>> rows = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK);
        String missing = rows.stream().map(r -> r.get("interactionGuid"))
                .filter(g -> fake.augmentationOf(g).isEmpty()).findFirst().orElseThrow();
        String present = rows.stream().map(r -> r.get("interactionGuid"))
                .filter(g -> fake.augmentationOf(g).isPresent()).findFirst().orElseThrow();
        String url = fake.augmentationBaseUrl() + "/guid/" + present;

        assertAugmentationError(client.augmentation(missing), 404, "The interaction was not found in the target tenant");
        assertAugmentationError(client.augmentation("int-0-nope-phone-01-sandbox"), 404,
                "The interaction was not found in the target tenant");
        assertAugmentationError(client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", EightByEightTokenHolder.basicCredentials("sandbox", "wrong")).GET().build()),
                401, "Unauthorized");
        assertAugmentationError(client.send(HttpRequest.newBuilder(URI.create(url)).GET().build()), 401, "Unauthorized");
        assertAugmentationError(client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", EightByEightTokenHolder.basicCredentials("sandbox", "sandbox-action-token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"variables\":[]}")).build()),
                400, "The action type is not supported");
    }

    @Test
    void refuses_the_101st_augmentation_request_within_a_minute_with_429() throws Exception {
        start(options().augmentationMissingRate(0).build());
        String guid = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK).get(0).get("interactionGuid");
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100));
            assertThat(client.augmentation(guid).statusCode()).as("request %s", i + 1).isEqualTo(200);
        }

        HttpResponse<String> refused = client.augmentation(guid);

        assertAugmentationError(refused, 429, "Too many requests: at most 100 requests per minute per tenant");
        assertThat(refused.headers().firstValue("Retry-After")).as("50.1 s, rounded up").hasValue("51");
        assertThat(fake.augmentationLimitRejections()).isEqualTo(1);
        clock.set(T0.plusMillis(60_100));
        assertThat(client.augmentation(guid).statusCode()).as("the first request left the window").isEqualTo(200);
        assertThat(client.augmentation(guid).statusCode()).as("the second is still in it").isEqualTo(429);
        clock.set(T0.plusMillis(60_200));
        assertThat(client.augmentation(guid).statusCode()).isEqualTo(200);
        assertThat(fake.augmentationLimitRejections()).isEqualTo(2);
    }

    @Test
    void counts_the_limit_on_a_sliding_window_and_not_the_refused_requests() throws Exception {
        start(options().augmentationMissingRate(0).build());
        String guid = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK).get(0).get("interactionGuid");
        for (int i = 0; i < 60; i++) {
            client.augmentation(guid);
        }
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 40; i++) {
            client.augmentation(guid);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(client.augmentation(guid).statusCode()).isEqualTo(429);
        }

        clock.advance(Duration.ofSeconds(30));
        int admitted = 0;
        for (int i = 0; i < 70; i++) {
            admitted += client.augmentation(guid).statusCode() == 200 ? 1 : 0;
        }
        assertThat(admitted).as("the 60 of the first second left; refused ones never counted").isEqualTo(60);
    }

    @Test
    void a_client_that_keeps_the_limit_is_never_refused() throws Exception {
        start(options().augmentationMissingRate(0).build());
        String guid = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK).get(0).get("interactionGuid");
        io.playvoxbridge.source.eightbyeight.EightByEightRateLimit limit =
                io.playvoxbridge.source.eightbyeight.EightByEightRateLimit.forAugmentation();

        int sent = 0;
        while (sent < 250) {
            Duration wait = limit.tryAcquire(clock.instant());
            if (!wait.isZero()) {
                clock.advance(wait);
                continue;
            }
            assertThat(client.augmentation(guid).statusCode()).isEqualTo(200);
            sent++;
            clock.advance(Duration.ofMillis(20));
        }

        assertThat(fake.augmentationLimitRejections()).isZero();
        assertThat(Duration.between(T0, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(122));
    }

    @Test
    void answers_404_json_for_other_paths() throws Exception {
        start(options().build());

        assertError(raw("GET", "/analytics/cc/v8/historical-metrics/1/status", null, null), 404,
                "No such path: /analytics/cc/v8/historical-metrics/1/status");
    }
}
