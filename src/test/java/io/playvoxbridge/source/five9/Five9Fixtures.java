package io.playvoxbridge.source.five9;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the recorded Five9 answers under {@code fixtures/five9/} the way the feed does. */
final class Five9Fixtures {

    /** The range the recorded Call Log was run for: 2026-11-01 00:00 PDT to 03:00 PST, across the repeated hour. */
    static final Five9Range CALL_LOG_RANGE = new Five9Range(Instant.parse("2026-11-01T07:00:00Z"),
            Instant.parse("2026-11-01T11:00:00Z"));
    /** The range the recorded digital report was run for: 2026-03-08 00:00 PST to 05:00 PDT, across the skipped hour. */
    static final Five9Range DIGITAL_RANGE = new Five9Range(Instant.parse("2026-03-08T08:00:00Z"),
            Instant.parse("2026-03-08T12:00:00Z"));

    private Five9Fixtures() {
    }

    static InputStream open(String name) {
        InputStream in = Five9Fixtures.class.getResourceAsStream("/fixtures/five9/" + name);
        if (in == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        return in;
    }

    /** @return a copy of a row with some cells replaced: column, value, column, value... */
    static Map<String, String> with(Map<String, String> row, String... columnValues) {
        Map<String, String> copy = new java.util.HashMap<>(row);
        for (int i = 0; i < columnValues.length; i += 2) {
            copy.put(columnValues[i], columnValues[i + 1]);
        }
        return copy;
    }

    /** @return every row of a recorded getReportResultCsv answer, as {@link Five9ReportCsv} gives them */
    static List<Map<String, String>> rows(String name, Five9Report report, Five9Range range) throws IOException {
        Reader csv = Five9SoapResponses.reportResultCsv(200, open(name));
        return rows(csv, report, range);
    }

    /** @return every row of a CSV text */
    static List<Map<String, String>> rowsOfCsv(String csv, Five9Report report, Five9Range range) throws IOException {
        return rows(new StringReader(csv), report, range);
    }

    private static List<Map<String, String>> rows(Reader csv, Five9Report report, Five9Range range) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Five9ReportCsv rows = Five9ReportCsv.open(csv, report, new Five9ReportTimes(Five9ReportTimes.PACIFIC, range))) {
            rows.forEachRemaining(out::add);
        }
        return out;
    }
}
