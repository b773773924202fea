package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.playvoxbridge.http.VendorHttpException;
import io.playvoxbridge.source.five9.Five9FaultException;
import io.playvoxbridge.source.five9.Five9Range;
import io.playvoxbridge.source.five9.Five9RangeSplitter;
import io.playvoxbridge.source.five9.Five9Report;
import io.playvoxbridge.source.five9.Five9ReportTimes;
import io.playvoxbridge.source.five9.Five9SandboxClient;
import io.playvoxbridge.source.five9.Five9SoapRequests;
import io.playvoxbridge.source.five9.Five9SoapResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Five9 fake answers the report flow as the Configuration Web Services do (api-facts section 5). */
class Five9FakeTest {

    static final Map<String, String> USERS = Map.of("admin.one@tiendaandina.co", "secret-1",
            "admin.two@tiendaandina.co", "secret-2");
    static final String USER = "admin.one@tiendaandina.co";
    static final Instant T0 = Instant.parse("2026-06-10T18:00:05Z");

    @RegisterExtension
    final Five9Fakes fakes = new Five9Fakes(USERS, T0);
    private Five9Fake fake;

    Five9Fake start(Consumer<Five9Fake.Options.Builder> settings) {
        return fake = fakes.start(settings);
    }

    Five9SandboxClient client() {
        return fakes.client(USER);
    }

    Five9SandboxClient client(String user) {
        return fakes.client(user);
    }

    static Five9Range lastDay() {
        return new Five9Range(T0.minus(Duration.ofDays(1)), T0);
    }

    static Set<String> ids(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> r.get(column)).collect(Collectors.toSet());
    }

    /** A raw SOAP body with one operation and its leaf parameters. */
    static byte[] soap(String operation, String parameters) {
        return ("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:ser=\"http://service.admin.ws.five9.com/\"><soapenv:Body><ser:" + operation + ">" + parameters
                + "</ser:" + operation + "></soapenv:Body></soapenv:Envelope>").getBytes(StandardCharsets.UTF_8);
    }

    static Five9FaultException fault(HttpResponse<InputStream> answer) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> Five9SoapResponses.runReportIdentifier(answer.statusCode(), answer.body()));
        assertThat(thrown).isInstanceOf(Five9FaultException.class);
        return (Five9FaultException) thrown;
    }

    @Test
    void runs_a_call_log_report_and_answers_every_visible_call_as_csv_in_pacific_time() throws Exception {
        start(b -> { });
        List<Five9Fake.Row> expected = fake.visibleRows(Five9Fake.Report.CALL_LOG, lastDay().start(), T0);

        List<Map<String, String>> rows = client().report(Five9Report.CALL_LOG, lastDay());

        assertThat(rows).hasSize(expected.size()).hasSizeBetween(400, 500);
        assertThat(rows.get(0).keySet()).containsExactlyElementsOf(Five9Fake.Report.CALL_LOG.columns());
        assertThat(ids(rows, "CALL ID")).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            Five9Fake.Row held = expected.get(i);
            assertThat(row.get("CALL ID")).isEqualTo(held.cells().get("CALL ID"));
            assertThat(OffsetDateTime.parse(row.get("TIMESTAMP")).toInstant()).isEqualTo(held.timestamp());
            assertThat(OffsetDateTime.parse(row.get("TIMESTAMP")).getOffset()).isEqualTo(ZoneOffset.ofHours(-7));
        }
        List<Long> callIds = rows.stream().map(r -> Long.parseLong(r.get("CALL ID"))).toList();
        assertThat(callIds).isSorted();
        assertThat(held(expected, "TIMESTAMP")).allSatisfy(t -> assertThat(t).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} "
                + "2026 \\d{2}:\\d{2}:\\d{2}"));
        assertThat(rows).extracting(r -> r.get("AGENT")).contains("mrodriguez", Five9Fake.UNMAPPED_AGENT, "");
        assertThat(rows).extracting(r -> r.get("CALL TIME")).allSatisfy(t -> assertThat(t).matches("\\d{2}:\\d{2}:\\d{2}"));
        assertThat(rows.toString()).contains("María José Rodríguez", "Günther Schön");
    }

    static List<String> held(List<Five9Fake.Row> rows, String column) {
        return rows.stream().map(r -> r.cells().get(column)).toList();
    }

    @Test
    void runs_the_digital_report_with_its_columns() throws Exception {
        start(b -> { });

        List<Map<String, String>> rows = client().report(Five9Report.DIGITAL, lastDay());

        assertThat(rows).hasSize(fake.visibleRows(Five9Fake.Report.DIGITAL, lastDay().start(), T0).size())
                .hasSizeBetween(150, 200);
        assertThat(rows.get(0).keySet()).containsExactlyElementsOf(Five9Fake.Report.DIGITAL.columns());
        assertThat(ids(rows, "SESSION ID")).hasSize(rows.size()).allSatisfy(id -> assertThat(id).matches("[0-9A-F]{32}"));
        assertThat(rows).extracting(r -> r.get("MEDIA TYPE")).contains("Chat", "Email", "SMS", "Social");
        assertThat(rows).extracting(r -> r.get("FIRST CUSTOMER MESSAGE")).anySatisfy(m -> assertThat(m).contains("\n"));
    }

    @Test
    void answers_the_same_range_twice_with_identical_rows() throws Exception {
        start(b -> { });
        Five9Range range = new Five9Range(T0.minus(Duration.ofHours(6)), T0.minus(Duration.ofHours(2)));

        assertThat(client().report(Five9Report.CALL_LOG, range)).isEqualTo(client().report(Five9Report.CALL_LOG, range));
    }

    @Test
    void takes_the_configured_time_to_run_a_report() throws Exception {
        start(b -> b.clock(Clock.systemUTC()).reportDuration(Duration.ofMillis(800)));
        Five9SandboxClient client = client();
        Five9Range range = new Five9Range(Instant.now().minus(Duration.ofHours(2)), Instant.now());

        String identifier = client.runReport(Five9Report.CALL_LOG, range);

        assertThat(client.isReportRunning(identifier, 0)).isTrue();
        assertThatThrownBy(() -> client.resultCsv(identifier))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.faultName()).isEqualTo("ResultIsNotReadyFault");
                    assertThat(f.isRetryable()).isTrue();
                });
        long started = System.nanoTime();
        assertThat(client.isReportRunning(identifier, 5)).as("the long poll answers once the report is done").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(client.rows(identifier, Five9Report.CALL_LOG, range)).isNotEmpty();
    }

    @Test
    void answers_a_long_poll_with_true_when_the_report_outlasts_the_timeout() throws Exception {
        start(b -> b.clock(Clock.systemUTC()).reportDuration(Duration.ofSeconds(30)));
        String identifier = client().runReport(Five9Report.CALL_LOG, lastDay());

        long started = System.nanoTime();
        assertThat(client().isReportRunning(identifier, 1)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void refuses_a_request_without_valid_credentials_with_401() throws Exception {
        start(b -> { });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest anonymous = HttpRequest.newBuilder(URI.create(fake.serviceUrl()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Five9SoapRequests.isReportRunning("x", 0))).build();

        HttpResponse<String> none = http.send(anonymous, HttpResponse.BodyHandlers.ofString());
        HttpResponse<InputStream> wrong = new Five9SandboxClient(fake.serviceUrl(), USER, "not-the-password")
                .post(Five9SoapRequests.isReportRunning("x", 0));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Five9\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThatThrownBy(() -> Five9SoapResponses.isReportRunning(wrong.statusCode(), wrong.body()))
                .isExactlyInstanceOf(VendorHttpException.class);
    }

    @Test
    void refuses_a_second_request_of_the_same_user_while_the_first_runs_but_serves_another_user() throws Exception {
        start(b -> b.clock(Clock.systemUTC()).reportDuration(Duration.ofSeconds(2)));
        String identifier = client().runReport(Five9Report.CALL_LOG, lastDay());

        CompletableFuture<Boolean> longPoll = CompletableFuture.supplyAsync(() -> {
            try {
                return client().isReportRunning(identifier, 10);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.busyUsers().contains(USER));

        assertThatThrownBy(() -> client().runReport(Five9Report.CALL_LOG, lastDay()))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.faultName()).isEqualTo("ConcurrentModificationFault");
                    assertThat(f.isConcurrentRequest()).isTrue();
                    assertThat(f.isRetryable()).isTrue();
                    assertThat(f.getStatus()).isEqualTo(500);
                });
        assertThat(client("admin.two@tiendaandina.co").runReport(Five9Report.DIGITAL, lastDay())).isNotBlank();
        assertThat(longPoll.get()).isFalse();
        assertThat(fake.concurrentRejections()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(client().isReportRunning(identifier, 0)).as("chained call %s", i).isFalse();
        }
        assertThat(fake.concurrentRejections()).isEqualTo(1);
    }

    @Test
    void allows_16_run_reports_a_minute_and_refuses_the_17th_until_the_next_minute() throws Exception {
        MutableClock clock = new MutableClock(T0);
        start(b -> b.clock(clock));
        Five9SandboxClient client = client();
        for (int i = 0; i < 16; i++) {
            client.runReport(Five9Report.CALL_LOG, lastDay());
        }

        assertThatThrownBy(() -> client.runReport(Five9Report.CALL_LOG, lastDay()))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.isLimitExceeded()).isTrue();
                    assertThat(f.isRetryable()).isTrue();
                    assertThat(f.details()).containsEntry("limit", "16").containsEntry("operationType", "ReportRequest");
                    assertThat(f.faultString()).isEqualTo("The limit of 16 ReportRequest operations per minute is exceeded");
                });
        assertThatThrownBy(() -> client("admin.two@tiendaandina.co").runReport(Five9Report.DIGITAL, lastDay()))
                .as("the limit holds for the whole domain").isInstanceOf(Five9FaultException.class);
        clock.set(Instant.parse("2026-06-10T18:00:59Z"));
        assertThatThrownBy(() -> client.runReport(Five9Report.CALL_LOG, lastDay())).isInstanceOf(Five9FaultException.class);
        clock.set(Instant.parse("2026-06-10T18:01:00Z"));
        assertThat(client.runReport(Five9Report.CALL_LOG, lastDay())).isNotBlank();
        assertThat(fake.acceptedCalls("runReport")).isEqualTo(17);
        assertThat(fake.limitRejections()).isEqualTo(3);
    }

    @Test
    void allows_120_run_reports_an_hour() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-10T18:00:00Z"));
        start(b -> b.clock(clock));
        Five9SandboxClient client = client();
        int accepted = 0;
        int minute = 0;
        while (accepted < 120) {
            for (int i = 0; i < 16 && accepted < 120; i++) {
                client.runReport(Five9Report.CALL_LOG, lastDay());
                accepted++;
            }
            minute++;
            clock.set(Instant.parse("2026-06-10T18:00:00Z").plus(Duration.ofMinutes(minute)));
        }

        assertThat(minute).isEqualTo(8);
        assertThatThrownBy(() -> client.runReport(Five9Report.CALL_LOG, lastDay()))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> assertThat(f.details())
                        .containsEntry("limit", "120").containsEntry("operationType", "ReportRequest"));
        clock.set(Instant.parse("2026-06-10T19:00:00Z"));
        assertThat(client.runReport(Five9Report.CALL_LOG, lastDay())).isNotBlank();
    }

    @Test
    void allows_20_result_fetches_a_minute_and_refuses_the_21st_until_the_next_minute() throws Exception {
        MutableClock clock = new MutableClock(T0);
        start(b -> b.clock(clock).history(20, 5));
        Five9SandboxClient client = client();
        String identifier = client.runReport(Five9Report.CALL_LOG, lastDay());
        for (int i = 0; i < 20; i++) {
            assertThat(client.rows(identifier, Five9Report.CALL_LOG, lastDay())).hasSizeBetween(15, 20);
        }

        assertThatThrownBy(() -> client.resultCsv(identifier))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.isLimitExceeded()).isTrue();
                    assertThat(f.details()).containsEntry("limit", "20").containsEntry("operationType", "RetrieveReport");
                });
        clock.set(Instant.parse("2026-06-10T18:01:00Z"));
        assertThat(client.rows(identifier, Five9Report.CALL_LOG, lastDay())).isNotEmpty();
        assertThat(fake.acceptedCalls("getReportResultCsv")).isEqualTo(21);
    }

    @Test
    void allows_450_status_queries_a_minute() throws Exception {
        MutableClock clock = new MutableClock(T0);
        start(b -> b.clock(clock));
        Five9SandboxClient client = client();
        String identifier = client.runReport(Five9Report.CALL_LOG, lastDay());
        for (int i = 0; i < 450; i++) {
            client.isReportRunning(identifier, 0);
        }

        assertThatThrownBy(() -> client.isReportRunning(identifier, 0))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> assertThat(f.details())
                        .containsEntry("limit", "450").containsEntry("operationType", "Query"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(client.isReportRunning(identifier, 0)).isFalse();
    }

    @Test
    void shows_the_call_counters_of_the_minute_hour_and_day() throws Exception {
        MutableClock clock = new MutableClock(T0);
        start(b -> b.clock(clock));
        Five9SandboxClient client = client();
        client.runReport(Five9Report.CALL_LOG, lastDay());
        client.runReport(Five9Report.CALL_LOG, lastDay());

        HttpResponse<InputStream> answer = client.post(soap("getCallCountersState", ""));
        String xml = new String(answer.body().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(xml).contains("<callCounterStates><limit>16</limit><operationType>ReportRequest</operationType>"
                        + "<value>2</value></callCounterStates>")
                .contains("<limit>800</limit><operationType>ReportRequest</operationType><value>2</value>")
                .contains("<timeout>60</timeout>", "<timeout>3600</timeout>", "<timeout>86400</timeout>")
                .contains("<limit>450</limit><operationType>Query</operationType><value>1</value>");
    }

    @Test
    void answers_the_documented_faults_of_bad_report_requests() throws Exception {
        start(b -> { });
        Five9SandboxClient client = client();
        String time = "<criteria><time><start>2026-06-09T00:00:00.000-07:00</start><end>2026-06-10T00:00:00.000-07:00"
                + "</end></time></criteria>";

        Five9FaultException notFound = fault(client.post(soap("runReport",
                "<folderName>Call Log Reports</folderName><reportName>Call Logs</reportName>" + time)));
        Five9FaultException reversed = fault(client.post(soap("runReport",
                "<folderName>Call Log Reports</folderName><reportName>Call Log</reportName><criteria><time>"
                        + "<start>2026-06-10T00:00:00.000-07:00</start><end>2026-06-10T00:00:00.000-07:00</end>"
                        + "</time></criteria>")));
        Five9FaultException missing = fault(client.post(soap("runReport", "<folderName>Call Log Reports</folderName>"
                + "<reportName>Call Log</reportName>")));
        Five9FaultException notADate = fault(client.post(soap("runReport", "<folderName>Call Log Reports</folderName>"
                + "<reportName>Call Log</reportName><criteria><time><start>yesterday</start><end>today</end></time>"
                + "</criteria>")));
        Five9FaultException unknownOperation = fault(client.post(soap("runReports", "")));
        Five9FaultException notSoap = fault(client.post("<hello/>".getBytes(StandardCharsets.UTF_8)));

        assertThat(notFound.faultName()).isEqualTo("ReportNotFoundFault");
        assertThat(notFound.details()).containsEntry("folder", "Call Log Reports").containsEntry("reportName", "Call Logs");
        assertThat(reversed.faultName()).isEqualTo("InvalidDateRangeFault");
        assertThat(reversed.details()).containsEntry("start", "2026-06-10T00:00:00.000-07:00");
        assertThat(missing.faultName()).isEqualTo("MissedArgumentFault");
        assertThat(List.of(notADate, unknownOperation, notSoap)).allSatisfy(f -> {
            assertThat(f.faultCode()).isEqualTo("env:Client");
            assertThat(f.isRetryable()).isFalse();
        });
        assertThat(unknownOperation.faultString()).contains("runReports");
        assertThat(fake.acceptedCalls("runReport")).isZero();
    }

    @Test
    void answers_unknown_identifier_and_missing_timeout_faults() throws Exception {
        start(b -> { });
        Five9SandboxClient client = client();

        assertThatThrownBy(() -> client.isReportRunning("NO-SUCH-REPORT", 0))
                .isInstanceOfSatisfying(Five9FaultException.class,
                        f -> assertThat(f.faultName()).isEqualTo("UnknownIdentifierFault"));
        assertThatThrownBy(() -> client.resultCsv("NO-SUCH-REPORT"))
                .isInstanceOfSatisfying(Five9FaultException.class,
                        f -> assertThat(f.faultName()).isEqualTo("UnknownIdentifierFault"));
        String identifier = client.runReport(Five9Report.CALL_LOG, lastDay());
        HttpResponse<InputStream> noTimeout = client.post(soap("isReportRunning",
                "<identifier>" + identifier + "</identifier>"));
        assertThat(fault(noTimeout).faultName()).isEqualTo("MissedArgumentFault");
    }

    @Test
    void answers_404_for_other_paths_and_405_for_other_methods() throws Exception {
        start(b -> { });
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> otherPath = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/wsadmin/v2/x"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(fake.serviceUrl() + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(otherPath.statusCode()).isEqualTo(404);
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void cuts_a_result_at_the_row_limit_and_the_splitter_still_reads_every_row() throws Exception {
        start(b -> b.history(300, 0).maxRows(100));
        List<Five9Fake.Row> expected = fake.visibleRows(Five9Fake.Report.CALL_LOG, lastDay().start(), T0);
        Five9RangeSplitter splitter = new Five9RangeSplitter(Five9ReportTimes.PACIFIC, Duration.ofDays(1), 100);

        List<Map<String, String>> oneReport = client().report(Five9Report.CALL_LOG, lastDay());
        List<Map<String, String>> split = client().window(Five9Report.CALL_LOG, splitter, lastDay().start(), T0);

        assertThat(expected).hasSizeGreaterThan(250);
        assertThat(oneReport).hasSize(100);
        assertThat(oneReport).extracting(r -> r.get("CALL ID")).containsExactlyElementsOf(
                held(expected, "CALL ID").subList(0, 100));
        assertThat(ids(split, "CALL ID")).containsExactlyInAnyOrderElementsOf(held(expected, "CALL ID"));
        assertThat(fake.acceptedCalls("runReport")).isLessThanOrEqualTo(16);
    }

    @Test
    void shows_a_call_only_once_it_has_ended() throws Exception {
        MutableClock clock = new MutableClock(T0);
        start(b -> b.clock(clock).history(0, 0).perMinute(6, 0));
        clock.set(T0.plus(Duration.ofMinutes(10)));
        Five9Range firstTen = new Five9Range(T0, T0.plus(Duration.ofMinutes(10)));

        int visibleEarly = fake.visibleRows(Five9Fake.Report.CALL_LOG, firstTen.start(), firstTen.end()).size();
        List<Map<String, String>> early = client().report(Five9Report.CALL_LOG, firstTen);
        clock.set(T0.plus(Duration.ofHours(3)));
        List<Map<String, String>> late = client().report(Five9Report.CALL_LOG, firstTen);

        assertThat(late).as("6 calls a minute, all ended").hasSize(60);
        assertThat(early).hasSize(visibleEarly).hasSizeBetween(1, 59);
        assertThat(ids(late, "CALL ID")).containsAll(ids(early, "CALL ID"));
    }

    @Test
    void serves_both_occurrences_of_the_repeated_hour_and_the_client_places_each_call_at_its_instant() throws Exception {
        Instant noon = Instant.parse("2026-11-01T12:00:00Z");
        start(b -> b.clock(Clock.fixed(noon, ZoneOffset.UTC)).history(720, 0).historySpan(Duration.ofHours(6)));
        Instant from = noon.minus(Duration.ofHours(6));
        Map<String, Instant> truth = new LinkedHashMap<>();
        fake.visibleRows(Five9Fake.Report.CALL_LOG, from, noon).forEach(r -> truth.put(r.cells().get("CALL ID"), r.timestamp()));

        List<Map<String, String>> split = client().window(Five9Report.CALL_LOG, Five9RangeSplitter.defaults(), from, noon);
        List<Map<String, String>> single = client().report(Five9Report.CALL_LOG, new Five9Range(from, noon));

        Set<String> offsets = new HashSet<>();
        for (List<Map<String, String>> rows : List.of(split, single)) {
            assertThat(ids(rows, "CALL ID")).isEqualTo(truth.keySet());
            for (Map<String, String> row : rows) {
                OffsetDateTime at = OffsetDateTime.parse(row.get("TIMESTAMP"));
                assertThat(at.toInstant()).as("call %s", row.get("CALL ID")).isEqualTo(truth.get(row.get("CALL ID")));
                if (at.getHour() == 1) {
                    offsets.add(at.getOffset().toString());
                }
            }
        }
        assertThat(offsets).containsExactlyInAnyOrder("-07:00", "-08:00");
        List<String> localTexts = held(fake.visibleRows(Five9Fake.Report.CALL_LOG, from, noon), "TIMESTAMP");
        assertThat(localTexts.stream().filter(t -> t.startsWith("Sun, 01 Nov 2026 01:")).count())
                .as("two hours of calls under one local hour").isGreaterThan(150);
    }

    @Test
    void reads_the_csv_through_the_stream_without_a_length() throws Exception {
        start(b -> b.history(2000, 0));
        Five9SandboxClient client = client();
        String identifier = client.runReport(Five9Report.CALL_LOG, lastDay());

        HttpResponse<InputStream> answer = client.post(Five9SoapRequests.getReportResultCsv(identifier));
        assertThat(answer.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        try (Reader csv = Five9SoapResponses.reportResultCsv(answer.statusCode(), answer.body())) {
            long lines = new java.io.BufferedReader(csv).lines().count();
            assertThat(lines).isGreaterThan(1900);
        }
    }
}
