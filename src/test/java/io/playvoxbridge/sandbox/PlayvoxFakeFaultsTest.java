package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault knobs of the Playvox fake, one test per knob, as a client sees them. */
class PlayvoxFakeFaultsTest {

    private static final String UID = "sandbox-uid";
    private static final String KEY = "sandbox-key";
    private static final String MARIA = "maria.rodriguez@sandbox.playvox.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<PlayvoxFake> fakes = new ArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(PlayvoxFake::close);
    }

    private PlayvoxFake start(PlayvoxFake.Options options) {
        PlayvoxFake fake = new PlayvoxFake(options);
        fake.start(0);
        fakes.add(fake);
        return fake;
    }

    private HttpResponse<String> call(PlayvoxFake fake, String method, String path, Object body, boolean auth)
            throws Exception {
        String url = path.startsWith("/sandbox") ? "http://127.0.0.1:" + fake.port() + path : fake.baseUrl() + path;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (auth) {
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((UID + ":" + KEY).getBytes(StandardCharsets.UTF_8)));
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(PlayvoxFake fake, String path) throws Exception {
        return call(fake, "GET", path, null, true);
    }

    private HttpResponse<String> post(PlayvoxFake fake, String path, Object body) throws Exception {
        return call(fake, "POST", path, body, true);
    }

    private static Map<String, Object> integration(String name) {
        return Map.of("name", name, "description", "Wolkvox chat_4", "settings", Map.of("data_storage_minutes", 600));
    }

    /** Creates an integration with one datetime field; returns its id. */
    private String chatIntegration(PlayvoxFake fake) throws Exception {
        HttpResponse<String> created = post(fake, "/integrations", integration("wolkvox-chat"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = JSON.readTree(created.body()).get("_id").asText();
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("field_id", "created_on");
        field.put("type", "datetime");
        field.put("required", true);
        assertThat(post(fake, "/integrations/" + id + "/metadata", field).statusCode()).isEqualTo(200);
        return id;
    }

    private static List<Map<String, Object>> items(String prefix, int count) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(Map.of("interaction_id", prefix + "-" + i, "assignee_id", MARIA,
                    "created_on", "2026-11-21T09:30:00-05:00"));
        }
        return items;
    }

    private String bulk(PlayvoxFake fake, String integrationId, List<Map<String, Object>> items) throws Exception {
        HttpResponse<String> response = post(fake, "/integrations/" + integrationId + "/bulk/interactions", items);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("result").get("_id").asText();
    }

    private JsonNode job(PlayvoxFake fake, String jobId) throws Exception {
        return JSON.readTree(get(fake, "/jobs/" + jobId).body()).get("result");
    }

    private JsonNode awaitJobEnd(PlayvoxFake fake, String jobId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(
                () -> job(fake, jobId), result -> !result.get("status").asText().matches("pending|in_progress"));
    }

    @Test
    void none_is_the_default_the_five_argument_constructor_still_works_and_nothing_changes() throws Exception {
        PlayvoxFake fake = start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(50)));
        assertThat(fake.faults()).isEqualTo(PlayvoxFake.Faults.none());
        fake.faults(new PlayvoxFake.Faults(0, 0, 1, 0, Duration.ZERO));
        String id = chatIntegration(fake);

        JsonNode done = awaitJobEnd(fake, bulk(fake, id, items("case", 5)));

        assertThat(new PlayvoxFake.Faults(0, 0, 1, 0, Duration.ZERO)).isEqualTo(PlayvoxFake.Faults.none());
        assertThat(new PlayvoxFake.Faults(0.05, 0.03, 2, 0.01, Duration.ofMillis(3)))
                .isEqualTo(new PlayvoxFake.Faults(0.05, 0.03, 2, 0.01, Duration.ofMillis(3), 0, 0, 0));
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(fake.interactions("wolkvox-chat")).hasSize(5);
        assertThat(fake.requestLog()).extracting(PlayvoxFake.RequestRecord::status).containsOnly(200);
        assertThat(fake.injectedFaults()).containsOnlyKeys("connection_reset", "malformed_json", "server_error",
                "rate_limit", "never_ending_job").allSatisfy((name, count) -> assertThat(count).isZero());
        JsonNode stats = JSON.readTree(call(fake, "GET", "/sandbox/stats", null, false).body());
        assertThat(stats.get("injected_faults").get("connection_reset").asInt()).isZero();
    }

    @Test
    void with_methods_keep_the_other_components() {
        PlayvoxFake.Faults f = PlayvoxFake.Faults.none().withConnectionResetRate(0.1).withMalformedJsonRate(0.2)
                .withNeverEndingJobRate(0.3).withServerErrorRate(0.4).withRateLimit(0.5, 6).withItemFailureRate(0.6)
                .withLatency(Duration.ofMillis(7));

        assertThat(f).isEqualTo(new PlayvoxFake.Faults(0.4, 0.5, 6, 0.6, Duration.ofMillis(7), 0.1, 0.2, 0.3));
        assertThat(f.withRateLimitRate(0.9).withRetryAfterSeconds(1))
                .isEqualTo(new PlayvoxFake.Faults(0.4, 0.9, 1, 0.6, Duration.ofMillis(7), 0.1, 0.2, 0.3));
        assertThatThrownBy(() -> f.withNeverEndingJobRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connection_reset_rate_drops_the_connection_before_anything_is_created_or_counted() throws Exception {
        PlayvoxFake fake = start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ZERO)
                .withRequestsPerMinute(3));
        String id = chatIntegration(fake);
        int logged = fake.requestLog().size();
        fake.faults(PlayvoxFake.Faults.none().withConnectionResetRate(1.0));

        assertThatThrownBy(() -> post(fake, "/integrations", integration("never")))
                .isInstanceOf(IOException.class).hasMessageContaining("received no bytes");
        assertThatThrownBy(() -> post(fake, "/integrations/" + id + "/bulk/interactions", items("lost", 3)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(fake, "/integrations")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> call(fake, "GET", "/integrations", null, false)).isInstanceOf(IOException.class);

        assertThat(fake.injectedFaults().get("connection_reset")).as("POSTs once each, GETs retried once by the JDK")
                .isBetween(4, 6);
        fake.faults(PlayvoxFake.Faults.none());
        assertThat(fake.integrationsCreated()).isEqualTo(1);
        assertThat(fake.bulkSizes()).isEmpty();
        assertThat(fake.requestLog()).hasSize(logged);
        assertThat(get(fake, "/integrations").statusCode()).as("the resets used none of the 3 slots per minute").isEqualTo(200);
        assertThat(get(fake, "/integrations").statusCode()).isEqualTo(429);
    }

    @Test
    void malformed_json_rate_answers_200_with_a_body_that_is_not_json_and_creates_nothing() throws Exception {
        PlayvoxFake fake = start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ZERO));
        String id = chatIntegration(fake);
        fake.faults(PlayvoxFake.Faults.none().withMalformedJsonRate(1.0));

        List<HttpResponse<String>> answers = List.of(
                post(fake, "/integrations", integration("never")),
                post(fake, "/integrations/" + id + "/bulk/interactions", items("lost", 3)),
                get(fake, "/integrations/" + id),
                call(fake, "GET", "/integrations", null, false));

        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThatThrownBy(() -> JSON.readTree(answer.body())).isInstanceOf(JsonProcessingException.class);
        }
        assertThat(fake.injectedFaults()).containsEntry("malformed_json", 4);
        assertThat(fake.integrationsCreated()).isEqualTo(1);
        assertThat(fake.bulkSizes()).isEmpty();
        assertThat(fake.requestLog()).extracting(PlayvoxFake.RequestRecord::status).containsOnly(200);
        fake.faults(PlayvoxFake.Faults.none());
        assertThat(JSON.readTree(get(fake, "/integrations").body()).get("result")).hasSize(1);
    }

    @Test
    void never_ending_job_rate_leaves_a_job_pending_forever_and_stores_none_of_its_items() throws Exception {
        PlayvoxFake fake = start(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(50)));
        String id = chatIntegration(fake);
        fake.faults(PlayvoxFake.Faults.none().withNeverEndingJobRate(1.0));

        String stuck = bulk(fake, id, items("stuck", 4));
        Thread.sleep(600);
        fake.faults(PlayvoxFake.Faults.none());
        JsonNode finished = awaitJobEnd(fake, bulk(fake, id, items("fine", 2)));
        JsonNode stillStuck = job(fake, stuck);

        assertThat(stillStuck.get("status").asText()).isEqualTo("pending");
        assertThat(stillStuck.get("total").asInt()).isEqualTo(4);
        assertThat(stillStuck.get("total_completed").asInt()).isZero();
        assertThat(stillStuck.get("total_failed").asInt()).isZero();
        assertThat(stillStuck.get("completed")).isEmpty();
        assertThat(finished.get("status").asText()).isEqualTo("completed");
        assertThat(fake.interactions("wolkvox-chat")).extracting(PlayvoxFake.StoredInteraction::interactionId)
                .containsExactly("fine-0", "fine-1");
        assertThat(fake.bulkSizes()).containsExactly(4, 2);
        assertThat(fake.injectedFaults()).containsEntry("never_ending_job", 1);
    }

    @Test
    void never_ending_jobs_are_chosen_by_seed() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (long seed : new long[] {7, 7, 8}) {
            PlayvoxFake fake = start(PlayvoxFake.Options.defaults(UID, KEY).withSeed(seed)
                    .withJobDuration(Duration.ZERO));
            String id = chatIntegration(fake);
            fake.faults(PlayvoxFake.Faults.none().withNeverEndingJobRate(0.5));
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                jobs.add(bulk(fake, id, items("batch" + i, 1)));
            }
            Thread.sleep(100);
            List<String> statuses = new ArrayList<>();
            for (String job : jobs) {
                statuses.add(job(fake, job).get("status").asText());
            }
            runs.add(statuses);
        }

        assertThat(runs.get(0)).containsOnly("pending", "completed").contains("pending", "completed")
                .isEqualTo(runs.get(1)).isNotEqualTo(runs.get(2));
    }

    @Test
    void request_faults_are_deterministic_for_a_seed() throws Exception {
        PlayvoxFake.Faults mixed = PlayvoxFake.Faults.none().withConnectionResetRate(0.25)
                .withMalformedJsonRate(0.25).withServerErrorRate(0.2).withRateLimit(0.2, 1);
        List<List<String>> runs = new ArrayList<>();
        for (long seed : new long[] {7, 7, 8}) {
            PlayvoxFake fake = start(PlayvoxFake.Options.defaults(UID, KEY).withSeed(seed));
            fake.faults(mixed);
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                // POST: not retried by the JDK client, so one request per call
                String name = "i" + i;
                outcomes.add(outcome(() -> post(fake, "/integrations", integration(name))));
            }
            runs.add(outcomes);
        }

        assertThat(runs.get(0)).contains("reset", "200-not-json", "500", "429", "200")
                .isEqualTo(runs.get(1)).isNotEqualTo(runs.get(2));
    }

    private interface Call {
        HttpResponse<String> run() throws Exception;
    }

    private static String outcome(Call call) throws Exception {
        HttpResponse<String> response;
        try {
            response = call.run();
        } catch (IOException e) {
            return "reset";
        }
        if (response.statusCode() == 200) {
            try {
                JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                return "200-not-json";
            }
        }
        return Integer.toString(response.statusCode());
    }
}
