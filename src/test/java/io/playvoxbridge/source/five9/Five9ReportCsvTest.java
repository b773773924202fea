package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Report results as rows: header, RFC 4180 quoting, Pacific times resolved, broken rows kept with their reason. */
class Five9ReportCsvTest {

    static final String HEADER = "CALL ID,TIMESTAMP,AGENT,AGENT NAME,HOLDS\r\n";

    @Test
    void reads_every_row_of_the_recorded_call_log_in_header_order() throws IOException {
        List<Map<String, String>> rows = Five9Fixtures.rows("getReportResultCsv-call-log.xml", Five9Report.CALL_LOG,
                Five9Fixtures.CALL_LOG_RANGE);

        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).keySet()).hasSize(25).startsWith("CALL ID", "TIMESTAMP", "CAMPAIGN")
                .endsWith("ABANDONED", "RECORDINGS");
        assertThat(rows).extracting(r -> r.get("CALL ID"))
                .containsExactly("300000000101", "300000000102", "300000000103", "300000000104", "300000000105");
        assertThat(rows.get(0)).containsEntry("CUSTOMER NAME", "Hernández, Sofía")
                .containsEntry("BILL TIME (ROUNDED)", "00:07:00").containsEntry("AGENT NAME", "María José Rodríguez");
        assertThat(rows.get(3)).containsEntry("AGENT", "").containsEntry("ABANDONED", "1");
    }

    @Test
    void resolves_the_repeated_hour_of_november_by_range_and_row_order() throws IOException {
        List<Map<String, String>> rows = Five9Fixtures.rows("getReportResultCsv-call-log.xml", Five9Report.CALL_LOG,
                Five9Fixtures.CALL_LOG_RANGE);

        assertThat(rows).extracting(r -> r.get("TIMESTAMP")).containsExactly(
                "2026-11-01T00:58:10-07:00",
                "2026-11-01T01:30:00-07:00",
                "2026-11-01T01:10:00-08:00",
                "2026-11-01T01:45:00-08:00",
                "2026-11-01T02:15:00-08:00");
    }

    @Test
    void keeps_quoted_line_breaks_and_leaves_a_skipped_hour_time_for_the_translator() throws IOException {
        List<Map<String, String>> rows = Five9Fixtures.rows("getReportResultCsv-digital.xml", Five9Report.DIGITAL,
                Five9Fixtures.DIGITAL_RANGE);

        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).get("FIRST CUSTOMER MESSAGE"))
                .isEqualTo("Hi,\r\nI was charged twice for order #10422 😕\r\nPlease refund one of the \"charges\".");
        assertThat(rows).extracting(r -> r.get("TIMESTAMP")).containsExactly("2026-03-08T01:59:30-08:00",
                "2026-03-08T03:00:05-07:00", "2026-03-08T03:20:00-07:00", "Sun, 08 Mar 2026 02:30:00");
    }

    @Test
    void keeps_a_row_with_too_few_or_too_many_cells_with_its_reason() throws IOException {
        String csv = HEADER
                + "1,\"Tue, 05 Mar 2024 13:45:10\",mrodriguez,María,0\r\n"
                + "2,\"Tue, 05 Mar 2024 13:46:10\",apena,Andrés\r\n"
                + "3,\"Tue, 05 Mar 2024 13:47:10\",apena,Andrés,0,extra\r\n"
                + "4,\"Tue, 05 Mar 2024 13:48:10\",lgomez,Laura,\r\n";

        List<Map<String, String>> rows = Five9Fixtures.rowsOfCsv(csv, Five9Report.CALL_LOG, Five9Fixtures.CALL_LOG_RANGE);

        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).doesNotContainKey(Five9ReportCsv.PROBLEM_KEY);
        assertThat(rows.get(1)).containsEntry(Five9ReportCsv.PROBLEM_KEY, "line 3 has 4 cells, the header has 5")
                .containsEntry("CALL ID", "2");
        assertThat(rows.get(2)).containsEntry(Five9ReportCsv.PROBLEM_KEY, "line 4 has 6 cells, the header has 5");
        assertThat(rows.get(3)).doesNotContainKey(Five9ReportCsv.PROBLEM_KEY).containsEntry("HOLDS", "");
    }

    @Test
    void stops_with_an_io_error_on_a_quote_that_never_closes() throws IOException {
        String csv = HEADER + "1,\"Tue, 05 Mar 2024 13:45:10\",mrodriguez,María,0\r\n\"2,broken\r\n3,x,y,z,0\r\n";

        try (Five9ReportCsv rows = Five9ReportCsv.open(new StringReader(csv), Five9Report.CALL_LOG,
                new Five9ReportTimes(Five9ReportTimes.PACIFIC, Five9Fixtures.CALL_LOG_RANGE))) {
            assertThat(rows.next()).containsEntry("CALL ID", "1");
            assertThatThrownBy(() -> {
                while (rows.hasNext()) {
                    rows.next();
                }
            }).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void refuses_a_result_without_a_column_the_feed_needs() {
        String csv = "CALL ID,TIMESTAMP,AGENT NAME\r\n1,\"Tue, 05 Mar 2024 13:45:10\",María\r\n";

        assertThatThrownBy(() -> Five9ReportCsv.open(new StringReader(csv), Five9Report.CALL_LOG,
                new Five9ReportTimes(Five9ReportTimes.PACIFIC, Five9Fixtures.CALL_LOG_RANGE)))
                .isInstanceOf(Five9ReportException.class)
                .hasMessage("Five9 report 'Call Log' has no column AGENT (its columns: CALL ID, TIMESTAMP, AGENT NAME)");
    }

    @Test
    void reads_an_empty_result_or_a_header_alone_as_no_rows() throws IOException {
        assertThat(Five9Fixtures.rowsOfCsv("", Five9Report.CALL_LOG, Five9Fixtures.CALL_LOG_RANGE)).isEmpty();
        assertThat(Five9Fixtures.rowsOfCsv(HEADER, Five9Report.CALL_LOG, Five9Fixtures.CALL_LOG_RANGE)).isEmpty();
        assertThat(Five9Fixtures.rowsOfCsv(HEADER + "\r\n\r\n", Five9Report.CALL_LOG, Five9Fixtures.CALL_LOG_RANGE))
                .isEmpty();
    }

    @Test
    void counts_the_rows_it_returned() throws IOException {
        try (Five9ReportCsv rows = Five9ReportCsv.open(
                Five9SoapResponses.reportResultCsv(200, Five9Fixtures.open("getReportResultCsv-call-log.xml")),
                Five9Report.CALL_LOG, new Five9ReportTimes(Five9ReportTimes.PACIFIC, Five9Fixtures.CALL_LOG_RANGE))) {
            assertThat(rows.header()).hasSize(25);
            rows.forEachRemaining(row -> { });
            assertThat(rows.rowCount()).isEqualTo(5);
        }
    }
}
