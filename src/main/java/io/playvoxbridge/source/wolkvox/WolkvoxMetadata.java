package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataType;
import io.playvoxbridge.playvox.MetadataValueConverter;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of one Wolkvox record: each field of the feed's integration file, in file order, from its
 * {@code source} field, after the personal-data policy, converted by {@link MetadataValueConverter} (api-facts 1.4
 * and 1.5, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems). A field
 * without a value is left out. Stateless.
 */
final class WolkvoxMetadata {

    private WolkvoxMetadata() {
    }

    /**
     * Checks that an integration can carry a policy's fields: a personal-data field must be a string (a masked value
     * is no number) and must not be required (a dropped value would refuse every record).
     *
     * @throws IllegalArgumentException naming the field otherwise
     */
    static void checkPersonalFields(IntegrationDefinition integration, PersonalDataPolicy personal) {
        for (MetadataField field : integration.metadata()) {
            if (personal.isPersonal(field.source()) && (field.type() != MetadataType.STRING || field.required())) {
                throw new IllegalArgumentException(integration.location() + ": metadata field " + field.fieldId()
                        + " holds personal data (" + field.source() + "), so it must be an optional string");
            }
        }
    }

    /**
     * @param integration the feed's integration
     * @param record      the vendor record
     * @param zone        the zone of Wolkvox's dates
     * @param report      the report named in errors, e.g. {@code diagram_4}
     * @param personal    the feed's personal-data policy
     * @return field_id to typed value, in the order of the integration file
     * @throws InvalidRecordException {@code missing required field <field_id> (<report> <source>)}, or a value that
     *                                does not fit its field (see {@link MetadataValueConverter#convert})
     */
    static Map<String, Object> of(IntegrationDefinition integration, Map<String, String> record, ZoneId zone,
                                  String report, PersonalDataPolicy personal) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (MetadataField field : integration.metadata()) {
            String raw = personal.apply(field.source(), record.get(field.source()));
            Object value = MetadataValueConverter.convert(field, raw, zone);
            if (value != null) {
                metadata.put(field.fieldId(), value);
            } else if (field.required()) {
                throw new InvalidRecordException("missing required field " + field.fieldId()
                        + " (" + report + " " + field.source() + ")");
            }
        }
        return metadata;
    }
}
