package io.playvoxbridge.source.wolkvox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the recorded Wolkvox answers under {@code fixtures/wolkvox/}. */
final class WolkvoxFixtures {

    private WolkvoxFixtures() {
    }

    /** @return the {@code data} records of a recorded 200 envelope, checking {@code code} and {@code msg} */
    static List<Map<String, String>> records(String name) {
        try (InputStream in = WolkvoxFixtures.class.getResourceAsStream("/fixtures/wolkvox/" + name)) {
            ObjectMapper json = new ObjectMapper();
            JsonNode envelope = json.readTree(in);
            assertThat(envelope.get("code").asInt()).isEqualTo(200);
            assertThat(envelope.get("error").isNull()).isTrue();
            assertThat(envelope.get("msg").asText()).isEqualTo(envelope.get("data").size() + " records were found");
            return json.convertValue(envelope.get("data"), new TypeReference<List<Map<String, String>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a copy of {@code record} with some fields replaced ({@code key, value, key, value...}; null removes) */
    static Map<String, String> with(Map<String, String> record, String... keyValues) {
        Map<String, String> copy = new HashMap<>(record);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                copy.remove(keyValues[i]);
            } else {
                copy.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return copy;
    }
}
