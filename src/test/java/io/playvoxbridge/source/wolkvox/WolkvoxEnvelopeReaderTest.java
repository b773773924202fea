package io.playvoxbridge.source.wolkvox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming the records out of a Wolkvox envelope. */
class WolkvoxEnvelopeReaderTest {

    @TempDir
    Path dir;

    final WolkvoxEnvelopeReader reader = new WolkvoxEnvelopeReader(new ObjectMapper());

    Path answer(String json) throws IOException {
        Path f = dir.resolve("answer.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        return f;
    }

    static List<Map<String, String>> all(Iterator<Map<String, String>> it) {
        List<Map<String, String>> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void reads_every_record_of_the_recorded_fixture_as_strings_and_deletes_the_file() throws IOException {
        Path f = dir.resolve("fixture.json");
        try (var in = getClass().getResourceAsStream("/fixtures/wolkvox/chat_4-response.json")) {
            Files.copy(in, f);
        }
        List<Map<String, String>> records = all(reader.records(f));
        assertThat(records).hasSize(5);
        assertThat(records.get(0)).containsKeys("case_id", "agent_name", "body", "date_creation");
        assertThat(f).doesNotExist();
    }

    @Test
    void fields_before_and_after_data_are_skipped_and_non_string_values_keep_their_json_text() throws IOException {
        List<Map<String, String>> records = all(reader.records(answer(
                "{\"code\":200,\"msg\":{\"x\":[1]},\"data\":[{\"case_id\":\"1\",\"n\":5,\"e\":null}],\"error\":null}")));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("case_id", "1").containsEntry("n", "5").containsEntry("e", null);
        });
    }

    @Test
    void an_element_that_is_not_an_object_is_marked_so_it_can_be_dead_lettered() throws IOException {
        List<Map<String, String>> records = all(reader.records(answer(
                "{\"code\":200,\"data\":[{\"case_id\":\"1\"},\"oops\",{\"case_id\":\"2\"}]}")));
        assertThat(records).hasSize(3);
        assertThat(records.get(1)).containsOnlyKeys(WolkvoxEnvelopeReader.INVALID_KEY);
        assertThat(records.get(2)).containsEntry("case_id", "2");
    }

    @Test
    void null_data_and_an_empty_window_give_no_records() throws IOException {
        assertThat(all(reader.records(answer("{\"code\":200,\"data\":null}")))).isEmpty();
        assertThat(all(reader.records(null))).isEmpty();
    }

    @Test
    void a_truncated_answer_fails_with_a_clear_message() throws IOException {
        Iterator<Map<String, String>> it = reader.records(answer("{\"code\":200,\"data\":[{\"case_id\":\"1\"},{\"case_"));
        assertThat(it.next()).containsEntry("case_id", "1");
        assertThatThrownBy(it::hasNext).isInstanceOf(UncheckedIOException.class).hasMessageContaining("malformed");
    }
}
