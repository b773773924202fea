package io.playvoxbridge.source.eightbyeight;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a detailed report data page, {@code GET /detailed-reports/{id}/data} (api-facts 4.2,
 * https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report). A page is a JSON array of
 * {@code {"items":[{"key":"startTime","label":"Start Time","value":{"value":"2026-11-21T09:30:05-05:00",
 * "ongoing":false}}, ...]}} (the {@code DetailedRow} shape of the vendor's OpenAPI copy; assumed, see
 * {@link EightByEightApi}). A plain {@code "value":"..."} (the summary report's {@code RowItem}) is read too.
 *
 * @param values  column key to its text, in the row's order; a null or absent value is left out
 * @param ongoing whether any item is marked {@code ongoing} (the interaction had not ended when the report ran)
 */
public record EightByEightDetailedRow(Map<String, String> values, boolean ongoing) {

    /** Copies the map, keeping its order. */
    public EightByEightDetailedRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads one data page.
     *
     * @param answer the JSON body
     * @return its rows, in order; empty for {@code []}
     * @throws IllegalArgumentException if it is not JSON or not an array of objects with an {@code items} array; the
     *                                  message gives the row's position, never its values
     */
    public static List<EightByEightDetailedRow> parsePage(String answer) {
        JsonNode page = EightByEightApi.readTree(answer, "8x8 detailed report page");
        if (!page.isArray()) {
            throw new IllegalArgumentException("8x8 detailed report page is not a JSON array");
        }
        List<EightByEightDetailedRow> rows = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            JsonNode items = page.get(i).get("items");
            if (items == null || !items.isArray()) {
                throw new IllegalArgumentException("8x8 detailed report page: row " + i + " has no items array");
            }
            Map<String, String> values = new LinkedHashMap<>();
            boolean ongoing = false;
            for (JsonNode item : items) {
                String key = EightByEightApi.text(item, "key");
                JsonNode value = item.get("value");
                if (key == null || value == null) {
                    continue;
                }
                String text = value.isObject() ? EightByEightApi.text(value, "value") : EightByEightApi.text(item, "value");
                ongoing |= value.isObject() && value.path("ongoing").asBoolean(false);
                if (text != null) {
                    values.putIfAbsent(key, text);
                }
            }
            rows.add(new EightByEightDetailedRow(values, ongoing));
        }
        return rows;
    }
}
