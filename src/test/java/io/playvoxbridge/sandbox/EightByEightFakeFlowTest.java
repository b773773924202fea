package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.source.eightbyeight.EightByEightApi;
import io.playvoxbridge.source.eightbyeight.EightByEightAugmentation;
import io.playvoxbridge.source.eightbyeight.EightByEightCursor;
import io.playvoxbridge.source.eightbyeight.EightByEightDetailedRow;
import io.playvoxbridge.source.eightbyeight.EightByEightInteractionRecord;
import io.playvoxbridge.source.eightbyeight.EightByEightInteractionsTranslator;
import io.playvoxbridge.source.eightbyeight.EightByEightRateLimit;
import io.playvoxbridge.source.eightbyeight.EightByEightReportRequest;
import io.playvoxbridge.source.eightbyeight.EightByEightReportStatus;
import io.playvoxbridge.source.eightbyeight.EightByEightSandboxClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The feed's whole protocol, built from its pure helpers, against a fake injecting every fault: each interaction of
 * the window ends translated or dead-lettered exactly once, and the Data Augmentation limit is never exceeded.
 */
class EightByEightFakeFlowTest extends EightByEightFakeTestBase {

    /** A request answered with a retryable failure (network, 5xx, 429, 401 twice, cut JSON). */
    private static final class Retry extends Exception {
        Retry(String why) {
            super(why, null, false, false);
        }
    }

    private interface Attempt<T> {
        T run() throws Retry, IOException, InterruptedException;
    }

    private int retries;

    private <T> T retrying(Attempt<T> attempt) throws Exception {
        for (int i = 0; ; i++) {
            try {
                return attempt.run();
            } catch (Retry | IOException | IllegalArgumentException | EightByEightSandboxClient.HttpFailure e) {
                if (e instanceof EightByEightSandboxClient.HttpFailure failure && !failure.retryable()) {
                    throw failure;
                }
                retries++;
                if (i == 30) {
                    throw new AssertionError("still failing after 30 attempts: " + e.getMessage());
                }
            }
        }
    }

    private static HttpResponse<String> ok(HttpResponse<String> answer) throws Retry {
        if (answer.statusCode() == 200) {
            return answer;
        }
        if (answer.statusCode() >= 500 || answer.statusCode() == 429 || answer.statusCode() == 401) {
            throw new Retry(Integer.toString(answer.statusCode()));
        }
        throw new AssertionError("8x8 answered " + answer.statusCode() + ": " + answer.body());
    }

    @Test
    void every_interaction_of_a_window_is_translated_or_dead_lettered_once_through_every_fault() throws Exception {
        start(options().statusPollsUntilDone(2).tokenLifetime(Duration.ofMinutes(2)).build());
        fake.faults(EightByEightFake.Faults.none().withServerErrorRate(0.08).withRateLimit(0.08, 1)
                .withConnectionResetRate(0.1).withExpiredTokenRate(0.08).withMalformedJsonRate(0.05)
                .withFailedReportRate(1.0).withMalformedRowRate(0.05));
        List<Map<String, String>> expected = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK);
        EightByEightReportRequest request = EightByEightReportRequest.forWindow(DAY_AGO, T0, NEW_YORK);

        // create and poll until DONE; a FAILED report is created again (the first one fails, the next ones do not)
        EightByEightReportStatus status;
        int created = 0;
        do {
            if (created++ == 1) {
                fake.faults(fake.faults().withFailedReportRate(0));
            }
            long id = retrying(() -> EightByEightReportStatus.parse(
                    ok(client.bearer(EightByEightApi.detailedReportsPath(""), request.toJsonText())).body())).id();
            do {
                status = retrying(() -> EightByEightReportStatus.parse(
                        ok(client.bearer(EightByEightApi.statusPath("", id), null)).body()));
            } while (!status.done() && !status.failed());
        } while (status.failed());

        // read every page by cursor; a failed page is asked again from the same cursor
        long reportId = status.id();
        List<EightByEightDetailedRow> rows = new ArrayList<>();
        EightByEightCursor cursor = EightByEightCursor.first(40);
        while (!cursor.done()) {
            EightByEightCursor at = cursor;
            HttpResponse<String> page = retrying(() -> {
                HttpResponse<String> answer = ok(client.bearer(EightByEightApi.dataPath("", reportId) + "?" + at.query(), null));
                EightByEightDetailedRow.parsePage(answer.body());
                return answer;
            });
            List<EightByEightDetailedRow> parsed = EightByEightDetailedRow.parsePage(page.body());
            rows.addAll(parsed);
            cursor = cursor.next(parsed.size(), page.headers().firstValue(EightByEightApi.CURSOR_HEADER).orElse(null));
        }

        // augment each row under the per-tenant limit, then translate. No dropped connections here: java.net.http
        // silently sends a dropped GET again, outside any limiter, and 8x8 counts both (the fake refused 11 such
        // requests when this ran with resets on). The bridge's own HTTP client must keep automatic retries off.
        fake.faults(fake.faults().withConnectionResetRate(0));
        EightByEightRateLimit limit = EightByEightRateLimit.forAugmentation();
        EightByEightInteractionsTranslator translator = new EightByEightInteractionsTranslator(
                IntegrationDefinitionLoader.load("integrations/eightbyeight-interactions.yaml"),
                AgentDirectory.load("classpath:sandbox/agents.csv"), NEW_YORK, null);
        Set<String> delivered = new HashSet<>();
        List<String> deadLetters = new ArrayList<>();
        for (EightByEightDetailedRow row : rows) {
            String guid = row.values().get("interactionGuid");
            EightByEightAugmentation augmentation = guid == null ? null : retrying(() -> {
                for (Duration wait = limit.tryAcquire(clock.instant()); !wait.isZero(); wait = limit.tryAcquire(clock.instant())) {
                    clock.advance(wait);
                }
                clock.advance(Duration.ofMillis(50));
                HttpResponse<String> answer = client.augmentation(guid);
                return answer.statusCode() == 404 ? null : EightByEightAugmentation.parse(ok(answer).body());
            });
            try {
                String id = translator.translate(new EightByEightInteractionRecord(row.values(), augmentation))
                        .interaction().interactionId();
                assertThat(delivered.add(id)).as("delivered once: %s", id).isTrue();
            } catch (InvalidRecordException e) {
                deadLetters.add(e.getMessage());
            }
        }

        long unmapped = expected.stream().filter(r -> r.get("agentId").equals(EightByEightFake.UNMAPPED_AGENT_ID)
                && fake.wellFormedInteractions(DAY_AGO, T0, NEW_YORK).contains(r)).count();
        int malformed = fake.malformedCount(DAY_AGO, T0);
        assertThat(rows).hasSameSizeAs(expected);
        assertThat(delivered.size() + deadLetters.size()).isEqualTo(expected.size());
        assertThat(deadLetters).hasSize((int) unmapped + malformed);
        assertThat(malformed).isPositive();
        assertThat(fake.augmentationLimitRejections()).isZero();
        assertThat(Duration.between(T0, clock.instant())).as("the limit made the bridge wait")
                .isGreaterThan(Duration.ofSeconds(61));
        assertThat(fake.injectedFaults()).allSatisfy((name, count) -> assertThat(count).as(name).isPositive());
        assertThat(retries).isPositive();
        assertThat(created).isEqualTo(2);
        assertThat(fake.tokensIssued()).as("renewed on expiry and after early expiries").isGreaterThan(2);
    }
}
