package io.playvoxbridge.playvox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One metadata field of a Playvox integration, as an {@code integrations/<name>.yaml} file declares it: Playvox's
 * definition (api-facts 1.4, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems
 * step 2) plus {@code source}, the vendor field its value comes from. Built and checked by
 * {@link IntegrationDefinitionLoader}.
 *
 * @param fieldId     the key in each interaction: 3-30 characters of a-z and {@code _}, not {@code created_at} or
 *                    {@code updated_at}
 * @param type        the value type
 * @param source      the vendor record's field holding the value, e.g. {@code date_creation}
 * @param required    whether a record without a value is refused
 * @param allowed     the accepted values of a {@code list} field; empty for other types
 * @param availableIn where Playvox shows the field: {@code filters} and/or {@code display}
 */
public record MetadataField(String fieldId, MetadataType type, String source, boolean required, List<String> allowed,
                            List<String> availableIn) {

    /** Copies the lists so the value is immutable. */
    public MetadataField {
        Objects.requireNonNull(fieldId, "fieldId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        allowed = List.copyOf(allowed);
        availableIn = List.copyOf(availableIn);
    }

    /**
     * The body of {@code POST /integrations/{integration_id}/metadata} for this field (python-playvox
     * {@code Metadata.add}).
     *
     * @return {@code {"field_id":..., "type":"datetime", "allowed":[...], "required":true, "available_in":[...]}}
     */
    public Map<String, Object> toPlayvoxJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("field_id", fieldId);
        json.put("type", type.apiName());
        json.put("allowed", allowed);
        json.put("required", required);
        json.put("available_in", availableIn);
        return json;
    }
}
