package io.playvoxbridge.source.five9;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.playvoxbridge.feed.InvalidRecordException;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Streams the rows of a Five9 report result ({@code getReportResultCsv}, api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/getReportResultCsv.htm)
 * with jackson-dataformat-csv: RFC 4180 quoting (commas, quotes and line breaks inside quoted cells), CRLF or LF line
 * ends, blank lines skipped. The first line is the header: Five9's original English column names.
 *
 * <p>Each row becomes a map from column name to cell, in header order, with these changes:
 * <ul>
 *   <li>{@code TIMESTAMP} is resolved by {@link Five9ReportTimes#resolve} (Pacific local time, repeated hour settled by
 *       the report's range and row order) and replaced by ISO-8601 with its offset, e.g.
 *       {@code 2026-11-01T01:30:00-08:00}; a cell that is no report time is left as it is, for the translator to
 *       refuse with its reason;</li>
 *   <li>a row whose number of cells differs from the header's keeps the cells it has (under the first columns) and
 *       gets the key {@link #PROBLEM_KEY} with the reason, e.g. {@code line 7 has 24 cells, the header has 25}, which
 *       the translators turn into an {@link InvalidRecordException}: one broken row is one dead letter, the other rows
 *       still go through.</li>
 * </ul>
 * A CSV that cannot be read on (a quote that never closes, the XML around it broken off) stops the iteration with an
 * {@link UncheckedIOException} whose cause is the {@link IOException}: the fetch is retried as a whole. A result
 * without the report's required columns is a {@link Five9ReportException}. An empty text is a result without rows.
 * Not thread-safe: one instance per result, read in order.
 */
public final class Five9ReportCsv implements Iterator<Map<String, String>>, Closeable {

    /** Key added to a row that is not a well-formed CSV row; its value is the reason. */
    public static final String PROBLEM_KEY = "__problem__";

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .disable(CsvParser.Feature.ALLOW_TRAILING_COMMA)
            .build();

    private final Reader source;
    private final MappingIterator<String[]> lines;
    private final List<String> header;
    private final Five9ReportTimes times;
    private int rows;

    private Five9ReportCsv(Reader source, MappingIterator<String[]> lines, List<String> header,
                           Five9ReportTimes times) {
        this.source = source;
        this.lines = lines;
        this.header = header;
        this.times = times;
    }

    /**
     * Reads the header and checks the report's required columns.
     *
     * @param csv    the CSV text, e.g. from {@link Five9SoapResponses#reportResultCsv}; closed with this object
     * @param report the report, for its required columns
     * @param times  the resolver of this result's times ({@code new Five9ReportTimes(zone, range)})
     * @return the rows, ready to iterate
     * @throws Five9ReportException when a required column is missing (the message lists the header)
     * @throws IOException          when the header cannot be read
     */
    public static Five9ReportCsv open(Reader csv, Five9Report report, Five9ReportTimes times) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(times, "times");
        MappingIterator<String[]> lines = MAPPER.readerFor(String[].class).readValues(csv);
        List<String> header = new ArrayList<>();
        try {
            if (lines.hasNextValue()) {
                for (String column : lines.nextValue()) {
                    header.add(column.strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            lines.close();
            csv.close();
            throw e;
        }
        if (!header.isEmpty()) {
            for (String required : report.requiredColumns()) {
                if (!header.contains(required)) {
                    lines.close();
                    csv.close();
                    throw new Five9ReportException("Five9 report '" + report.reportName() + "' has no column "
                            + required + " (its columns: " + String.join(", ", header) + ")");
                }
            }
        }
        return new Five9ReportCsv(csv, lines, List.copyOf(header), times);
    }

    /** @return the result's columns in order; empty for an empty result */
    public List<String> header() {
        return header;
    }

    /** @return how many rows were returned so far */
    public int rowCount() {
        return rows;
    }

    /**
     * @return whether another row follows
     * @throws UncheckedIOException when the CSV or the XML around it cannot be read on
     */
    @Override
    public boolean hasNext() {
        if (header.isEmpty()) {
            return false;
        }
        try {
            return lines.hasNextValue();
        } catch (IOException e) {
            throw unchecked(e);
        }
    }

    /**
     * @return the next row: column name to cell, TIMESTAMP resolved, {@link #PROBLEM_KEY} on a malformed row
     * @throws NoSuchElementException after the last row
     * @throws UncheckedIOException   when the CSV or the XML around it cannot be read on
     */
    @Override
    public Map<String, String> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows");
        }
        long line = lines.getParser().currentLocation().getLineNr();
        String[] cells;
        try {
            cells = lines.nextValue();
        } catch (IOException e) {
            throw unchecked(e);
        }
        rows++;
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(cells.length, header.size()); i++) {
            row.put(header.get(i), cells[i]);
        }
        if (cells.length != header.size()) {
            row.put(PROBLEM_KEY, "line " + line + " has " + cells.length + " cells, the header has " + header.size());
            return row;
        }
        String timestamp = row.get(Five9Report.TIMESTAMP);
        if (timestamp != null && !timestamp.isBlank()) {
            try {
                row.put(Five9Report.TIMESTAMP, times.resolve(Five9Report.TIMESTAMP, timestamp)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            } catch (InvalidRecordException e) {
                // left as sent: the translator refuses the row with the same reason
            }
        }
        return row;
    }

    /**
     * Wraps a read error, keeping the most telling cause: the broken XML under the CSV when that is what stopped the
     * CSV parser (Jackson wraps the reader's exception in its own).
     */
    private static UncheckedIOException unchecked(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Five9MalformedResponseException broken) {
                return new UncheckedIOException(broken);
            }
        }
        return new UncheckedIOException(e);
    }

    /** Closes the CSV text (and the answer under it). */
    @Override
    public void close() throws IOException {
        try {
            lines.close();
        } finally {
            source.close();
        }
    }
}
