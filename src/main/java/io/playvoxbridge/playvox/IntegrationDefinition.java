package io.playvoxbridge.playvox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Playvox integration a feed declares in {@code integrations/<name>.yaml}: the integration itself
 * ({@code POST /integrations}, api-facts 1.3) and its metadata fields ({@code POST /integrations/{id}/metadata},
 * api-facts 1.4). See https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems.
 * Built and checked by {@link IntegrationDefinitionLoader}.
 *
 * @param name               the integration's name in Playvox, e.g. {@code wolkvox-chat}
 * @param description        a short description shown in Playvox
 * @param dataStorageMinutes how long Playvox keeps the data, 1-129600 minutes (90 days)
 * @param metadata           the fields, in file order; at least one is a datetime
 * @param location           the file it was loaded from, as given (for messages)
 */
public record IntegrationDefinition(String name, String description, int dataStorageMinutes,
                                    List<MetadataField> metadata, String location) {

    /** Copies the list so the value is immutable. */
    public IntegrationDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        metadata = List.copyOf(metadata);
    }

    /**
     * The body of {@code POST /integrations} (and {@code PUT /integrations/{id}}), python-playvox
     * {@code Integration.add}.
     *
     * @return {@code {"name":..., "description":..., "settings":{"data_storage_minutes":129600}}}
     */
    public Map<String, Object> toPlayvoxJson() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data_storage_minutes", dataStorageMinutes);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("description", description);
        json.put("settings", settings);
        return json;
    }

    /**
     * @param fieldId a metadata {@code field_id}
     * @return that field, or empty if the integration has none by that id
     */
    public Optional<MetadataField> field(String fieldId) {
        return metadata.stream().filter(f -> f.fieldId().equals(fieldId)).findFirst();
    }
}
