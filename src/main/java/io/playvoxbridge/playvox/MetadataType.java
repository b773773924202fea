package io.playvoxbridge.playvox;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The metadata field types Playvox accepts in {@code POST /integrations/{id}/metadata} (api-facts 1.4,
 * python-playvox https://pypi.org/project/python-playvox): {@code string}, {@code integer}, {@code float},
 * {@code list}, {@code boolean}, {@code datetime}.
 */
public enum MetadataType {
    /** Free text. */
    STRING,
    /** A whole number (sent as a JSON integer). */
    INTEGER,
    /** A decimal number (sent as a JSON number). */
    FLOAT,
    /** One of the field's {@code allowed} values. */
    LIST,
    /** true or false. */
    BOOLEAN,
    /** A date-time, sent as ISO-8601 with an explicit offset. */
    DATETIME;

    /** @return the API's name of the type, lower case, e.g. {@code datetime} */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param apiName the API's name, exactly as Playvox spells it (lower case), e.g. {@code list}
     * @return the type
     * @throws IllegalArgumentException if the name is not one of the six API names
     */
    public static MetadataType fromApiName(String apiName) {
        for (MetadataType type : values()) {
            if (type.apiName().equals(apiName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown metadata type '" + apiName + "', expected one of " + apiNames());
    }

    /** @return the six API names, comma separated, for messages */
    static String apiNames() {
        return Arrays.stream(values()).map(MetadataType::apiName).collect(Collectors.joining(", "));
    }
}
