package io.playvoxbridge.source.wolkvox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams the records of a Wolkvox Reports Manager answer {@code {"code":200,"error":null,"msg":"N records were
 * found","data":[{...}, ...]}} one at a time with Jackson's streaming parser, so a 60,000-row answer is never held
 * whole (api-facts 3, https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/).
 *
 * <p>Each record is a {@code Map<String,String>} (Wolkvox sends every value as a string; other JSON values are
 * kept as their JSON text). An element that is not an object becomes a map with the single key
 * {@link #INVALID_KEY} holding its JSON text, so the translator can dead-letter it while the rest flow on.
 */
public final class WolkvoxEnvelopeReader {

    /** Key of the map that stands for an element of {@code data} that is not a JSON object. */
    public static final String INVALID_KEY = "__not_an_object__";

    private final ObjectMapper json;

    /** @param json the mapper (its factory makes the parser) */
    public WolkvoxEnvelopeReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param answer the spooled answer file (deleted when the iterator is exhausted or closed), or null for an
     *               empty window
     * @return an iterator over the records, also {@link Closeable}
     * @throws IOException when the file cannot be opened or is not a Wolkvox envelope
     */
    public Iterator<Map<String, String>> records(Path answer) throws IOException {
        if (answer == null) {
            return Collections.emptyIterator();
        }
        return new RecordIterator(json, answer);
    }

    /**
     * One element of {@code data} as a record: an object becomes its fields (strings as they are, JSON null as null,
     * other values as their JSON text); anything else becomes a map with the single key {@link #INVALID_KEY} holding
     * its JSON text. Replayed dead letters are read the same way, so they are translated as if polled.
     *
     * @param node one element of {@code data}, or a stored payload read as JSON
     * @return the record, in field order
     */
    public static Map<String, String> record(JsonNode node) {
        Map<String, String> record = new LinkedHashMap<>();
        if (!node.isObject()) {
            record.put(INVALID_KEY, node.toString());
            return record;
        }
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            record.put(e.getKey(), v.isNull() ? null : v.isTextual() ? v.asText() : v.toString());
        });
        return record;
    }

    private static final class RecordIterator implements Iterator<Map<String, String>>, Closeable {
        private final ObjectMapper json;
        private final Path file;
        private final JsonParser parser;
        private Map<String, String> next;
        private boolean done;

        RecordIterator(ObjectMapper json, Path file) throws IOException {
            this.json = json;
            this.file = file;
            JsonFactory factory = json.getFactory();
            this.parser = factory.createParser(file.toFile());
            try {
                positionAtData();
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private void positionAtData() throws IOException {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("Wolkvox answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(name)) {
                    if (value == JsonToken.START_ARRAY) {
                        return;
                    }
                    if (value == JsonToken.VALUE_NULL) {
                        done = true;
                        return;
                    }
                    throw new IOException("Wolkvox answer's data is not an array");
                }
                parser.skipChildren();
            }
            done = true;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                JsonToken token = parser.nextToken();
                if (token == null || token == JsonToken.END_ARRAY) {
                    close();
                    return false;
                }
                JsonNode node = json.readTree(parser);
                next = record(node);
                return true;
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("Wolkvox answer is malformed: " + e.getMessage(), e);
            }
        }

        @Override
        public Map<String, String> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map<String, String> r = next;
            next = null;
            return r;
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                parser.close();
            } catch (IOException ignored) {
                // nothing left to read
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file; the OS cleans it
            }
        }
    }
}
