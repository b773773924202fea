package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Wolkvox chat_4 fake answers as Wolkvox's Reports Manager documents (api-facts section 3). */
class WolkvoxFakeTest {

    private static final String TOKEN = "sandbox-token";
    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");
    private static final DateTimeFormatter REQUEST = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter RECORD = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> FIELDS = List.of("channel", "agent_name", "skill_id", "case_id", "subject",
            "from", "to", "body", "answer", "date_creation", "close_date", "evaluation_survey", "cod_act",
            "cod_description", "comments", "attachments");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WolkvoxFake fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private WolkvoxFake start(WolkvoxFake.Options options) {
        fake = new WolkvoxFake(options);
        fake.start(0);
        return fake;
    }

    private static WolkvoxFake.Options fixed() {
        return WolkvoxFake.Options.defaults(TOKEN).withClock(Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static String date(Instant instant) {
        return REQUEST.format(instant.atZone(BOGOTA));
    }

    private static Instant recordInstant(String wolkvoxDate) {
        return LocalDateTime.parse(wolkvoxDate, RECORD).atZone(BOGOTA).toInstant();
    }

    private HttpRequest.Builder request(String query) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/reports_manager.php?" + query))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> chat4(Instant from, Instant to) throws Exception {
        return send(request("api=chat_4&date_ini=" + date(from) + "&date_end=" + date(to)).header("wolkvox-token", TOKEN));
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isEqualTo(message);
        assertThat(body.get("msg").asText()).isEqualTo(message);
        assertThat(body.get("data").isNull()).isTrue();
    }

    @Test
    void answers_the_documented_envelope_with_every_value_a_string() throws Exception {
        start(fixed());

        HttpResponse<String> response = chat4(T0.minus(Duration.ofDays(1)), T0);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(200);
        assertThat(body.get("error").isNull()).isTrue();
        JsonNode data = body.get("data");
        assertThat(data.size()).isBetween(400, 500);
        assertThat(body.get("msg").asText()).isEqualTo(data.size() + " records were found");
        Set<String> caseIds = new HashSet<>();
        for (JsonNode row : data) {
            List<String> names = new ArrayList<>();
            row.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyElementsOf(FIELDS);
            row.elements().forEachRemaining(value -> assertThat(value.isTextual()).isTrue());
            assertThat(row.get("date_creation").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            assertThat(row.get("channel").asText()).isIn("Email", "facebook_page", "instagram", "twitter");
            assertThat(row.get("case_id").asText()).matches("\\d{1,30}");
            caseIds.add(row.get("case_id").asText());
        }
        assertThat(caseIds).hasSize(data.size());
        String all = data.toString();
        assertThat(all).contains("ñ", "á", "<p>").containsPattern("[\\x{1F300}-\\x{1FAFF}]");
        assertThat(response.body()).as("escaped as PHP json_encode does").isASCII().contains("\\/");
        List<Instant> dates = new ArrayList<>();
        data.forEach(row -> dates.add(recordInstant(row.get("date_creation").asText())));
        assertThat(dates).isSorted();
    }

    @Test
    void returns_a_record_that_lies_exactly_on_date_end() throws Exception {
        start(fixed());
        Map<String, String> target = fake.visibleRecords(T0.minus(Duration.ofHours(3)), T0).get(10);
        Instant at = recordInstant(target.get("date_creation"));

        JsonNode upToIt = json(chat4(at.minus(Duration.ofHours(1)), at)).get("data");
        JsonNode onlyIt = json(chat4(at, at)).get("data");

        assertThat(upToIt.get(upToIt.size() - 1).get("case_id").asText()).isEqualTo(target.get("case_id"));
        assertThat(onlyIt).extracting(row -> row.get("case_id").asText()).contains(target.get("case_id"));
        assertThat(onlyIt).allSatisfy(row -> assertThat(row.get("date_creation").asText()).isEqualTo(target.get("date_creation")));
    }

    @Test
    void answers_the_same_window_twice_with_identical_rows() throws Exception {
        start(fixed());

        HttpResponse<String> first = chat4(T0.minus(Duration.ofHours(6)), T0.minus(Duration.ofHours(2)));
        HttpResponse<String> second = chat4(T0.minus(Duration.ofHours(6)), T0.minus(Duration.ofHours(2)));
        JsonNode overlap = json(chat4(T0.minus(Duration.ofHours(4)), T0)).get("data");

        assertThat(second.body()).isEqualTo(first.body());
        Map<String, JsonNode> byCase = new java.util.HashMap<>();
        json(first).get("data").forEach(row -> byCase.put(row.get("case_id").asText(), row));
        List<JsonNode> shared = new ArrayList<>();
        overlap.forEach(row -> {
            if (byCase.containsKey(row.get("case_id").asText())) {
                shared.add(row);
            }
        });
        assertThat(shared).isNotEmpty().allSatisfy(row -> assertThat(row).isEqualTo(byCase.get(row.get("case_id").asText())));
    }

    @Test
    void answers_404_validate_dates_entered_for_an_empty_window() throws Exception {
        start(fixed());

        assertError(chat4(T0.minus(Duration.ofDays(5)), T0.minus(Duration.ofDays(4))), 404, "Validate dates entered");
    }

    @Test
    void answers_404_validate_dates_entered_for_a_malformed_or_reversed_date() throws Exception {
        start(fixed());

        assertError(send(request("api=chat_4&date_ini=20261321000000&date_end=20261121000000")
                .header("wolkvox-token", TOKEN)), 404, "Validate dates entered");
        assertError(send(request("api=chat_4&date_ini=2026-11-21&date_end=20261121000000")
                .header("wolkvox-token", TOKEN)), 404, "Validate dates entered");
        assertError(chat4(T0, T0.minus(Duration.ofHours(1))), 404, "Validate dates entered");
    }

    @Test
    void answers_400_for_an_unknown_api_a_missing_parameter_and_a_range_over_31_days() throws Exception {
        start(fixed());

        assertError(send(request("api=chat_7&date_ini=20261120000000&date_end=20261121000000")
                .header("wolkvox-token", TOKEN)), 400, "THE API YOU WANT TO CONSULT DOES NOT EXIST");
        assertError(send(request("api=chat_4&date_ini=20261120000000").header("wolkvox-token", TOKEN)),
                400, "SOME PARAMETERS ARE REQUIRED");
        assertError(chat4(T0.minus(Duration.ofDays(31)).minusSeconds(1), T0), 400, WolkvoxFake.RANGE_TOO_LONG);
        assertThat(chat4(T0.minus(Duration.ofDays(31)), T0).statusCode()).isEqualTo(200);
    }

    @Test
    void answers_401_without_a_token() throws Exception {
        start(fixed());

        assertError(send(request("api=chat_4&date_ini=20261120000000&date_end=20261121000000")),
                401, "PLEASE ENTER THE WOLKVOX-TOKEN");
    }

    @Test
    void answers_403_for_a_wrong_token() throws Exception {
        start(fixed());

        assertError(send(request("api=chat_4&date_ini=20261120000000&date_end=20261121000000")
                .header("wolkvox-token", "not-the-token")), 403, "PLEASE VALIDATE TOKEN");
    }

    @Test
    void answers_403_to_a_request_that_overlaps_another_with_the_same_token() throws Exception {
        start(fixed().withLatency(Duration.ofMillis(800)));
        HttpRequest request = request("api=chat_4&date_ini=" + date(T0.minus(Duration.ofHours(1))) + "&date_end="
                + date(T0)).header("wolkvox-token", TOKEN).GET().build();

        CompletableFuture<HttpResponse<String>> first = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> second = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        List<HttpResponse<String>> both = List.of(first.get(), second.get());

        assertThat(both).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 403);
        HttpResponse<String> rejected = both.stream().filter(r -> r.statusCode() == 403).findFirst().orElseThrow();
        assertError(rejected, 403, "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)");
        assertThat(fake.concurrentRejections()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("chained call %s", i).isEqualTo(200);
        }
        assertThat(fake.concurrentRejections()).isEqualTo(1);
        assertThat(fake.requestCount()).isEqualTo(5);
    }

    @Test
    void serves_records_without_comment_fields_outside_the_comment_rate_and_the_rest_unchanged() {
        Instant from = T0.minus(Duration.ofDays(1));
        List<Map<String, String>> all = start(fixed()).visibleRecords(from, T0);
        fake.close();
        fake = new WolkvoxFake(fixed());
        fake.commentRate(0);
        fake.start(0);

        List<Map<String, String>> none = fake.visibleRecords(from, T0);

        assertThat(none).hasSameSizeAs(all);
        for (int i = 0; i < all.size(); i++) {
            Map<String, String> expected = new java.util.LinkedHashMap<>(all.get(i));
            expected.put("body", "");
            expected.put("answer", "");
            expected.put("comments", "");
            assertThat(none.get(i)).isEqualTo(expected);
        }
    }

    @Test
    void shows_late_records_only_after_late_by() throws Exception {
        MutableClock clock = new MutableClock(T0);
        start(WolkvoxFake.Options.defaults(TOKEN).withClock(clock).withHistoryRecords(0).withRecordsPerMinute(6)
                .withLateRate(0.5).withLateBy(Duration.ofMinutes(3)));
        Instant twoMinutesIn = T0.plus(Duration.ofMinutes(2));

        clock.set(twoMinutesIn);
        Set<String> early = caseIds(json(chat4(T0, twoMinutesIn)).get("data"));
        clock.set(twoMinutesIn.plus(Duration.ofMinutes(3)));
        JsonNode later = json(chat4(T0, twoMinutesIn)).get("data");

        assertThat(later).hasSize(12);
        assertThat(early).hasSizeBetween(1, 11);
        assertThat(caseIds(later)).containsAll(early);
        JsonNode late = java.util.stream.StreamSupport.stream(later.spliterator(), false)
                .filter(row -> !early.contains(row.get("case_id").asText())).findFirst().orElseThrow();
        Instant created = recordInstant(late.get("date_creation").asText());
        clock.set(created.plus(Duration.ofMinutes(3)).minusSeconds(1));
        assertThat(caseIds(json(chat4(T0, twoMinutesIn)).get("data"))).doesNotContain(late.get("case_id").asText());
        clock.set(created.plus(Duration.ofMinutes(3)));
        assertThat(caseIds(json(chat4(T0, twoMinutesIn)).get("data"))).contains(late.get("case_id").asText());
    }

    @Test
    void creates_new_records_after_the_anchor_at_records_per_minute() throws Exception {
        MutableClock clock = new MutableClock(T0);
        start(WolkvoxFake.Options.defaults(TOKEN).withClock(clock).withLateRate(0));

        assertThat(fake.anchor()).isEqualTo(T0);
        assertThat(fake.visibleRecords(T0, T0.plus(Duration.ofHours(1)))).isEmpty();
        clock.advance(Duration.ofMinutes(1));

        assertThat(fake.visibleRecords(T0, T0.plus(Duration.ofHours(1)))).hasSize(6);
        assertThat(fake.visibleRecords(T0.minus(Duration.ofDays(1)), T0)).hasSize(500);
    }

    @Test
    void gives_the_unmapped_agent_its_configured_share_and_keeps_it_out_of_agents_csv() throws Exception {
        start(fixed().withHistoryRecords(20_000).withUnmappedAgentRate(0.1));

        JsonNode data = json(chat4(T0.minus(Duration.ofDays(1)), T0)).get("data");
        Map<String, Long> byAgent = java.util.stream.StreamSupport.stream(data.spliterator(), false)
                .collect(Collectors.groupingBy(row -> row.get("agent_name").asText(), Collectors.counting()));

        double share = byAgent.getOrDefault(WolkvoxFake.UNMAPPED_AGENT_NAME, 0L) / (double) data.size();
        assertThat(share).isCloseTo(0.1, within(0.01));
        assertThat(fake.agentNames()).containsAll(byAgent.keySet()).contains(WolkvoxFake.UNMAPPED_AGENT_NAME);
        String csv;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(WolkvoxFake.SANDBOX_AGENTS_RESOURCE)) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(csv).startsWith("source,agent_key,playvox_user").doesNotContain(WolkvoxFake.UNMAPPED_AGENT_NAME);
        List<List<String>> rows = SandboxAgents.parseCsv(csv).subList(1, fake.agentNames().size());
        assertThat(rows).extracting(row -> row.get(1))
                .containsExactlyElementsOf(fake.agentNames().subList(0, fake.agentNames().size() - 1));
        assertThat(byAgent.keySet()).containsAll(rows.stream().map(row -> row.get(1)).toList());
        assertThat(WolkvoxFake.sandboxPlayvoxUsers()).hasSize(rows.size())
                .allSatisfy(user -> assertThat(user).endsWith("@sandbox.playvox.test"));
    }

    @Test
    void cuts_an_answer_off_at_60000_records() throws Exception {
        start(fixed().withHistoryRecords(61_000).withUnmappedAgentRate(0).withLateRate(0));

        JsonNode body = json(chat4(T0.minus(Duration.ofDays(1)), T0));

        assertThat(body.get("data")).hasSize(WolkvoxFake.MAX_RECORDS_PER_ANSWER);
        assertThat(body.get("msg").asText()).isEqualTo("60000 records were found");
    }

    private static Set<String> caseIds(JsonNode data) {
        Set<String> ids = new HashSet<>();
        data.forEach(row -> ids.add(row.get("case_id").asText()));
        return ids;
    }
}
