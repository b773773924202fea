package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.playvox.PlayvoxDryRun;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.DeliveryLog;
import io.playvoxbridge.state.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bridge.dry-run=true} ({@code run --dry-run}) for wolkvox-chat: everything but the POSTs, and no state written. */
class DryRunIT {

    static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final String UID = "dry-uid";
    static final String KEY = "dry-key";
    static final String FEED = "wolkvox-chat";

    @TempDir
    Path stateDir;

    @TempDir
    Path outputDir;

    TestFakes fakes;

    @BeforeEach
    void startFakes() {
        fakes = TestFakes.start(WolkvoxFake.Options.defaults("dry-token").withZone(ZONE).withSeed(5)
                        .withHistoryRecords(150).withHistorySpan(Duration.ofHours(6)).withRecordsPerMinute(0)
                        .withUnmappedAgentRate(0.05).withLateRate(0),
                PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(50)));
    }

    @AfterEach
    void stopFakes() {
        fakes.close();
    }

    @Test
    void nothing_is_posted_and_no_state_changes_then_a_real_run_sends_everything_once() throws Exception {
        Map<String, String> settings = fakes.settings(stateDir, Duration.ofHours(7));
        List<Map<String, String>> records = fakes.wolkvox().visibleRecords(fakes.wolkvox().anchor().minus(Duration.ofDays(1)),
                Instant.now().plusSeconds(1));
        long unmapped = records.stream().filter(r -> WolkvoxFake.UNMAPPED_AGENT_NAME.equals(r.get("agent_name"))).count();
        assertThat(unmapped).isPositive();
        settings.put("bridge.dry-run", "true");
        settings.put("bridge.dry-run.output-dir", outputDir.toString());

        try (BridgeTestApp app = BridgeTestApp.start(settings)) {
            assertThat(app.pollNow(FEED + "-poll", 120)).isTrue();
            PlayvoxDryRun dryRun = app.bean("playvoxDryRun", PlayvoxDryRun.class);

            // nothing went to Playvox but GETs (the integration lookup)
            assertThat(fakes.playvox().requestLog()).isNotEmpty().allMatch(r -> r.method().equals("GET"));
            assertThat(fakes.playvox().integrationsCreated()).isZero();
            // every record was shown: in bulk requests, or as a dead letter it would become
            assertThat(dryRun.interactions()).isEqualTo(records.size() - unmapped);
            assertThat(dryRun.deadLetters()).isEqualTo(unmapped);
            assertThat(dryRun.bulkRequests()).isGreaterThanOrEqualTo((records.size() - unmapped + 99) / 100);
            // the same requests as files: one bulk body per request, the interactions in them
            assertThat(bulkFiles()).hasSize((int) dryRun.bulkRequests());
            assertThat(interactionsInFiles()).isEqualTo(dryRun.interactions());
            // no state: watermark, delivery log, dead letters untouched
            assertThat(app.bean("watermarkStore", WatermarkStore.class).get(FEED)).isEmpty();
            assertThat(app.bean("deliveryLog", DeliveryLog.class).count(FEED)).isZero();
            assertThat(app.bean("deadLetterStore", DeadLetterStore.class).count(null)).isZero();

            // the watermark did not move: a second dry poll shows the same records again
            assertThat(app.pollNow(FEED + "-poll", 120)).isTrue();
            assertThat(dryRun.interactions()).isEqualTo(2 * (records.size() - unmapped));
        }

        settings.remove("bridge.dry-run");
        settings.remove("bridge.dry-run.output-dir");
        try (BridgeTestApp app = BridgeTestApp.start(settings)) {
            assertThat(app.pollNow(FEED + "-poll", 120)).isTrue();
            assertThat(fakes.playvox().interactions(FEED)).hasSize((int) (records.size() - unmapped))
                    .allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(app.bean("watermarkStore", WatermarkStore.class).get(FEED)).isPresent();
            assertThat(app.bean("deadLetterStore", DeadLetterStore.class).count(FEED)).isEqualTo(unmapped);
        }
    }

    private List<Path> bulkFiles() throws IOException {
        try (Stream<Path> files = Files.list(outputDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + FEED + "-bulk.json")).sorted().toList();
        }
    }

    private long interactionsInFiles() throws IOException {
        ObjectMapper json = new ObjectMapper();
        long n = 0;
        for (Path file : bulkFiles()) {
            JsonNode body = json.readTree(file.toFile());
            assertThat(body.isArray()).isTrue();
            n += body.size();
        }
        return n;
    }
}
