package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.InFlightBatchStore;
import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches whose outcome is unknown after the application stopped between the bulk POST and the end of its job are
 * reconciled against Playvox at the next start: nothing is sent twice, no comment is posted twice, nothing is lost.
 */
class InDoubtBatchIT {

    static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final int RECORDS = 150;

    @TempDir
    Path stateDir;
    TestFakes fakes;
    WolkvoxFake wolkvox;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        // jobs take 6 s: long enough to stop the application while they are still pending
        fakes = TestFakes.start(WolkvoxFake.Options.defaults("t").withZone(ZONE).withSeed(3).withHistoryRecords(RECORDS)
                        .withHistorySpan(Duration.ofHours(2)).withRecordsPerMinute(0).withUnmappedAgentRate(0).withLateRate(0),
                PlayvoxFake.Options.defaults("u", "k").withJobDuration(Duration.ofSeconds(6)));
        wolkvox = fakes.wolkvox();
        playvox = fakes.playvox();
    }

    @AfterEach
    void stopFakes() {
        fakes.close();
    }

    Map<String, String> settings() {
        Map<String, String> s = fakes.settings(stateDir, Duration.ofHours(3));
        s.put("camel.main.shutdown-timeout", "2");
        s.put("playvox.job.poll-interval", "200");
        return s;
    }

    /** Runs a poll until both bulk requests are accepted and recorded, then stops the application mid-job. */
    List<InFlightBatchStore.InFlightBatch> stopWhileJobsArePending() throws Exception {
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            app.firePoll("wolkvox-chat-poll");
            InFlightBatchStore store = new InFlightBatchStore(app.bean("stateDatabase", StateDatabase.class).dataSource());
            await().atMost(Duration.ofSeconds(30)).until(() -> playvox.bulkSizes().size() == 2
                    && store.list().stream().allMatch(b -> b.jobId() != null) && store.list().size() == 2);
            assertThat(playvox.interactions("wolkvox-chat")).isEmpty(); // jobs still pending
            return store.list();
        }
    }

    void assertEverythingOnceAndNothingInDoubt(BridgeTestApp app) {
        fakes.assertEachRecordOnceWithItsComments("wolkvox-chat", RECORDS, wolkvox.anchor().minus(Duration.ofHours(4)));
        assertThat(playvox.bulkSizes()).hasSize(2); // reconciled, not re-sent
        assertThat(new InFlightBatchStore(app.bean("stateDatabase", StateDatabase.class).dataSource()).list()).isEmpty();
    }

    @Test
    void a_batch_whose_job_id_was_recorded_is_settled_from_its_job_at_the_next_start() throws Exception {
        stopWhileJobsArePending();
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
            assertEverythingOnceAndNothingInDoubt(app);
        }
    }

    @Test
    void a_batch_without_its_job_id_is_looked_up_and_a_comment_playvox_already_has_is_not_posted_again() throws Exception {
        List<InFlightBatchStore.InFlightBatch> batches = stopWhileJobsArePending();
        // as if the process died between the POST and recording Playvox's answer
        try (StateDatabase db = new StateDatabase("jdbc:h2:file:" + stateDir.resolve("bridge").toAbsolutePath(), "sa", "");
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE in_flight_batch SET job_id = NULL");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> playvox.interactions("wolkvox-chat").size() == RECORDS);
        // one comment reached Playvox before the stop
        PlayvoxFake.StoredInteraction first = playvox.interactions("wolkvox-chat").get(0);
        Map<String, String> record = wolkvox.visibleRecords(wolkvox.anchor().minus(Duration.ofHours(4)), Instant.now()).stream()
                .filter(r -> ("wolkvox-chat4-" + r.get("case_id")).equals(first.interactionId())).findFirst().orElseThrow();
        String body = record.get("body");
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(playvox.baseUrl() + "/interactions/" + first.id() + "/comments"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("u:k".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(body) + ",\"type\":\"customer_comment\",\"author_id\":\"x@y.test\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(batches).hasSize(2);

        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
            assertEverythingOnceAndNothingInDoubt(app);
        }
    }
    @Test
    void a_job_past_its_timeout_is_dead_lettered_once_and_reconciled_when_it_ends_later_without_resending() throws Exception {
        // jobs take 6 s, the bridge gives up on them after 2 s
        Map<String, String> s = settings();
        s.put("playvox.job.timeout", "2000");
        try (BridgeTestApp app = BridgeTestApp.start(s)) {
            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
            DeadLetterStore deadLetters = app.bean("deadLetterStore", DeadLetterStore.class);
            assertThat(deadLetters.list(null, 1000)).hasSize(RECORDS)
                    .allSatisfy(d -> assertThat(d.reason()).contains("did not end within"));
            assertThat(app.bean("watermarkStore", WatermarkStore.class).get("wolkvox-chat")).isPresent();

            await().atMost(Duration.ofSeconds(20)).until(() -> playvox.interactions("wolkvox-chat").size() == RECORDS);
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
            // Playvox holds them after all: delivered, comments posted, dead letters gone, nothing sent again
            assertThat(deadLetters.count(null)).isZero();
            assertEverythingOnceAndNothingInDoubt(app);
        }
    }

    @Test
    void a_job_that_never_ends_leaves_one_dead_letter_per_record_and_nothing_is_sent_again() throws Exception {
        playvox.faults(PlayvoxFake.Faults.none().withNeverEndingJobRate(1.0));
        Map<String, String> s = settings();
        s.put("playvox.job.timeout", "1500");
        try (BridgeTestApp app = BridgeTestApp.start(s)) {
            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue();
            assertThat(app.pollNow("wolkvox-chat-poll", 60)).isTrue(); // reconciles the two expired batches
            DeadLetterStore deadLetters = app.bean("deadLetterStore", DeadLetterStore.class);
            assertThat(deadLetters.list(null, 1000)).hasSize(RECORDS)
                    .extracting(d -> d.interactionId()).doesNotHaveDuplicates();
            assertThat(playvox.bulkSizes()).hasSize(2);
            assertThat(new InFlightBatchStore(app.bean("stateDatabase", StateDatabase.class).dataSource()).list()).isEmpty();
        }
    }
}
