package io.playvoxbridge.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * Writes and reads {@link FeedRecord}s as JSON, for the batches kept in the state database while they are in
 * flight. Dates are ISO-8601 strings with their offset.
 */
public final class FeedRecordCodec {

    private static final TypeReference<List<FeedRecord>> LIST = new TypeReference<>() { };

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param records records of one batch
     * @return a JSON array
     */
    public String write(List<FeedRecord> records) {
        try {
            return json.writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write records as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param text a JSON array written by {@link #write}
     * @return the records
     * @throws IllegalArgumentException when the text is not such an array
     */
    public List<FeedRecord> read(String text) {
        try {
            return json.readValue(text, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored batch is not a JSON array of records: " + e.getOriginalMessage(), e);
        }
    }
}
