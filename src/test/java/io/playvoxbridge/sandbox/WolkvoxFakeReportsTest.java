package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Wolkvox fake's diagram_4, chat_1 and chat_2 reports follow the same Reports Manager rules as chat_4 (api-facts 3). */
class WolkvoxFakeReportsTest {

    private static final String TOKEN = "sandbox-token";
    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");
    private static final Instant DAY_AGO = T0.minus(Duration.ofDays(1));
    private static final DateTimeFormatter REQUEST = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter RECORD = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> DIAGRAM_4_HEAD = List.of("agent_id", "agent_name", "agent_dni", "skill_id",
            "skill_name", "date", "conn_id", "ani", "customer_id");
    private static final List<String> DIAGRAM_4_TAIL = List.of("voice_message_duration", "type_interaction", "result",
            "time", "voice_message", "feeling");
    private static final List<String> CHAT_1_FIELDS = List.of("conn_id", "channel", "date", "customer_name",
            "customer_email", "customer_phone", "customer_chars", "agent_id", "agent_name", "agent_chars",
            "time_on_agent", "chat_duration", "cod_act", "description_cod_act", "comments", "customer_id", "skill_id",
            "ASA", "last_participant");
    private static final List<String> CHAT_2_FIELDS = List.of("conn_id", "agent_name", "customer_name", "channel",
            "from", "from_name", "to_name", "date", "message", "customer_id", "feeling");
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

    private HttpRequest.Builder request(String api, Instant from, Instant to) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/reports_manager.php?api=" + api + "&date_ini="
                + REQUEST.format(from.atZone(BOGOTA)) + "&date_end=" + REQUEST.format(to.atZone(BOGOTA))))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> get(String api, Instant from, Instant to) throws Exception {
        return send(request(api, from, to).header("wolkvox-token", TOKEN));
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private List<Map<String, String>> data(String api, Instant from, Instant to) throws Exception {
        HttpResponse<String> response = get(api, from, to);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(200);
        assertThat(body.get("error").isNull()).isTrue();
        assertThat(body.get("msg").asText()).isEqualTo(body.get("data").size() + " records were found");
        for (JsonNode row : body.get("data")) {
            row.elements().forEachRemaining(value -> assertThat(value.isTextual()).as("every value a string").isTrue());
        }
        return JSON.convertValue(body.get("data"), new TypeReference<List<Map<String, String>>>() { });
    }

    private static Instant at(String wolkvoxDate) {
        return LocalDateTime.parse(wolkvoxDate, RECORD).atZone(BOGOTA).toInstant();
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isEqualTo(message);
        assertThat(body.get("msg").asText()).isEqualTo(message);
        assertThat(body.get("data").isNull()).isTrue();
    }

    @Test
    void serves_survey_responses_with_the_documented_fields_and_one_key_per_question() throws Exception {
        start(fixed());

        List<Map<String, String>> data = data("diagram_4", DAY_AGO, T0);

        assertThat(data).hasSizeBetween(400, 500);
        Set<Integer> questionCounts = new HashSet<>();
        for (Map<String, String> row : data) {
            List<String> names = new ArrayList<>(row.keySet());
            int questions = names.size() - DIAGRAM_4_HEAD.size() - DIAGRAM_4_TAIL.size();
            questionCounts.add(questions);
            List<String> expected = new ArrayList<>(DIAGRAM_4_HEAD);
            for (int q = 1; q <= questions; q++) {
                expected.add("q" + q);
            }
            expected.addAll(DIAGRAM_4_TAIL);
            assertThat(names).containsExactlyElementsOf(expected);
            assertThat(row.get("conn_id")).matches("\\d{8}9\\d{6}");
            assertThat(row.get("agent_id")).matches("1\\d{3}");
            assertThat(row.get("agent_dni")).matches("\\d{10}");
            assertThat(at(row.get("date"))).isBetween(DAY_AGO, T0);
        }
        assertThat(questionCounts).containsExactlyInAnyOrder(2, 3, 5);
        assertThat(data).extracting(r -> r.get("conn_id")).doesNotHaveDuplicates();
        assertThat(data).extracting(r -> at(r.get("date"))).isSorted();
        assertThat(data).extracting(r -> r.get("result")).contains("Completed", "Hang up");
        assertThat(data).filteredOn(r -> r.get("result").equals("Hang up")).anySatisfy(r -> assertThat(r).containsValue(""));
        assertThat(data).extracting(r -> r.get("voice_message")).anySatisfy(v -> assertThat(v).endsWith(".wav"));
    }

    @Test
    void serves_chats_and_their_messages_with_the_same_conn_ids_names_and_counts() throws Exception {
        start(fixed());

        List<Map<String, String>> chats = data("chat_1", DAY_AGO, T0);
        List<Map<String, String>> messages = data("chat_2", DAY_AGO, T0);

        assertThat(chats).hasSizeBetween(400, 500);
        assertThat(chats).allSatisfy(r -> assertThat(r.keySet()).containsExactlyElementsOf(CHAT_1_FIELDS));
        assertThat(messages).allSatisfy(r -> assertThat(r.keySet()).containsExactlyElementsOf(CHAT_2_FIELDS));
        assertThat(chats).extracting(r -> r.get("conn_id")).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("\\d{8}1\\d{6}"));
        Map<String, List<Map<String, String>>> byConnId = messages.stream()
                .collect(Collectors.groupingBy(m -> m.get("conn_id")));
        int withoutMessages = 0;
        for (Map<String, String> chat : chats) {
            List<Map<String, String>> own = byConnId.getOrDefault(chat.get("conn_id"), List.of());
            withoutMessages += own.isEmpty() ? 1 : 0;
            long customerChars = 0;
            for (Map<String, String> m : own) {
                assertThat(m.get("agent_name")).isEqualTo(chat.get("agent_name"));
                assertThat(m.get("customer_name")).isEqualTo(chat.get("customer_name"));
                assertThat(m.get("channel")).isEqualTo(chat.get("channel"));
                assertThat(m.get("customer_id")).isEqualTo(chat.get("customer_id"));
                assertThat(m.get("from")).isIn("AGENT", "CUSTOMER");
                assertThat(at(m.get("date"))).isBetween(at(chat.get("date")),
                        at(chat.get("date")).plusSeconds(Long.parseLong(chat.get("chat_duration"))));
                boolean bot = m.get("from_name").equals("chat bot") || m.get("to_name").equals("chat bot");
                if (!bot && m.get("from").equals("CUSTOMER")) {
                    customerChars += m.get("message").codePointCount(0, m.get("message").length());
                }
            }
            assertThat(customerChars).as("customer_chars of %s", chat.get("conn_id"))
                    .isEqualTo(Long.parseLong(chat.get("customer_chars")));
            assertThat(own).extracting(m -> at(m.get("date"))).isSorted();
        }
        assertThat(withoutMessages).isBetween(1, 40);
        assertThat(messages).anySatisfy(m -> assertThat(m.get("from_name")).isEqualTo("chat bot"))
                .anySatisfy(m -> assertThat(m.get("to_name")).isEqualTo("chat bot"));
        Set<String> chatIds = chats.stream().map(c -> c.get("conn_id")).collect(Collectors.toSet());
        assertThat(messages).filteredOn(m -> !chatIds.contains(m.get("conn_id")))
                .as("only chats still going on at T0 have messages without their chat_1 row")
                .allSatisfy(m -> assertThat(at(m.get("date"))).isAfter(T0.minus(Duration.ofMinutes(15))));
    }

    @Test
    void shows_a_chat_only_once_it_has_ended_and_its_messages_as_they_are_written() throws Exception {
        MutableClock clock = new MutableClock(T0);
        start(WolkvoxFake.Options.defaults(TOKEN).withClock(clock).withHistoryRecords(0).withRecordsPerMinute(1)
                .withLateRate(0));
        clock.advance(Duration.ofMinutes(30));
        Map<String, String> chat = fake.visibleRecords("chat_1", T0, T0.plus(Duration.ofMinutes(30))).get(0);
        Instant start = at(chat.get("date"));
        Instant end = start.plusSeconds(Long.parseLong(chat.get("chat_duration")));
        List<Map<String, String>> all = fake.visibleRecords("chat_2", start, end.plusSeconds(1)).stream()
                .filter(m -> m.get("conn_id").equals(chat.get("conn_id"))).toList();
        assertThat(all).isNotEmpty();

        clock.set(end.minusSeconds(1));
        assertThat(fake.visibleRecords("chat_1", T0, end)).extracting(r -> r.get("conn_id"))
                .doesNotContain(chat.get("conn_id"));
        Instant firstMessage = at(all.get(0).get("date"));
        clock.set(firstMessage);
        assertThat(fake.visibleRecords("chat_2", start, end.plusSeconds(1)))
                .filteredOn(m -> m.get("conn_id").equals(chat.get("conn_id"))).isNotEmpty()
                .allSatisfy(m -> assertThat(at(m.get("date"))).isBeforeOrEqualTo(firstMessage));
        clock.set(end);
        assertThat(fake.visibleRecords("chat_1", T0, end)).extracting(r -> r.get("conn_id"))
                .contains(chat.get("conn_id"));
    }

    @Test
    void returns_chat_2_messages_by_their_own_date_including_one_exactly_on_date_end() throws Exception {
        start(fixed());
        Map<String, String> target = fake.visibleRecords("chat_2", T0.minus(Duration.ofHours(3)), T0).get(20);
        Instant date = at(target.get("date"));

        List<Map<String, String>> onlyIt = data("chat_2", date, date);

        assertThat(onlyIt).contains(target).allSatisfy(m -> assertThat(m.get("date")).isEqualTo(target.get("date")));
        assertThat(data("chat_2", date.minus(Duration.ofHours(1)), date)).contains(target)
                .allSatisfy(m -> assertThat(at(m.get("date"))).isBeforeOrEqualTo(date));
    }

    @Test
    void answers_what_visible_records_says_and_the_same_rows_twice() throws Exception {
        start(fixed());

        for (String api : List.of("diagram_4", "chat_1", "chat_2")) {
            Instant from = T0.minus(Duration.ofHours(6));
            Instant to = T0.minus(Duration.ofHours(2));
            String first = get(api, from, to).body();

            assertThat(get(api, from, to).body()).as(api).isEqualTo(first);
            assertThat(data(api, from, to.minusSeconds(1))).as(api)
                    .isEqualTo(fake.visibleRecords(api, from, to));
        }
        assertThat(fake.visibleRecords("chat_4", DAY_AGO, T0)).isEqualTo(fake.visibleRecords(DAY_AGO, T0));
        assertThatThrownBy(() -> fake.visibleRecords("chat_7", DAY_AGO, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dates_each_report_on_its_own_timeline_with_its_share_of_the_unmapped_agent() throws Exception {
        start(fixed().withHistoryRecords(5_000).withUnmappedAgentRate(0.1));

        for (String api : List.of("diagram_4", "chat_1")) {
            List<Map<String, String>> rows = fake.visibleRecords(api, DAY_AGO, T0);
            double share = rows.stream().filter(r -> r.get("agent_name").equals(WolkvoxFake.UNMAPPED_AGENT_NAME)).count()
                    / (double) rows.size();
            assertThat(share).as(api).isCloseTo(0.1, within(0.02));
            assertThat(rows).filteredOn(r -> r.get("agent_name").equals(WolkvoxFake.UNMAPPED_AGENT_NAME))
                    .extracting(r -> r.get("agent_id")).containsOnly(SandboxAgentPool.UNMAPPED_AGENT_ID);
            assertThat(rows.stream().map(r -> r.get("agent_name")).collect(Collectors.toSet()))
                    .isSubsetOf(fake.agentNames());
        }
        assertThat(fake.visibleRecords("diagram_4", DAY_AGO, T0).get(0).get("date"))
                .isNotEqualTo(fake.visibleRecords("chat_1", DAY_AGO, T0).get(0).get("date"));
    }

    @Test
    void gives_each_agent_one_id_and_one_dni_in_every_report() throws Exception {
        start(fixed());

        Map<String, Set<String>> surveyIds = new HashMap<>();
        fake.visibleRecords("diagram_4", DAY_AGO, T0).forEach(r -> surveyIds
                .computeIfAbsent(r.get("agent_name"), k -> new HashSet<>()).add(r.get("agent_id") + "/" + r.get("agent_dni")));
        Map<String, Set<String>> chatIds = new HashMap<>();
        fake.visibleRecords("chat_1", DAY_AGO, T0).forEach(r -> chatIds
                .computeIfAbsent(r.get("agent_name"), k -> new HashSet<>()).add(r.get("agent_id")));

        assertThat(surveyIds.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(chatIds).allSatisfy((name, ids) -> assertThat(ids).containsExactly(
                surveyIds.get(name).iterator().next().split("/")[0]));
    }

    @Test
    void answers_404_validate_dates_entered_for_an_empty_window_of_every_report() throws Exception {
        start(fixed());

        for (String api : List.of("diagram_4", "chat_1", "chat_2")) {
            assertError(get(api, T0.minus(Duration.ofDays(5)), T0.minus(Duration.ofDays(4))), 404,
                    "Validate dates entered");
            assertError(get(api, T0, T0.minus(Duration.ofHours(1))), 404, "Validate dates entered");
        }
    }

    @Test
    void applies_the_31_day_limit_the_token_checks_and_the_unknown_api_answer_to_every_report() throws Exception {
        start(fixed());

        assertError(get("diagram_4", T0.minus(Duration.ofDays(31)).minusSeconds(1), T0), 400, WolkvoxFake.RANGE_TOO_LONG);
        assertThat(get("chat_2", T0.minus(Duration.ofDays(31)), T0).statusCode()).isEqualTo(200);
        assertError(send(request("chat_1", DAY_AGO, T0)), 401, "PLEASE ENTER THE WOLKVOX-TOKEN");
        assertError(send(request("chat_2", DAY_AGO, T0).header("wolkvox-token", "nope")), 403, "PLEASE VALIDATE TOKEN");
        assertError(get("diagram_5", DAY_AGO, T0), 400, "THE API YOU WANT TO CONSULT DOES NOT EXIST");
    }

    @Test
    void serialises_the_token_across_reports() throws Exception {
        start(fixed().withLatency(Duration.ofMillis(800)));

        CompletableFuture<HttpResponse<String>> survey = http.sendAsync(
                request("diagram_4", DAY_AGO, T0).header("wolkvox-token", TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> chats = http.sendAsync(
                request("chat_4", DAY_AGO, T0).header("wolkvox-token", TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<HttpResponse<String>> both = List.of(survey.get(), chats.get());

        assertThat(both).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 403);
        assertError(both.stream().filter(r -> r.statusCode() == 403).findFirst().orElseThrow(), 403,
                "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)");
        assertThat(fake.concurrentRejections()).isEqualTo(1);
        assertThat(get("chat_1", DAY_AGO, T0).statusCode()).as("a chained call").isEqualTo(200);
    }

    @Test
    void cuts_the_json_of_an_answer_in_the_middle_of_the_data_array() throws Exception {
        start(fixed());
        fake.faults(WolkvoxFake.Faults.none().withMalformedJsonRate(1.0));

        HttpResponse<String> response = get("chat_2", T0.minus(Duration.ofHours(2)), T0);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(IOException.class);
        List<Map<String, String>> all = fake.visibleRecords("chat_2", T0.minus(Duration.ofHours(2)), T0.plusSeconds(1));
        assertThat(response.body()).contains("\"msg\":\"" + all.size() + " records were found\"")
                .endsWith("{\"conn_id\":\"" + all.get(all.size() / 2).get("conn_id") + "\"");
        assertThat(fake.injectedFaults()).containsEntry("malformed_json", 1);
    }

    @Test
    void answers_500_and_429_to_every_report_when_those_faults_are_on() throws Exception {
        start(fixed());

        fake.faults(WolkvoxFake.Faults.none().withServerErrorRate(1.0));
        assertError(get("diagram_4", DAY_AGO, T0), 500, "INTERNAL SERVER ERROR");
        fake.faults(WolkvoxFake.Faults.none().withRateLimit(1.0, 7));
        HttpResponse<String> limited = get("chat_1", DAY_AGO, T0);
        assertError(limited, 429, "TOO MANY REQUESTS");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(fake.injectedFaults()).containsEntry("server_error", 1).containsEntry("rate_limit", 1);
    }

    @Test
    void cuts_an_answer_off_at_60000_records() throws Exception {
        start(fixed().withHistoryRecords(61_000).withUnmappedAgentRate(0).withLateRate(0));

        JsonNode body = JSON.readTree(get("diagram_4", DAY_AGO, T0).body());

        assertThat(body.get("data")).hasSize(WolkvoxFake.MAX_RECORDS_PER_ANSWER);
        assertThat(body.get("msg").asText()).isEqualTo("60000 records were found");
    }
}
