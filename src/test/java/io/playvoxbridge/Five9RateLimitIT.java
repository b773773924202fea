package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.sandbox.Five9Fake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five9's call limits, measured by the fake: both feeds poll at once a day that needs more than 16 report runs (results
 * cut at 20 rows force the ranges to be halved, and some answers are cut short and fetched again), and the fake never sees more than 16 runReport or 20
 * getReportResultCsv calls in any 60 seconds, nor two requests of the user at once.
 */
class Five9RateLimitIT {

    static final int ROW_LIMIT = 20;

    @TempDir
    Path stateDir;

    Five9Fake five9;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        five9 = new Five9Fake(Five9TestSettings.fakeOptions(7).history(150, 60).unmappedAgentRate(0)
                .maxRows(ROW_LIMIT).build());
        five9.start(0);
        // some answers cut in the middle of the XML: retried calls count against the limits too
        five9.faults(Five9Fake.Faults.none().withMalformedXmlRate(0.15));
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults(Five9TestSettings.UID, Five9TestSettings.KEY)
                .withJobDuration(Duration.ofMillis(100)));
        playvox.start(0);
    }

    @AfterEach
    void stopFakes() {
        five9.close();
        playvox.close();
    }

    /** @return the most calls that fall within any 60 seconds */
    static int mostInAnyMinute(List<Instant> calls) {
        int most = 0;
        for (int i = 0; i < calls.size(); i++) {
            int j = i;
            while (j < calls.size() && Duration.between(calls.get(i), calls.get(j)).compareTo(Duration.ofSeconds(60)) < 0) {
                j++;
            }
            most = Math.max(most, j - i);
        }
        return most;
    }

    @Test
    void never_more_than_16_report_runs_or_20_result_fetches_in_any_minute_and_one_request_at_a_time() throws Exception {
        Map<String, String> settings = Five9TestSettings.settings(five9, playvox, stateDir, "PT6H");
        settings.put("five9.row-limit", Integer.toString(ROW_LIMIT));
        try (BridgeTestApp app = BridgeTestApp.start(settings)) {
            CompletableFuture<Boolean> calls = CompletableFuture.supplyAsync(() -> poll(app, "five9-call-log-poll"));
            CompletableFuture<Boolean> digital = CompletableFuture.supplyAsync(() -> poll(app, "five9-digital-poll"));
            assertThat(calls.get()).isTrue();
            assertThat(digital.get()).isTrue();
        }
        List<Instant> runs = five9.acceptedCallTimes("runReport");
        List<Instant> fetches = five9.acceptedCallTimes("getReportResultCsv");
        System.out.printf("Five9 limits: %d runReport (most in any 60 s: %d), %d getReportResultCsv (most: %d), "
                        + "%d isReportRunning, first to last runReport %d s%n", runs.size(), mostInAnyMinute(runs),
                fetches.size(), mostInAnyMinute(fetches), five9.acceptedCalls("isReportRunning"),
                Duration.between(runs.get(0), runs.get(runs.size() - 1)).toSeconds());

        assertThat(runs).hasSizeGreaterThan(16); // the window needed more than a minute's worth of report runs
        assertThat(mostInAnyMinute(runs)).isLessThanOrEqualTo(16);
        assertThat(mostInAnyMinute(fetches)).isLessThanOrEqualTo(20);
        assertThat(five9.injectedFaults().get("malformed_xml")).isPositive();
        assertThat(five9.limitRejections()).isZero();
        assertThat(five9.concurrentRejections()).isZero();

        // and still every row an agent handled arrived once
        Instant from = five9.anchor().minus(Duration.ofDays(2));
        long expected = five9.visibleRows(Five9Fake.Report.CALL_LOG, from, runs.get(0)).stream()
                .filter(r -> !r.cells().getOrDefault("AGENT", "").isBlank()).count();
        assertThat(playvox.interactions("five9-call-log")).hasSizeGreaterThanOrEqualTo((int) expected)
                .allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
        assertThat(playvox.duplicateReceipts()).isZero();
    }

    private static boolean poll(BridgeTestApp app, String route) {
        try {
            return app.pollNow(route, 400);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
