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
import java.util.Objects;

/**
 * The metadata of one Wolkvox record: each field of the feed's integration file, in file order, from its
 * {@code source} field, after the personal-data policy, converted by {@link MetadataValueConverter} (api-facts 1.4
 * and 1.5, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems). A field
 * without a value is left out. Immutable and thread-safe.
 */
final class WolkvoxMetadata {

    private final IntegrationDefinition integration;
    private final ZoneId zone;
    private final String report;
    private final PersonalDataPolicy personal;

    /**
     * @param integration the feed's integration
     * @param zone        the zone of Wolkvox's dates
     * @param report      the report named in errors, e.g. {@code diagram_4}
     * @param personal    the feed's personal-data policy
     * @throws IllegalArgumentException if a field of a personal-data source is not an optional string: a masked
     *                                  value is no number, and a dropped one would refuse every record
     */
    WolkvoxMetadata(IntegrationDefinition integration, ZoneId zone, String report, PersonalDataPolicy personal) {
        this.integration = Objects.requireNonNull(integration, "integration");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.report = Objects.requireNonNull(report, "report");
        this.personal = Objects.requireNonNull(personal, "personal");
        for (MetadataField field : integration.metadata()) {
            if (personal.isPersonal(field.source()) && (field.type() != MetadataType.STRING || field.required())) {
                throw new IllegalArgumentException(integration.location() + ": metadata field " + field.fieldId()
                        + " holds personal data (" + field.source() + "), so it must be an optional string");
            }
        }
    }

    /**
     * @param record the vendor record
     * @return field_id to typed value, in the order of the integration file
     * @throws InvalidRecordException {@code missing required field <field_id> (<report> <source>)}, or a value that
     *                                does not fit its field (see {@link MetadataValueConverter#convert})
     */
    Map<String, Object> of(Map<String, String> record) {
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
