package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.http.VendorHttpException;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.source.five9.Five9CallLogTranslator;
import io.playvoxbridge.source.five9.Five9DigitalTranslator;
import io.playvoxbridge.source.five9.Five9FaultException;
import io.playvoxbridge.source.five9.Five9MalformedResponseException;
import io.playvoxbridge.source.five9.Five9Range;
import io.playvoxbridge.source.five9.Five9Report;
import io.playvoxbridge.source.five9.Five9ReportCsv;
import io.playvoxbridge.source.five9.Five9ReportTimes;
import io.playvoxbridge.source.five9.Five9SandboxClient;
import io.playvoxbridge.source.five9.Five9SoapRequests;
import io.playvoxbridge.source.five9.Five9SoapResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fault knobs of the Five9 fake, one test per knob, as a client built on the pure Five9 classes sees them. */
class Five9FakeFaultsTest {

    static final Map<String, String> USERS = Map.of("admin@tiendaandina.co", "secret");
    static final Instant T0 = Instant.parse("2026-06-10T18:00:05Z");
    static final Five9Range DAY = new Five9Range(T0.minus(Duration.ofDays(1)), T0);

    @RegisterExtension
    final Five9Fakes fakes = new Five9Fakes(USERS, T0);
    private Five9Fake fake;

    Five9SandboxClient client() {
        return fakes.client("admin@tiendaandina.co");
    }

    @Test
    void drops_the_connection_without_an_answer() {
        fake = fakes.start(b -> { });
        fake.faults(Five9Fake.Faults.none().withConnectionResetRate(1));

        assertThatThrownBy(() -> client().runReport(Five9Report.CALL_LOG, DAY)).isInstanceOf(IOException.class);
        assertThat(fake.injectedFaults().get("connection_reset")).isPositive();
        fake.faults(Five9Fake.Faults.none());
        assertThat(fake.busyUsers()).as("the user is free again").isEmpty();
    }

    @Test
    void answers_503_from_the_gateway_as_a_retryable_http_error() throws Exception {
        fake = fakes.start(b -> { });
        fake.faults(Five9Fake.Faults.none().withServerErrorRate(1));

        HttpResponse<InputStream> answer = client().post(Five9SoapRequests.runReport("Call Log Reports", "Call Log", DAY,
                Five9ReportTimes.PACIFIC));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(answer.statusCode(), answer.body()))
                .isExactlyInstanceOf(VendorHttpException.class)
                .satisfies(e -> assertThat(((VendorHttpException) e).isRetryable()).isTrue());
        assertThat(fake.injectedFaults()).containsEntry("server_error", 1);
        assertThat(fake.acceptedCalls("runReport")).isZero();
    }

    @Test
    void answers_429_with_retry_after() throws Exception {
        fake = fakes.start(b -> { });
        fake.faults(Five9Fake.Faults.none().withRateLimit(1, 7));

        HttpResponse<InputStream> answer = client().post(Five9SoapRequests.isReportRunning("x", 0));

        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("7");
        assertThatThrownBy(() -> Five9SoapResponses.isReportRunning(answer.statusCode(), answer.body()))
                .isExactlyInstanceOf(VendorHttpException.class)
                .satisfies(e -> assertThat(((VendorHttpException) e).isRetryable()).isTrue());
    }

    @Test
    void answers_the_soap_fault_server_fault() {
        fake = fakes.start(b -> { });
        fake.faults(Five9Fake.Faults.none().withSoapFaultRate(1));

        assertThatThrownBy(() -> client().runReport(Five9Report.CALL_LOG, DAY))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.faultName()).isEqualTo("ServerFault");
                    assertThat(f.faultString()).isEqualTo("Web Services server error");
                    assertThat(f.isRetryable()).isTrue();
                });
        assertThat(fake.injectedFaults()).containsEntry("soap_fault", 1);
    }

    @Test
    void cuts_the_xml_of_a_small_answer() {
        fake = fakes.start(b -> { });
        fake.faults(Five9Fake.Faults.none().withMalformedXmlRate(1));

        assertThatThrownBy(() -> client().runReport(Five9Report.CALL_LOG, DAY))
                .isInstanceOf(Five9MalformedResponseException.class);
        assertThat(fake.injectedFaults()).containsEntry("malformed_xml", 1);
    }

    @Test
    void cuts_the_xml_in_the_middle_of_the_csv() throws Exception {
        fake = fakes.start(b -> { });
        Five9SandboxClient client = client();
        String identifier = client.runReport(Five9Report.CALL_LOG, DAY);
        fake.faults(Five9Fake.Faults.none().withMalformedXmlRate(1));

        List<Map<String, String>> before = new ArrayList<>();
        Throwable thrown;
        try (Five9ReportCsv rows = Five9ReportCsv.open(client.resultCsv(identifier), Five9Report.CALL_LOG,
                new Five9ReportTimes(Five9ReportTimes.PACIFIC, DAY))) {
            thrown = catchThrowable(() -> rows.forEachRemaining(before::add));
        }

        int visible = fake.visibleRows(Five9Fake.Report.CALL_LOG, DAY.start(), DAY.end()).size();
        assertThat(thrown).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(Five9MalformedResponseException.class);
        assertThat(before.size()).isBetween(visible / 2 - 1, visible / 2);
        fake.faults(Five9Fake.Faults.none());
        assertThat(client.rows(identifier, Five9Report.CALL_LOG, DAY)).as("the retry gets it all").hasSize(visible);
    }

    @Test
    void opens_a_quote_that_never_closes_in_the_csv() throws Exception {
        fake = fakes.start(b -> { });
        Five9SandboxClient client = client();
        String identifier = client.runReport(Five9Report.DIGITAL, DAY);
        fake.faults(Five9Fake.Faults.none().withMalformedCsvRate(1));

        assertThatThrownBy(() -> client.rows(identifier, Five9Report.DIGITAL, DAY))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(Five9MalformedResponseException.class)
                .hasMessageContaining("quote");
        assertThat(fake.injectedFaults()).containsEntry("malformed_csv", 1);
    }

    @Test
    void breaks_a_share_of_rows_in_four_ways_that_the_translators_refuse_with_reasons() throws Exception {
        fake = fakes.start(b -> b.history(1000, 400));
        fake.faults(Five9Fake.Faults.none().withMalformedRowRate(0.1));
        AgentDirectory agents = AgentDirectory.load("classpath:sandbox/agents.csv");
        Five9CallLogTranslator calls = new Five9CallLogTranslator(
                IntegrationDefinitionLoader.load("integrations/five9-call-log.yaml"), agents, Five9ReportTimes.PACIFIC,
                "qa.lead@sandbox.playvox.test");
        Five9DigitalTranslator sessions = new Five9DigitalTranslator(
                IntegrationDefinitionLoader.load("integrations/five9-digital.yaml"), agents, Five9ReportTimes.PACIFIC,
                "qa.lead@sandbox.playvox.test");

        List<Map<String, String>> callRows = client().report(Five9Report.CALL_LOG, DAY);
        List<Map<String, String>> sessionRows = client().report(Five9Report.DIGITAL, DAY);
        List<String> reasons = new ArrayList<>();
        int translated = 0;
        for (Map<String, String> row : callRows) {
            try {
                calls.translate(row);
                translated++;
            } catch (InvalidRecordException e) {
                reasons.add(e.getMessage());
            }
        }
        for (Map<String, String> row : sessionRows) {
            try {
                sessions.translate(row);
                translated++;
            } catch (InvalidRecordException e) {
                reasons.add(e.getMessage());
            }
        }

        List<Five9Fake.Row> held = new ArrayList<>(fake.visibleRows(Five9Fake.Report.CALL_LOG, DAY.start(), T0));
        held.addAll(fake.visibleRows(Five9Fake.Report.DIGITAL, DAY.start(), T0));
        long malformed = held.stream().filter(Five9Fake.Row::malformed).count();
        assertThat(callRows.size() + sessionRows.size()).isEqualTo(held.size());
        assertThat(malformed).isBetween(80L, 200L);
        assertThat(reasons).hasSize((int) malformed);
        assertThat(translated).isEqualTo(held.size() - malformed);
        assertThat(reasons).anySatisfy(r -> assertThat(r).matches("malformed (Call Log|Digital Interaction Log) row: "
                        + "line \\d+ has (24|16) cells, the header has (25|17)"))
                .anySatisfy(r -> assertThat(r).startsWith("field call_timestamp: 'Mon, 30 Feb 2026"))
                .anySatisfy(r -> assertThat(r).isEqualTo("field holds: 'n/a' is not an integer"))
                .anySatisfy(r -> assertThat(r).isEqualTo("field messages: 'n/a' is not an integer"))
                .anySatisfy(r -> assertThat(r).isEqualTo("missing CALL ID"))
                .anySatisfy(r -> assertThat(r).isEqualTo("missing SESSION ID"));
    }

    @Test
    void delays_every_answer_by_the_latency() throws Exception {
        fake = fakes.start(b -> { });
        fake.faults(Five9Fake.Faults.none().withLatency(Duration.ofMillis(400)));

        long started = System.nanoTime();
        client().runReport(Five9Report.CALL_LOG, DAY);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void decides_each_fault_from_the_seed_and_the_request_sequence() throws Exception {
        List<List<String>> outcomes = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            fake = fakes.start(b -> { });
            fake.faults(Five9Fake.Faults.none().withSoapFaultRate(0.3).withServerErrorRate(0.2));
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Throwable t = catchThrowable(() -> client().isReportRunning("x", 0));
                seen.add(t instanceof Five9FaultException f ? f.faultName() : t.getClass().getSimpleName());
            }
            outcomes.add(seen);
        }

        assertThat(outcomes.get(0)).isEqualTo(outcomes.get(1))
                .contains("ServerFault", "VendorHttpException", "UnknownIdentifierFault");
    }

    @Test
    void checks_login_and_concurrency_before_any_fault() throws Exception {
        fake = fakes.start(b -> { });
        fake.faults(Five9Fake.Faults.none().withServerErrorRate(1));

        HttpResponse<InputStream> refused = new Five9SandboxClient(fake.serviceUrl(), "admin@tiendaandina.co", "wrong")
                .post(Five9SoapRequests.isReportRunning("x", 0));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(fake.injectedFaults()).containsEntry("server_error", 0);
    }

    @Test
    void refuses_rates_outside_zero_to_one() {
        assertThatThrownBy(() -> Five9Fake.Faults.none().withSoapFaultRate(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("soapFaultRate");
        assertThatThrownBy(() -> Five9Fake.Faults.none().withRateLimit(0.5, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Five9Fake.Options.defaults(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("administrator user");
    }

    /** Keeps the Reader import honest: the CSV of a clean fetch reads to its end. */
    @Test
    void reads_a_clean_result_to_its_end() throws Exception {
        fake = fakes.start(b -> b.history(10, 0));
        Five9SandboxClient client = client();
        String identifier = client.runReport(Five9Report.CALL_LOG, DAY);

        try (Reader csv = client.resultCsv(identifier)) {
            assertThat(new java.io.BufferedReader(csv).lines().count()).isEqualTo(11);
        }
    }
}
