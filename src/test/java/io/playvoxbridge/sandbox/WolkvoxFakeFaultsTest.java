package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault knobs of the Wolkvox fake, one test per knob, as a client sees them. */
class WolkvoxFakeFaultsTest {

    private static final String TOKEN = "sandbox-token";
    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");
    private static final Instant DAY_AGO = T0.minus(Duration.ofDays(1));
    private static final DateTimeFormatter REQUEST = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final List<String> FIELDS = List.of("channel", "agent_name", "skill_id", "case_id", "subject",
            "from", "to", "body", "answer", "date_creation", "close_date", "evaluation_survey", "cod_act",
            "cod_description", "comments", "attachments");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<WolkvoxFake> fakes = new ArrayList<>();
    private WolkvoxFake fake;

    @AfterEach
    void stop() {
        fakes.forEach(WolkvoxFake::close);
    }

    private WolkvoxFake start(WolkvoxFake.Options options) {
        WolkvoxFake started = new WolkvoxFake(options);
        started.start(0);
        fakes.add(started);
        fake = started;
        return started;
    }

    private static WolkvoxFake.Options fixed() {
        return WolkvoxFake.Options.defaults(TOKEN).withClock(Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static String date(Instant instant) {
        return REQUEST.format(instant.atZone(BOGOTA));
    }

    private String url(WolkvoxFake target, Instant from, Instant to) {
        return target.baseUrl() + "/reports_manager.php?api=chat_4&date_ini=" + date(from) + "&date_end=" + date(to);
    }

    private HttpResponse<String> chat4(WolkvoxFake target, Instant from, Instant to, String token) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(target, from, to)))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            builder.header("wolkvox-token", token);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> chat4(Instant from, Instant to) throws Exception {
        return chat4(fake, from, to, TOKEN);
    }

    private static void assertEnvelope(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isEqualTo(message);
        assertThat(body.get("msg").asText()).isEqualTo(message);
        assertThat(body.get("data").isNull()).isTrue();
    }

    private static List<JsonNode> data(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).get("data").forEach(out::add);
        return out;
    }

    private static JsonNode node(Map<String, String> served) {
        if (served.containsKey(WolkvoxFake.NOT_AN_OBJECT_KEY)) {
            return JSON.getNodeFactory().textNode(served.get(WolkvoxFake.NOT_AN_OBJECT_KEY));
        }
        return JSON.valueToTree(served);
    }

    @Test
    void none_is_the_default_and_changes_nothing() throws Exception {
        start(fixed());
        HttpResponse<String> untouched = chat4(DAY_AGO, T0);
        List<Map<String, String>> visible = fake.visibleRecords(DAY_AGO, T0);

        fake.faults(WolkvoxFake.Faults.none());
        HttpResponse<String> withNone = chat4(DAY_AGO, T0);

        assertThat(WolkvoxFake.Faults.none()).isEqualTo(new WolkvoxFake.Faults(0, 0, 1, Duration.ZERO, 0, 0, 0,
                10 * 1024 * 1024 + 1));
        assertThat(fake.faults()).isEqualTo(WolkvoxFake.Faults.none());
        assertThat(withNone.statusCode()).isEqualTo(200);
        assertThat(withNone.body()).isEqualTo(untouched.body());
        assertThat(fake.visibleRecords(DAY_AGO, T0)).isEqualTo(visible);
        assertThat(fake.wellFormedRecords(DAY_AGO, T0)).isEqualTo(visible);
        assertThat(fake.malformedCount(DAY_AGO, T0)).isZero();
        assertThat(data(withNone)).hasSize(visible.size())
                .allSatisfy(row -> assertThat(row.isObject()).isTrue());
        assertThat(fake.injectedFaults()).containsOnlyKeys("connection_reset", "server_error", "rate_limit",
                "malformed_json").allSatisfy((name, count) -> assertThat(count).isZero());
        assertThat(fake.requestCount()).isEqualTo(2);
    }

    @Test
    void with_methods_change_one_component_each() {
        WolkvoxFake.Faults f = WolkvoxFake.Faults.none().withServerErrorRate(0.1).withRateLimit(0.2, 9)
                .withLatency(Duration.ofMillis(5)).withConnectionResetRate(0.3).withMalformedJsonRate(0.4)
                .withMalformedRecordRate(0.5).withOversizedBodyBytes(77);

        assertThat(f).isEqualTo(new WolkvoxFake.Faults(0.1, 0.2, 9, Duration.ofMillis(5), 0.3, 0.4, 0.5, 77));
        assertThat(f.withRateLimitRate(0.6).withRetryAfterSeconds(2))
                .isEqualTo(new WolkvoxFake.Faults(0.1, 0.6, 2, Duration.ofMillis(5), 0.3, 0.4, 0.5, 77));
        assertThatThrownBy(() -> WolkvoxFake.Faults.none().withMalformedRecordRate(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WolkvoxFake.Faults.none().withOversizedBodyBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void server_error_rate_answers_500_with_the_wolkvox_envelope_after_the_token_checks() throws Exception {
        start(fixed());
        fake.faults(WolkvoxFake.Faults.none().withServerErrorRate(1.0));

        assertEnvelope(chat4(DAY_AGO, T0), 500, "INTERNAL SERVER ERROR");
        assertEnvelope(chat4(fake, DAY_AGO, T0, null), 401, "PLEASE ENTER THE WOLKVOX-TOKEN");
        assertEnvelope(chat4(fake, DAY_AGO, T0, "wrong"), 403, "PLEASE VALIDATE TOKEN");
        assertThat(fake.injectedFaults()).containsEntry("server_error", 1);

        fake.faults(WolkvoxFake.Faults.none());
        assertThat(chat4(DAY_AGO, T0).statusCode()).as("the token is not left in flight").isEqualTo(200);
    }

    @Test
    void rate_limit_rate_answers_429_with_retry_after() throws Exception {
        start(fixed());
        fake.faults(WolkvoxFake.Faults.none().withRateLimit(1.0, 7));

        HttpResponse<String> limited = chat4(DAY_AGO, T0);

        assertEnvelope(limited, 429, "TOO MANY REQUESTS");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(fake.injectedFaults()).containsEntry("rate_limit", 1);
        assertEnvelope(chat4(fake, DAY_AGO, T0, null), 401, "PLEASE ENTER THE WOLKVOX-TOKEN");
    }

    @Test
    void latency_delays_every_answer_on_top_of_the_options_latency() throws Exception {
        start(fixed().withLatency(Duration.ofMillis(200)));
        fake.faults(WolkvoxFake.Faults.none().withLatency(Duration.ofMillis(300)));

        long started = System.nanoTime();
        HttpResponse<String> response = chat4(DAY_AGO, T0);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(500);
    }

    @Test
    void connection_reset_rate_drops_the_connection_and_the_clients_get_an_io_exception() throws Exception {
        start(fixed());
        fake.faults(WolkvoxFake.Faults.none().withConnectionResetRate(1.0));

        assertThatThrownBy(() -> chat4(DAY_AGO, T0)).isInstanceOf(IOException.class)
                .hasMessageContaining("received no bytes");
        int jdkAttempts = fake.injectedFaults().get("connection_reset");
        assertThat(jdkAttempts).as("java.net.http retries a GET once").isBetween(1, 2);
        try (CloseableHttpClient apache = HttpClients.custom().disableAutomaticRetries().build()) {
            HttpGet get = new HttpGet(url(fake, DAY_AGO, T0));
            get.setHeader("wolkvox-token", TOKEN);
            assertThatThrownBy(() -> apache.execute(get, response -> response.getCode()))
                    .isInstanceOf(NoHttpResponseException.class).isInstanceOf(IOException.class);
        }
        assertThat(fake.injectedFaults()).containsEntry("connection_reset", jdkAttempts + 1);
        assertThat(fake.requestCount()).as("nothing was answered").isZero();
        assertEnvelope(chat4(fake, DAY_AGO, T0, null), 401, "PLEASE ENTER THE WOLKVOX-TOKEN");

        fake.faults(WolkvoxFake.Faults.none());
        assertThat(chat4(DAY_AGO, T0).statusCode()).as("the token is not left in flight").isEqualTo(200);
    }

    @Test
    void malformed_json_rate_cuts_a_200_answer_in_the_middle_of_the_data_array() throws Exception {
        start(fixed());
        int records = fake.visibleRecords(DAY_AGO, T0).size();
        fake.faults(WolkvoxFake.Faults.none().withMalformedJsonRate(1.0));

        HttpResponse<String> cut = chat4(DAY_AGO, T0);

        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.body()).startsWith("{\"code\":200,\"error\":null,\"msg\":\"" + records
                + " records were found\",\"data\":[{").doesNotEndWith("]}");
        assertThatThrownBy(() -> JSON.readTree(cut.body())).isInstanceOf(JsonProcessingException.class);
        assertThat(completeRecordsBeforeTheCut(cut.body())).isEqualTo(records / 2);
        assertThat(fake.injectedFaults()).containsEntry("malformed_json", 1);
        assertEnvelope(chat4(T0.minus(Duration.ofDays(5)), T0.minus(Duration.ofDays(4))), 404,
                "Validate dates entered");

        fake.faults(WolkvoxFake.Faults.none());
        assertThat(data(chat4(DAY_AGO, T0))).hasSize(records);
    }

    /** Parses as far as the JSON goes and counts the complete elements of {@code data}. */
    private static int completeRecordsBeforeTheCut(String body) throws IOException {
        int complete = 0;
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            while (parser.nextToken() != JsonToken.START_ARRAY) {
                // up to "data":[
            }
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    complete++;
                } else if (token == null) {
                    return complete;
                }
            }
        } catch (JsonProcessingException e) {
            return complete;
        }
    }

    @Test
    void malformed_record_rate_breaks_records_in_all_five_kinds_in_turn() throws Exception {
        start(fixed().withHistoryRecords(200).withLateRate(0));
        fake.faults(WolkvoxFake.Faults.none().withMalformedRecordRate(1.0).withOversizedBodyBytes(3000));

        List<JsonNode> data = data(chat4(DAY_AGO, T0));
        List<Character> kinds = new ArrayList<>();
        for (JsonNode element : data) {
            kinds.add(kind(element, 3000));
        }

        assertThat(data).hasSize(200);
        assertThat(new HashSet<>(kinds)).containsExactlyInAnyOrder('a', 'b', 'c', 'd', 'e');
        for (int k = 1; k < kinds.size(); k++) {
            assertThat(kinds.get(k) - 'a').as("cycle at %s", k).isEqualTo((kinds.get(k - 1) - 'a' + 1) % 5);
        }
        assertThat(fake.visibleRecords(DAY_AGO, T0)).extracting(WolkvoxFakeFaultsTest::node)
                .as("visibleRecords gives the records as served").containsExactlyElementsOf(data);
        assertThat(fake.wellFormedRecords(DAY_AGO, T0)).isEmpty();
        assertThat(fake.malformedCount(DAY_AGO, T0)).isEqualTo(200);

        fake.faults(fake.faults().withOversizedBodyBytes(0));
        List<Character> withoutOversized = new ArrayList<>();
        for (JsonNode element : data(chat4(DAY_AGO, T0))) {
            withoutOversized.add(kind(element, 0));
        }
        assertThat(new HashSet<>(withoutOversized)).containsExactlyInAnyOrder('a', 'b', 'c', 'd');
    }

    /** Which malformed kind an element of data is; fails unless it is exactly one. */
    private static char kind(JsonNode element, int oversized) throws IOException {
        if (element.isTextual()) {
            JsonNode inner = JSON.readTree(element.asText());
            assertThat(inner.isObject()).isTrue();
            assertThat(inner.size()).isEqualTo(FIELDS.size());
            return 'd';
        }
        List<Character> found = new ArrayList<>();
        if (!element.has("case_id")) {
            found.add('a');
        }
        if (element.get("date_creation").asText().matches("\\d{4}-02-30 \\d{2}:\\d{2}:\\d{2}")) {
            found.add('b');
        }
        if (element.get("evaluation_survey").asText().equals("muy bueno")) {
            found.add('c');
        }
        if (oversized > 0 && element.get("body").asText().length() == oversized) {
            found.add('e');
        }
        assertThat(found).as(element.toString().substring(0, 200)).hasSize(1);
        return found.get(0);
    }

    @Test
    void malformed_records_are_chosen_per_record_and_stay_malformed_in_every_window() throws Exception {
        WolkvoxFake main = start(fixed().withHistoryRecords(2000).withLateRate(0));
        List<Map<String, String>> clean = main.visibleRecords(DAY_AGO, T0);
        main.faults(WolkvoxFake.Faults.none().withMalformedRecordRate(0.25).withOversizedBodyBytes(2000));

        List<JsonNode> whole = data(chat4(main, DAY_AGO, T0, TOKEN));
        List<JsonNode> part = data(chat4(main, T0.minus(Duration.ofHours(10)), T0.minus(Duration.ofHours(4)), TOKEN));
        List<Map<String, String>> served = main.visibleRecords(DAY_AGO, T0);
        Set<Integer> malformedAtQuarter = differing(clean, served);

        assertThat(whole).containsExactlyElementsOf(served.stream().map(WolkvoxFakeFaultsTest::node).toList());
        assertThat(part).isNotEmpty();
        assertThat(Collections.indexOfSubList(whole, part)).as("a narrower window serves the same rows").isNotNegative();
        assertThat(malformedAtQuarter.size()).isEqualTo(main.malformedCount(DAY_AGO, T0));
        assertThat(malformedAtQuarter.size() / 2000.0).isCloseTo(0.25, within(0.04));
        List<Map<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            if (!malformedAtQuarter.contains(i)) {
                expected.add(clean.get(i));
            }
        }
        assertThat(main.wellFormedRecords(DAY_AGO, T0)).isEqualTo(expected);

        WolkvoxFake twin = start(fixed().withHistoryRecords(2000).withLateRate(0));
        twin.faults(main.faults());
        assertThat(chat4(twin, DAY_AGO, T0, TOKEN).body()).as("same seed, same answer")
                .isEqualTo(chat4(main, DAY_AGO, T0, TOKEN).body());
        WolkvoxFake otherSeed = start(fixed().withHistoryRecords(2000).withLateRate(0).withSeed(43));
        List<Map<String, String>> otherClean = otherSeed.visibleRecords(DAY_AGO, T0);
        otherSeed.faults(main.faults());
        assertThat(differing(otherClean, otherSeed.visibleRecords(DAY_AGO, T0))).isNotEqualTo(malformedAtQuarter);
        main.faults(main.faults().withMalformedRecordRate(0.5));
        assertThat(differing(clean, main.visibleRecords(DAY_AGO, T0))).as("a higher rate only adds records")
                .containsAll(malformedAtQuarter).hasSizeGreaterThan(malformedAtQuarter.size());
    }

    private static Set<Integer> differing(List<Map<String, String>> clean, List<Map<String, String>> served) {
        assertThat(served).hasSameSizeAs(clean);
        Set<Integer> positions = new HashSet<>();
        for (int i = 0; i < clean.size(); i++) {
            if (!clean.get(i).equals(served.get(i))) {
                positions.add(i);
            }
        }
        return positions;
    }

    @Test
    void oversized_bodies_default_to_one_byte_over_10_mb_and_are_streamed_whole() throws Exception {
        start(fixed().withHistoryRecords(10).withLateRate(0));
        fake.faults(WolkvoxFake.Faults.none().withMalformedRecordRate(1.0));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(fake, DAY_AGO, T0)))
                .header("wolkvox-token", TOKEN).timeout(Duration.ofSeconds(60)).GET().build();

        List<Integer> bodyLengths = new ArrayList<>();
        int elements = 0;
        try (InputStream in = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
             JsonParser parser = JSON.getFactory().createParser(in)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                    if (depth == 3) {
                        elements++;
                    }
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING && depth == 2) {
                    elements++;
                } else if (token == JsonToken.FIELD_NAME && depth == 3 && parser.currentName().equals("body")) {
                    parser.nextToken();
                    bodyLengths.add(parser.getTextLength());
                }
            }
        }

        assertThat(elements).isEqualTo(10);
        assertThat(bodyLengths).hasSize(8).filteredOn(length -> length > 10_000)
                .containsExactly(10 * 1024 * 1024 + 1, 10 * 1024 * 1024 + 1);
        List<Map<String, String>> served = fake.visibleRecords(DAY_AGO, T0);
        assertThat(served).filteredOn(r -> r.containsKey("body") && r.get("body").length() > 10_000)
                .hasSize(2).allSatisfy(r -> assertThat(r.get("body")).hasSize(WolkvoxFake.Faults.DEFAULT_OVERSIZED_BODY_BYTES));
    }

    @Test
    void request_faults_are_deterministic_for_a_seed() throws Exception {
        WolkvoxFake.Faults mixed = WolkvoxFake.Faults.none().withServerErrorRate(0.3).withRateLimit(0.3, 1)
                .withMalformedJsonRate(0.3);
        WolkvoxFake first = start(fixed());
        WolkvoxFake second = start(fixed());
        WolkvoxFake otherSeed = start(fixed().withSeed(43));
        first.faults(mixed);
        second.faults(mixed);
        otherSeed.faults(mixed);

        List<String> a = outcomes(first, 24);
        List<String> b = outcomes(second, 24);
        List<String> c = outcomes(otherSeed, 24);

        assertThat(a).isEqualTo(b).contains("500", "429", "200-cut", "200").isNotEqualTo(c);
    }

    private List<String> outcomes(WolkvoxFake target, int requests) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = chat4(target, T0.minus(Duration.ofHours(2)), T0, TOKEN);
            String outcome = Integer.toString(response.statusCode());
            if (response.statusCode() == 200) {
                try {
                    JSON.readTree(response.body());
                } catch (JsonProcessingException e) {
                    outcome = "200-cut";
                }
            }
            out.add(outcome);
        }
        return out;
    }
}
