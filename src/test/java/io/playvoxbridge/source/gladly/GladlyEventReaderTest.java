package io.playvoxbridge.source.gladly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The JSONL answer of GET /api/v1/events, read line by line: a malformed line spoils only itself. */
class GladlyEventReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<GladlyEventReader.Line> read(String body) {
        List<GladlyEventReader.Line> lines = new ArrayList<>();
        try (GladlyEventReader reader = new GladlyEventReader(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), JSON)) {
            reader.forEachRemaining(lines::add);
        }
        return lines;
    }

    @Test
    void reads_every_event_of_the_recorded_answer_in_order() throws IOException {
        List<GladlyEventReader.Line> lines = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/fixtures/gladly/events.jsonl");
             GladlyEventReader reader = new GladlyEventReader(in, JSON)) {
            reader.forEachRemaining(lines::add);
        }

        assertThat(lines).hasSize(12).allMatch(GladlyEventReader.Line::wellFormed);
        assertThat(lines).extracting(GladlyEventReader.Line::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(lines.get(0).event().get("type").asText()).isEqualTo("CONVERSATION/CREATED");
        assertThat(lines.get(3).event().path("content").path("conversationId").asText())
                .isEqualTo("9BcE2O0DQ2ynGHRmk9FeoA");
    }

    @Test
    void keeps_the_lines_after_a_cut_line_and_reports_the_cut_one_with_its_text() {
        String body = "{\"id\":\"a\",\"type\":\"CONVERSATION/CLOSED\"}\n"
                + "{\"id\":\"b\",\"type\":\n"
                + "{\"id\":\"c\"}\n"
                + "{\"id\":\"d\"}\n";

        List<GladlyEventReader.Line> lines = read(body);

        assertThat(lines).extracting(GladlyEventReader.Line::wellFormed).containsExactly(true, false, true, true);
        assertThat(lines.get(1).text()).isEqualTo("{\"id\":\"b\",\"type\":");
        assertThat(lines.get(1).problem()).startsWith("events line 2: not JSON (").endsWith("'{\"id\":\"b\",\"type\":'");
        assertThat(lines.get(2).event().get("id").asText()).isEqualTo("c");
        assertThat(lines.get(3).event().get("id").asText()).isEqualTo("d");
    }

    @Test
    void refuses_garbage_trailing_tokens_and_values_that_are_not_objects() {
        List<GladlyEventReader.Line> lines = read("<html>502 Bad Gateway</html>\n{\"id\":\"x\"} {\"id\":\"y\"}\n"
                + "[1,2]\n\"text\"\n{\"id\":\"ok\"}\r\n");

        assertThat(lines).extracting(GladlyEventReader.Line::wellFormed).containsExactly(false, false, false, false, true);
        assertThat(lines.get(0).problem()).startsWith("events line 1: not JSON");
        assertThat(lines.get(1).problem()).startsWith("events line 2: not JSON");
        assertThat(lines.get(2).problem()).isEqualTo("events line 3: not a JSON object: '[1,2]'");
        assertThat(lines.get(3).problem()).isEqualTo("events line 4: not a JSON object: '\"text\"'");
        assertThat(lines.get(4).text()).isEqualTo("{\"id\":\"ok\"}");
    }

    @Test
    void skips_blank_lines_but_counts_them_in_line_numbers() {
        List<GladlyEventReader.Line> lines = read("\n{\"id\":\"a\"}\n   \n\n{\"id\":\"b\"}");

        assertThat(lines).extracting(GladlyEventReader.Line::number).containsExactly(2, 5);
        assertThat(read("")).isEmpty();
    }

    @Test
    void quotes_at_most_120_characters_of_a_long_malformed_line() {
        String longLine = "{\"id\":\"" + "é".repeat(300);

        GladlyEventReader.Line line = read(longLine + "\n").get(0);

        assertThat(line.text()).isEqualTo(longLine);
        assertThat(line.problem()).endsWith("…'").hasSizeLessThan(300);
    }

    @Test
    void reports_a_broken_connection_as_an_unchecked_io_error_naming_the_last_line() {
        InputStream broken = new InputStream() {
            private final byte[] first = "{\"id\":\"a\"}\n{\"id\":".getBytes(StandardCharsets.UTF_8);
            private int at;

            @Override
            public int read() throws IOException {
                if (at < first.length) {
                    return first[at++];
                }
                throw new IOException("Premature EOF");
            }
        };
        GladlyEventReader reader = new GladlyEventReader(broken, JSON);

        assertThat(reader.next().event().get("id").asText()).isEqualTo("a");
        assertThatThrownBy(reader::hasNext).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("after line 1").hasRootCauseMessage("Premature EOF");
        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void throws_no_such_element_after_the_last_line() {
        GladlyEventReader reader = new GladlyEventReader(new ByteArrayInputStream(new byte[0]), JSON);

        assertThat(reader.hasNext()).isFalse();
        assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
    }
}
