package io.playvoxbridge.source.five9;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code getReportResultCsv} answer, spooled to a temp file and read through once: the file holds the SOAP
 * envelope as Five9 sent it, {@code rows} is the number of CSV rows it holds (already checked to read to the end).
 * The rows are read again from the file by {@link Five9ResultRows}; the file is deleted when they are done or when the
 * result is discarded ({@link #delete()}).
 *
 * @param file the spooled answer
 * @param rows its rows (the header not counted)
 */
public record Five9Result(Path file, int rows) {

    /** @return the answer's bytes, from the start @throws IOException when the file cannot be read */
    InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    /** Deletes the spooled file; idempotent. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
