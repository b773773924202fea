package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.source.eightbyeight.EightByEightApi;
import io.playvoxbridge.source.eightbyeight.EightByEightDetailedRow;
import io.playvoxbridge.source.eightbyeight.EightByEightInteractionRecord;
import io.playvoxbridge.source.eightbyeight.EightByEightInteractionsTranslator;
import io.playvoxbridge.source.eightbyeight.EightByEightReportRequest;
import io.playvoxbridge.source.eightbyeight.EightByEightReportStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each fault knob of the 8x8 fake, alone, and their determinism for a seed. */
class EightByEightFakeFaultsTest extends EightByEightFakeTestBase {

    private String guid() {
        return fake.visibleInteractions(DAY_AGO, T0, NEW_YORK).stream().map(r -> r.get("interactionGuid"))
                .filter(g -> fake.augmentationOf(g).isPresent()).findFirst().orElseThrow();
    }

    @Test
    void none_is_all_off_and_with_methods_change_one_knob_each() {
        EightByEightFake.Faults f = EightByEightFake.Faults.none().withServerErrorRate(0.1).withRateLimit(0.2, 9)
                .withLatency(Duration.ofMillis(5)).withConnectionResetRate(0.3).withMalformedJsonRate(0.4)
                .withExpiredTokenRate(0.5).withFailedReportRate(0.6).withMalformedRowRate(0.7);

        assertThat(EightByEightFake.Faults.none()).isEqualTo(new EightByEightFake.Faults(0, 0, 1, Duration.ZERO, 0, 0, 0, 0, 0));
        assertThat(f).isEqualTo(new EightByEightFake.Faults(0.1, 0.2, 9, Duration.ofMillis(5), 0.3, 0.4, 0.5, 0.6, 0.7));
        assertThatThrownBy(() -> EightByEightFake.Faults.none().withFailedReportRate(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EightByEightFake.Faults.none().withRateLimit(0.1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void server_error_rate_answers_500_in_each_api_style_after_authentication() throws Exception {
        start(options().build());
        String token = bearerToken();
        fake.faults(EightByEightFake.Faults.none().withServerErrorRate(1.0));

        assertError(raw("POST", EightByEightApi.detailedReportsPath(""), token, body()), 500, "Internal server error");
        assertError(raw("GET", EightByEightApi.statusPath("", 1000), null, null), 401,
                "Full authentication is required to access this resource");
        assertAugmentationError(client.augmentation("int-x"), 500, "Internal server error");
        assertError(client.requestToken(), 500, "Internal server error");
        assertThat(fake.injectedFaults()).containsEntry("server_error", 3);
        assertThat(fake.reportsCreated()).isZero();
    }

    @Test
    void rate_limit_rate_answers_429_with_retry_after() throws Exception {
        start(options().build());
        fake.faults(EightByEightFake.Faults.none().withRateLimit(1.0, 7));

        HttpResponse<String> token = client.requestToken();
        HttpResponse<String> augmentation = client.augmentation("int-x");

        assertError(token, 429, "Too many requests");
        assertThat(token.headers().firstValue("Retry-After")).hasValue("7");
        assertAugmentationError(augmentation, 429, "Too many requests");
        assertThat(augmentation.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(fake.injectedFaults()).containsEntry("rate_limit", 2);
        assertThat(fake.augmentationLimitRejections()).as("not the enforced limit").isZero();
    }

    @Test
    void latency_delays_every_answer_on_top_of_the_options_latency() throws Exception {
        start(options().latency(Duration.ofMillis(150)).build());
        fake.faults(EightByEightFake.Faults.none().withLatency(Duration.ofMillis(250)));

        long started = System.nanoTime();
        HttpResponse<String> answer = client.requestToken();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    @Test
    void connection_reset_rate_drops_the_connection_without_an_answer() throws Exception {
        start(options().build());
        fake.faults(EightByEightFake.Faults.none().withConnectionResetRate(1.0));

        assertThatThrownBy(() -> client.augmentation(guidOf(0))).isInstanceOf(IOException.class);

        assertThat(fake.injectedFaults().get("connection_reset")).isBetween(1, 2);
        assertThat(fake.requestCount()).isZero();
        fake.faults(EightByEightFake.Faults.none());
        assertThat(client.augmentation(guidOf(0)).statusCode()).isIn(200, 404);
    }

    @Test
    void malformed_json_rate_cuts_a_200_answer_in_half() throws Exception {
        start(options().statusPollsUntilDone(0).build());
        long id = client.create(EightByEightReportRequest.forWindow(DAY_AGO, T0, NEW_YORK)).id();
        fake.faults(EightByEightFake.Faults.none().withMalformedJsonRate(1.0));

        HttpResponse<String> page = client.bearer(EightByEightApi.dataPath("", id) + "?size=10", null);
        HttpResponse<String> missing = client.bearer(EightByEightApi.statusPath("", 999_999), null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).startsWith("[{\"items\":[").doesNotEndWith("]");
        assertThatThrownBy(() -> EightByEightDetailedRow.parsePage(page.body()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("8x8 detailed report page is not valid JSON");
        assertThat(missing.statusCode()).as("error answers are not cut").isEqualTo(404);
        assertThat(json(missing).get("status").asInt()).isEqualTo(404);
        assertThat(fake.injectedFaults().get("malformed_json")).as("only answers actually cut count").isEqualTo(1);
        fake.faults(EightByEightFake.Faults.none());
        assertThat(EightByEightDetailedRow.parsePage(client.bearer(EightByEightApi.dataPath("", id) + "?size=10", null)
                .body())).as("the next answer is whole again").hasSize(10);
    }

    @Test
    void expired_token_rate_revokes_the_token_and_answers_401_so_the_client_renews_it() throws Exception {
        start(options().statusPollsUntilDone(0).build());
        long id = client.create(EightByEightReportRequest.forWindow(DAY_AGO, T0, NEW_YORK)).id();
        fake.faults(EightByEightFake.Faults.none().withExpiredTokenRate(1.0));

        HttpResponse<String> answer = client.bearer(EightByEightApi.statusPath("", id), null);

        assertError(answer, 401, "Access token expired");
        assertThat(client.unauthorizedRetries()).isEqualTo(1);
        assertThat(fake.injectedFaults()).containsEntry("expired_token", 2);
        fake.faults(EightByEightFake.Faults.none().withExpiredTokenRate(0.5));
        int ok = 0;
        for (int i = 0; i < 20; i++) {
            ok += client.bearer(EightByEightApi.statusPath("", id), null).statusCode() == 200 ? 1 : 0;
        }
        assertThat(ok).as("a renewed token then succeeds unless it expires too").isBetween(8, 20);
        assertThat(client.tokenRequests()).isGreaterThan(3);
    }

    @Test
    void failed_report_rate_ends_reports_failed_with_a_reason_and_no_data() throws Exception {
        start(options().build());
        fake.faults(EightByEightFake.Faults.none().withFailedReportRate(1.0));

        EightByEightReportStatus created = client.create(EightByEightReportRequest.forWindow(DAY_AGO, T0, NEW_YORK));
        EightByEightReportStatus end = client.awaitEnd(created.id(), 5);

        assertThat(end.failed()).isTrue();
        assertThat(end.reason()).isEqualTo("Report generation failed");
        assertError(client.bearer(EightByEightApi.dataPath("", created.id()), null), 400,
                "Report " + created.id() + " is not ready: FAILED");
        assertThat(fake.injectedFaults()).containsEntry("failed_report", 1);
    }

    @Test
    void malformed_row_rate_breaks_rows_in_three_kinds_that_the_translator_dead_letters() throws Exception {
        start(options().statusPollsUntilDone(0).historyRecords(300).late(0, Duration.ZERO).build());
        List<Map<String, String>> clean = fake.visibleInteractions(DAY_AGO, T0, NEW_YORK);
        fake.faults(EightByEightFake.Faults.none().withMalformedRowRate(0.3));
        List<EightByEightDetailedRow> rows = client.report(EightByEightReportRequest.forWindow(DAY_AGO, T0, NEW_YORK), 100);

        EightByEightInteractionsTranslator translator = new EightByEightInteractionsTranslator(
                IntegrationDefinitionLoader.load("integrations/eightbyeight-interactions.yaml"),
                AgentDirectory.load("classpath:sandbox/agents.csv"), NEW_YORK, "default@sandbox.playvox.test");
        List<String> reasons = new ArrayList<>();
        for (EightByEightDetailedRow row : rows) {
            try {
                translator.translate(new EightByEightInteractionRecord(row.values(), null));
            } catch (InvalidRecordException e) {
                reasons.add(e.getMessage().replaceAll("'.*'", "'…'"));
            }
        }

        int malformed = fake.malformedCount(DAY_AGO, T0);
        assertThat(rows).hasSameSizeAs(clean);
        assertThat(malformed / (double) clean.size()).isCloseTo(0.3, within(0.08));
        assertThat(fake.wellFormedInteractions(DAY_AGO, T0, NEW_YORK)).hasSize(clean.size() - malformed)
                .isSubsetOf(clean);
        assertThat(reasons).hasSize(malformed);
        assertThat(new HashSet<>(reasons)).containsExactlyInAnyOrder("missing interactionGuid",
                "field start_time: '…' is not a valid date-time (yyyy-MM-dd HH:mm:ss)",
                "field talk_time_ms: '…' is not an integer");
        fake.faults(fake.faults().withMalformedRowRate(0.6));
        assertThat(fake.malformedCount(DAY_AGO, T0)).as("a higher rate only adds rows").isGreaterThan(malformed);
    }

    @Test
    void request_faults_are_deterministic_for_a_seed() throws Exception {
        EightByEightFake.Faults mixed = EightByEightFake.Faults.none().withServerErrorRate(0.25)
                .withRateLimit(0.25, 1).withMalformedJsonRate(0.25);

        List<String> a = outcomes(options().build(), mixed);
        List<String> b = outcomes(options().build(), mixed);
        List<String> c = outcomes(options().seed(7).build(), mixed);

        assertThat(a).isEqualTo(b).contains("500", "429", "200-cut", "200").isNotEqualTo(c);
    }

    private List<String> outcomes(EightByEightFake.Options options, EightByEightFake.Faults faults) throws Exception {
        stop();
        start(options);
        fake.faults(faults);
        String guid = guid();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> answer = client.augmentation(guid);
            String outcome = Integer.toString(answer.statusCode());
            if (answer.statusCode() == 200) {
                try {
                    JSON.readTree(answer.body());
                } catch (IOException e) {
                    outcome = "200-cut";
                }
            }
            out.add(outcome);
        }
        return out;
    }
}
