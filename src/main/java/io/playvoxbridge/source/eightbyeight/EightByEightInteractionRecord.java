package io.playvoxbridge.source.eightbyeight;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One 8x8 interaction as the {@code eightbyeight.interactions} feed reads it: a detailed report row and, when the
 * Data Augmentation API holds something for its guid, that augmentation (private values already masked, see
 * {@link EightByEightAugmentation}).
 *
 * @param row          the row's column key to text (see {@link EightByEightApi#DETAILED_COLUMNS})
 * @param augmentation the augmentation, or null when 8x8 has none (404) for the interaction
 */
public record EightByEightInteractionRecord(Map<String, String> row, EightByEightAugmentation augmentation) {

    /** Copies the row, keeping its order. */
    public EightByEightInteractionRecord {
        Objects.requireNonNull(row, "row");
        row = Collections.unmodifiableMap(new LinkedHashMap<>(row));
    }

    /** @return the row's {@code interactionGuid}, or null */
    public String guid() {
        return row.get("interactionGuid");
    }

    /**
     * The record as JSON for a dead letter: {@code {"row":{...},"augmentation":{...}|null}}. Private variables appear
     * only as {@link EightByEightAugmentation#MASK}, since the augmentation never held their values.
     *
     * @return the JSON text
     */
    public String deadLetterJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("row", row);
        json.put("augmentation", augmentation);
        try {
            return EightByEightApi.json().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an 8x8 record as JSON", e);
        }
    }

    /**
     * The same text as {@link #deadLetterJson()}: the dead-letter route writes a failed exchange's body with Camel's
     * String conversion, which falls back to {@code toString()}, so a record that fails translation is stored as
     * its masked JSON (and a log line that prints a record shows no private value either).
     *
     * @return {@code {"row":{...},"augmentation":{...}|null}}
     */
    @Override
    public String toString() {
        return deadLetterJson();
    }
}
