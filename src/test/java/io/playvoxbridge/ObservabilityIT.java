package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.StateDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management server of the real application: health checks and Prometheus metrics after a poll. */
class ObservabilityIT {

    static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final String TOKEN = "it-token";
    static final String UID = "it-uid";
    static final String KEY = "it-key";
    static final String FEED = "wolkvox-chat";

    @TempDir
    Path stateDir;

    WolkvoxFake wolkvox;
    PlayvoxFake playvox;
    int port;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startFakes() throws IOException {
        wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults(TOKEN).withZone(ZONE).withSeed(5)
                .withHistoryRecords(300).withHistorySpan(Duration.ofDays(1)).withRecordsPerMinute(0)
                .withUnmappedAgentRate(0.05).withLateRate(0));
        wolkvox.faults(WolkvoxFake.Faults.none().withServerErrorRate(0.25));
        wolkvox.start(0);
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(100)));
        playvox.faults(PlayvoxFake.Faults.none().withRateLimit(0.1, 0));
        playvox.start(0);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
    }

    @AfterEach
    void stopFakes() {
        wolkvox.close();
        playvox.close();
    }

    Map<String, String> settings(String cron) {
        Map<String, String> s = BridgeTestApp.settings(wolkvox, TOKEN, playvox, UID, KEY, stateDir);
        LocalDateTime start = LocalDateTime.ofInstant(wolkvox.anchor().minus(Duration.ofDays(1)).minusSeconds(60), ZONE)
                .truncatedTo(ChronoUnit.SECONDS);
        s.put("wolkvox.time-zone", ZONE.getId());
        s.put("wolkvox.chat.start-at", start.toString());
        s.put("wolkvox.chat.max-window", "PT8H");
        s.put("wolkvox.chat.cron", cron);
        s.put("camel.management.port", Integer.toString(port));
        return s;
    }

    @Test
    void after_a_poll_health_is_up_and_the_metrics_count_what_the_fakes_saw_then_readiness_follows_the_database()
            throws Exception {
        // hourly, but only in 2099: never fires during the test, and allows two hours between successes
        try (BridgeTestApp app = BridgeTestApp.start(settings("0 0 * * * ? 2099"))) {
            assertThat(app.pollNow("wolkvox-chat-poll", 180)).isTrue();

            HttpResponse<String> health = get("/observe/health?data=true");
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode root = json.readTree(health.body());
            assertThat(root.path("status").asText()).isEqualTo("UP");
            JsonNode feed = check(root, "feed-" + FEED);
            assertThat(feed.path("status").asText()).isEqualTo("UP");
            assertThat(feed.path("data").path("schedule").asText()).isEqualTo("PT1H");
            assertThat(feed.path("data").path("allowed").asText()).isEqualTo("PT2H");
            assertThat(feed.path("data").path("last_success").asText()).isNotEqualTo("never");
            assertThat(feed.path("data").has("lag_seconds")).isTrue();
            assertThat(check(root, "state-database").path("status").asText()).isEqualTo("UP");
            assertThat(get("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);

            long delivered = playvox.interactions(FEED).size();
            long deadLettered = app.bean("deadLetterStore", DeadLetterStore.class).count(FEED);
            assertThat(deadLettered).isPositive();
            Map<String, Long> playvoxByStatus = playvox.requestLog().stream()
                    .collect(Collectors.groupingBy(r -> Integer.toString(r.status()), TreeMap::new, Collectors.counting()));
            assertThat(playvoxByStatus).containsKey("429");
            int wolkvoxServerErrors = wolkvox.injectedFaults().get("server_error");
            assertThat(wolkvoxServerErrors).isPositive();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = get("/observe/metrics").body();
                assertThat(value(metrics, "bridge_records_fetched_total", "feed", FEED)).isEqualTo(300.0);
                assertThat(value(metrics, "bridge_records_delivered_total", "feed", FEED)).isEqualTo(delivered);
                assertThat(value(metrics, "bridge_records_dead_lettered_total", "feed", FEED)).isEqualTo(deadLettered);
                assertThat(delivered + deadLettered).isEqualTo(300);
                assertThat(value(metrics, "bridge_watermark_lag_seconds", "feed", FEED)).isBetween(0.0, 3600.0);
                for (Map.Entry<String, Long> e : playvoxByStatus.entrySet()) {
                    assertThat(requests(metrics, "playvox", e.getKey())).as("playvox %s", e.getKey())
                            .isEqualTo(e.getValue().doubleValue());
                }
                assertThat(requests(metrics, "wolkvox", "500")).isEqualTo((double) wolkvoxServerErrors);
                assertThat(sum(metrics, "bridge_vendor_requests_total", "vendor=\"wolkvox\""))
                        .isEqualTo((double) wolkvox.requestCount());
                assertThat(value(metrics, "bridge_playvox_job_duration_seconds_count", "feed", FEED))
                        .isEqualTo((double) playvox.bulkSizes().size());
                assertThat(value(metrics, "bridge_playvox_job_duration_seconds_sum", "feed", FEED)).isPositive();
            });

            // the state database goes away: not ready, still alive
            app.bean("stateDatabase", StateDatabase.class).close();
            HttpResponse<String> ready = get("/observe/health/ready?data=true");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode notReady = json.readTree(ready.body());
            assertThat(notReady.path("status").asText()).isEqualTo("DOWN");
            assertThat(check(notReady, "state-database").path("status").asText()).isEqualTo("DOWN");
            assertThat(check(notReady, "state-database").path("message").asText()).contains("state database not reachable");
            assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_feed_without_a_successful_poll_for_twice_its_schedule_makes_the_application_not_ready() throws Exception {
        // every second, but only in 2099: the schedule is one second and no poll ever comes
        try (BridgeTestApp app = BridgeTestApp.start(settings("0/1 * * * * ? 2099"))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> ready = get("/observe/health/ready?data=true");
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode feed = check(json.readTree(ready.body()), "feed-" + FEED);
                assertThat(feed.path("status").asText()).isEqualTo("DOWN");
                assertThat(feed.path("message").asText()).contains("no successful poll");
                assertThat(feed.path("data").path("last_success").asText()).isEqualTo("never");
            });
            assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    /** The value of the sample {@code name{...label="value"...}}, or NaN when absent. */
    private static double value(String metrics, String name, String label, String labelValue) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains(label + "=\"" + labelValue + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }

    private static double requests(String metrics, String vendor, String status) {
        return sum(metrics, "bridge_vendor_requests_total", "status=\"" + status + "\",vendor=\"" + vendor + "\"");
    }

    /** The sum of the samples of {@code name} whose labels contain {@code labels}. */
    private static double sum(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
