package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.http.VendorHttpException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Five9's answers, from recorded envelopes: values, the CSV as a stream, SOAP faults and broken answers. */
class Five9SoapResponsesTest {

    static InputStream fixture(String name) {
        InputStream in = Five9SoapResponsesTest.class.getResourceAsStream("/fixtures/five9/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    static String text(String name) throws IOException {
        try (InputStream in = fixture(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static String readAll(Reader reader) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[7];
        for (int n; (n = reader.read(buffer)) >= 0; ) {
            out.append(buffer, 0, n);
        }
        return out.toString();
    }

    @Test
    void reads_the_identifier_of_run_report() throws IOException {
        assertThat(Five9SoapResponses.runReportIdentifier(200, fixture("runReport-response.xml")))
                .isEqualTo("8E2F4C1A-0B7D-4E59-9A13-6C5D2E8F7B01");
    }

    @Test
    void reads_whether_the_report_is_running() throws IOException {
        assertThat(Five9SoapResponses.isReportRunning(200, fixture("isReportRunning-true.xml"))).isTrue();
        assertThat(Five9SoapResponses.isReportRunning(200, fixture("isReportRunning-false.xml"))).isFalse();
    }

    @Test
    void streams_the_csv_with_its_carriage_returns() throws IOException {
        String csv;
        try (Reader reader = Five9SoapResponses.reportResultCsv(200, fixture("getReportResultCsv-digital.xml"))) {
            csv = readAll(reader);
        }

        assertThat(csv).startsWith("SESSION ID,TIMESTAMP,MEDIA TYPE,").contains("NOTES\r\n")
                .contains("\"Hi,\r\nI was charged twice for order #10422 😕\r\nPlease refund one of the \"\"charges\"\".\"")
                .contains("Refund request, order #10422 <urgent> & more")
                .endsWith("\r\n");
    }

    @Test
    void turns_a_soap_fault_into_a_fault_exception_with_its_fields() {
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(500, fixture("fault-report-not-found.xml")))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.faultName()).isEqualTo("ReportNotFoundFault");
                    assertThat(f.faultCode()).isEqualTo("env:Server");
                    assertThat(f.details()).containsEntry("folder", "Call Log Reports")
                            .containsEntry("reportName", "Call Logs")
                            .containsKey("message");
                    assertThat(f.getStatus()).isEqualTo(500);
                    assertThat(f.getVendor()).isEqualTo("five9");
                    assertThat(f.isRetryable()).isFalse();
                    assertThat(f.getMessage()).isEqualTo("Five9 SOAP fault ReportNotFoundFault (HTTP 500): "
                            + "Report \"Call Logs\" is not found in folder \"Call Log Reports\"");
                });
    }

    @Test
    void makes_limit_and_concurrency_faults_retryable_and_range_faults_not() {
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(500, fixture("fault-operations-limit.xml")))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.isLimitExceeded()).isTrue();
                    assertThat(f.isRetryable()).isTrue();
                    assertThat(f.details()).containsEntry("limit", "16").containsEntry("operationType", "ReportRequest");
                });
        assertThatThrownBy(() -> Five9SoapResponses.isReportRunning(500, fixture("fault-concurrent.xml")))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.isConcurrentRequest()).isTrue();
                    assertThat(f.isRetryable()).isTrue();
                });
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(500, fixture("fault-invalid-date-range.xml")))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.faultName()).isEqualTo("InvalidDateRangeFault");
                    assertThat(f.isRetryable()).isFalse();
                    assertThat(f.details()).containsEntry("start", "2026-11-02T00:00:00.000-08:00");
                });
    }

    @Test
    void names_a_fault_without_detail_by_its_faultcode() {
        assertThatThrownBy(() -> Five9SoapResponses.reportResultCsv(500, fixture("fault-client.xml")))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> {
                    assertThat(f.faultName()).isEqualTo("Client");
                    assertThat(f.faultString()).startsWith("Cannot find dispatch method");
                    assertThat(f.isRetryable()).isFalse();
                });
    }

    @Test
    void reads_a_fault_even_when_it_comes_with_200() {
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(200, fixture("fault-operations-limit.xml")))
                .isInstanceOfSatisfying(Five9FaultException.class, f -> assertThat(f.getStatus()).isEqualTo(200));
    }

    @Test
    void turns_other_http_errors_into_vendor_http_exceptions() {
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(401, stream("")))
                .isExactlyInstanceOf(VendorHttpException.class)
                .satisfies(e -> assertThat(((VendorHttpException) e).isRetryable()).isFalse());
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(503,
                stream("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")))
                .isExactlyInstanceOf(VendorHttpException.class)
                .hasMessageContaining("503 Service Temporarily Unavailable")
                .satisfies(e -> assertThat(((VendorHttpException) e).isRetryable()).isTrue());
        assertThatThrownBy(() -> Five9SoapResponses.isReportRunning(429, stream("Too Many Requests")))
                .isExactlyInstanceOf(VendorHttpException.class)
                .satisfies(e -> assertThat(((VendorHttpException) e).getStatus()).isEqualTo(429));
    }

    @Test
    void refuses_an_answer_cut_short() throws IOException {
        String whole = text("runReport-response.xml");
        String cut = whole.substring(0, whole.indexOf("</return>") + 4);

        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(200, stream(cut)))
                .isInstanceOf(Five9MalformedResponseException.class)
                .hasMessageStartingWith("Five9 runReport answered malformed XML");
        String afterValue = whole.substring(0, whole.indexOf("</env:Body>"));
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(200, stream(afterValue)))
                .isInstanceOf(Five9MalformedResponseException.class);
    }

    @Test
    void notices_a_csv_cut_short_only_when_the_reader_gets_there() throws IOException {
        String whole = text("getReportResultCsv-call-log.xml");
        String cut = whole.substring(0, whole.indexOf("300000000104"));

        try (Reader reader = Five9SoapResponses.reportResultCsv(200, stream(cut))) {
            char[] head = new char[40];
            assertThat(reader.read(head)).isPositive();
            assertThatThrownBy(() -> readAll(reader)).isInstanceOf(Five9MalformedResponseException.class);
        }
        String afterCsv = whole.substring(0, whole.indexOf("</ns2:getReportResultCsvResponse>"));
        try (Reader reader = Five9SoapResponses.reportResultCsv(200, stream(afterCsv))) {
            assertThatThrownBy(() -> readAll(reader)).isInstanceOf(Five9MalformedResponseException.class);
        }
    }

    @Test
    void refuses_an_answer_of_another_operation_or_no_xml_at_all() {
        assertThatThrownBy(() -> Five9SoapResponses.isReportRunning(200, fixture("runReport-response.xml")))
                .isInstanceOf(Five9MalformedResponseException.class)
                .hasMessageContaining("isReportRunningResponse was expected");
        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(200, stream("<html>Maintenance</html>")))
                .isInstanceOf(Five9MalformedResponseException.class);
        assertThatThrownBy(() -> Five9SoapResponses.isReportRunning(200, stream(
                "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Body>"
                        + "<ns2:isReportRunningResponse xmlns:ns2=\"http://service.admin.ws.five9.com/\"><return>maybe"
                        + "</return></ns2:isReportRunningResponse></env:Body></env:Envelope>")))
                .isInstanceOf(Five9MalformedResponseException.class)
                .hasMessageContaining("'maybe', not a boolean");
    }

    @Test
    void refuses_a_document_type_declaration() {
        String withDtd = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Body>"
                + "<ns2:runReportResponse xmlns:ns2=\"http://service.admin.ws.five9.com/\"><return>&x;</return>"
                + "</ns2:runReportResponse></env:Body></env:Envelope>";

        assertThatThrownBy(() -> Five9SoapResponses.runReportIdentifier(200, stream(withDtd)))
                .isInstanceOf(Five9MalformedResponseException.class);
    }

    @Test
    void gives_an_empty_csv_for_an_empty_return() throws IOException {
        String empty = "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Header/><env:Body>"
                + "<ns2:getReportResultCsvResponse xmlns:ns2=\"http://service.admin.ws.five9.com/\"><return/>"
                + "</ns2:getReportResultCsvResponse></env:Body></env:Envelope>";
        String none = empty.replace("<return/>", "");

        try (Reader reader = Five9SoapResponses.reportResultCsv(200, stream(empty))) {
            assertThat(readAll(reader)).isEmpty();
        }
        try (Reader reader = Five9SoapResponses.reportResultCsv(200, stream(none))) {
            assertThat(readAll(reader)).isEmpty();
        }
    }
}
