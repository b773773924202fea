package io.playvoxbridge.source.gladly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Streams the answer of Gladly's {@code GET /api/v1/events} one event at a time: a JSONL body
 * ({@code application/x-jsonlines}), one JSON object per line, sorted by {@code timestamp} ascending
 * (api-facts 6, {@code GLADLY-OAS} https://developer.gladly.com/rest/ "List events"; GLADLY-EX
 * https://github.com/gladly/rest-api-examples {@code events-wfm/index.js}).
 *
 * <p>Each line is parsed by Jackson on its own ({@link ObjectReader#readTree(String)}, trailing tokens refused), so a
 * malformed line spoils only itself: it is returned as a {@link Line} with a {@link Line#problem()} and its raw text
 * (for a dead letter), and the lines after it are read normally. One {@code MappingIterator} over the whole body
 * cannot do that: after a cut line Jackson's tokenizer runs on into the next lines and drops well-formed events
 * (observed with Jackson 2.19: {@code {"a":2,"b":} followed by {@code {"a":3}} and {@code {"a":4}} loses both).
 * Lines are split at {@code \n} (a {@code \r} before it is dropped); blank lines are skipped. Nothing but the current
 * line is held in memory. Not thread-safe; close it (or read it to the end) to close the stream.
 */
public final class GladlyEventReader implements Iterator<GladlyEventReader.Line>, Closeable {

    /** Longest raw text quoted in a {@link Line#problem()}, in characters. */
    static final int QUOTED = 120;

    /**
     * One non-blank line of the answer.
     *
     * @param number  its line number in the body, from 1
     * @param text    the line exactly as received (without the line break)
     * @param event   the JSON object, or null when the line is malformed
     * @param problem null for a well-formed line; otherwise why it is not an event, naming the line, e.g.
     *                {@code events line 7: not JSON (Unexpected end-of-input ...): '{"id":"x","ty'}
     */
    public record Line(int number, String text, JsonNode event, String problem) {
        /** @return true when {@link #event()} holds a JSON object */
        public boolean wellFormed() {
            return event != null;
        }
    }

    private final BufferedReader lines;
    private final ObjectReader json;
    private int number;
    private Line next;
    private boolean done;

    /**
     * @param body the answer body, UTF-8; closed by {@link #close()} or at its end
     * @param json the mapper whose reader parses each line
     */
    public GladlyEventReader(InputStream body, ObjectMapper json) {
        this.lines = new BufferedReader(new InputStreamReader(Objects.requireNonNull(body, "body"),
                StandardCharsets.UTF_8));
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @return whether another non-blank line follows
     * @throws UncheckedIOException when the body cannot be read (a connection cut mid-answer): the window's events are
     *                              incomplete and must be fetched again
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            String text;
            do {
                text = lines.readLine();
                number++;
            } while (text != null && text.isBlank());
            if (text == null) {
                close();
                return false;
            }
            next = parse(number, text);
            return true;
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("reading the Gladly events answer after line " + number, e);
        }
    }

    /**
     * @return the next non-blank line, well-formed or not
     * @throws NoSuchElementException after the last line
     */
    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Line line = next;
        next = null;
        return line;
    }

    /** Closes the body. Idempotent. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            closeQuietly();
        }
    }

    private void closeQuietly() {
        done = true;
        try {
            lines.close();
        } catch (IOException ignored) {
            // nothing more to read either way
        }
    }

    private Line parse(int lineNumber, String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            return malformed(lineNumber, text, "not JSON (" + why.replaceAll("\\s+", " ").strip() + ")");
        } catch (IOException e) {
            return malformed(lineNumber, text, "not JSON (" + e + ")");
        }
        if (node == null || !node.isObject()) {
            return malformed(lineNumber, text, "not a JSON object");
        }
        return new Line(lineNumber, text, node, null);
    }

    private static Line malformed(int lineNumber, String text, String why) {
        String quoted = text;
        if (text.length() > QUOTED) {
            int end = Character.isHighSurrogate(text.charAt(QUOTED - 1)) ? QUOTED - 1 : QUOTED;
            quoted = text.substring(0, end) + "…";
        }
        return new Line(lineNumber, text, null, "events line " + lineNumber + ": " + why + ": '" + quoted + "'");
    }
}
