package io.playvoxbridge.source.five9;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The rows of a spooled result ({@link Five9Result}) for a streaming split: an iterator over {@link Five9ReportCsv}
 * that deletes the spooled file once the last row is read or the iterator is closed (Camel's splitter closes a
 * {@link Closeable} iterator when the split ends, also on failure).
 */
public final class Five9ResultRows implements Iterator<Map<String, String>>, Closeable {

    private final Five9Result result;
    private final Five9ReportCsv csv;
    private boolean closed;

    /**
     * @param result the spooled result
     * @param report the report it answers
     * @param times  the resolver of its times ({@code new Five9ReportTimes(zone, range)})
     * @throws IOException when the file cannot be read
     */
    public Five9ResultRows(Five9Result result, Five9Report report, Five9ReportTimes times) throws IOException {
        this.result = result;
        this.csv = Five9ReportCsv.open(Five9SoapResponses.reportResultCsv(200, result.open()), report, times);
    }

    /** @return whether a row follows; closes the file after the last one */
    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        boolean more = csv.hasNext();
        if (!more) {
            close();
        }
        return more;
    }

    /** @return the next row, as {@link Five9ReportCsv#next()} gives it */
    @Override
    public Map<String, String> next() {
        return csv.next();
    }

    /** Closes the CSV and deletes the spooled file; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            result.delete();
        }
    }
}
