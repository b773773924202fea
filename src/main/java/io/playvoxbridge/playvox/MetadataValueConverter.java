package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.InvalidRecordException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a vendor's text value into the typed value of a Playvox metadata field (api-facts 1.4 and 1.5,
 * https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems). Vendors send text
 * (every Wolkvox value is a string, api-facts 3); Playvox wants each {@code field_id} in its declared type:
 * <ul>
 *   <li>{@code string}: the text exactly as sent (not trimmed);</li>
 *   <li>{@code integer}: a {@link Long} ({@code "5"}, {@code " 5 "}; not {@code "5.2"} or {@code "abc"});</li>
 *   <li>{@code float}: a finite {@link Double} ({@code "4.5"}, {@code "-1e3"}; not {@code "4,5"}, {@code "NaN"});</li>
 *   <li>{@code boolean}: a {@link Boolean} from true/false, 1/0, yes/no, si/sí/no, any case;</li>
 *   <li>{@code datetime}: an ISO-8601 {@link String} with an explicit offset, e.g. {@code 2026-11-21T09:30:05-05:00},
 *       from {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-dd'T'HH:mm:ss} read in the source's zone, or from a text
 *       that already carries an offset (kept as given);</li>
 *   <li>{@code list}: the text when it is one of the field's {@code allowed} values (exactly, or once trimmed).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class MetadataValueConverter {

    private static final DateTimeFormatter LOCAL_SPACE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter LOCAL_T =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "si", "sí");
    private static final Set<String> FALSE = Set.of("false", "0", "no");
    /** MySQL's "no date", which PHP APIs such as Wolkvox's may send for an empty date. */
    private static final Set<String> ZERO_DATES = Set.of("0000-00-00 00:00:00", "0000-00-00");
    private static final int SHOWN = 80;

    private MetadataValueConverter() {
    }

    /**
     * Converts one value.
     *
     * @param field the metadata field (its {@code field_id} names it in errors)
     * @param raw   the vendor's text; null or blank means "no value"
     * @param zone  the zone the vendor's local date-times are in, e.g. {@code America/Bogota}
     * @return the typed value (String, Long, Double or Boolean), or null when there is no value
     * @throws InvalidRecordException if the text is not a value of the field's type, e.g.
     *                                {@code field evaluation_survey: 'abc' is not an integer}
     */
    public static Object convert(MetadataField field, String raw, ZoneId zone) {
        Objects.requireNonNull(field, "field");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = raw.strip();
        switch (field.type()) {
            case STRING:
                return raw;
            case INTEGER:
                return toLong(field.fieldId(), raw, text);
            case FLOAT:
                return toDouble(field.fieldId(), raw, text);
            case BOOLEAN:
                return toBoolean(field.fieldId(), raw, text);
            case DATETIME:
                OffsetDateTime dateTime = toOffsetDateTime(field.fieldId(), raw, zone);
                return dateTime == null ? null : dateTime.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case LIST:
                return toAllowed(field, raw, text);
            default:
                throw new IllegalStateException("unhandled type " + field.type());
        }
    }

    /**
     * Reads a vendor date-time: {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-dd'T'HH:mm:ss} in {@code zone} (a time in
     * a daylight-saving gap moves forward by the gap, an ambiguous one takes the earlier offset), or an ISO-8601
     * date-time with an offset, kept as given. Impossible dates such as {@code 2026-02-30} are refused.
     *
     * @param name the field named in errors (a metadata {@code field_id} or a vendor field)
     * @param raw  the text; null, blank or {@code 0000-00-00 00:00:00} means "no date"
     * @param zone the vendor's zone
     * @return the date-time with its offset, or null when there is none
     * @throws InvalidRecordException if the text is not such a date-time, e.g.
     *                                {@code field close_date: '2026-02-30 10:00:00' is not a valid date-time (yyyy-MM-dd HH:mm:ss)}
     */
    public static OffsetDateTime toOffsetDateTime(String name, String raw, ZoneId zone) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Objects.requireNonNull(zone, "zone");
        String text = raw.strip();
        if (ZERO_DATES.contains(text)) {
            return null;
        }
        for (DateTimeFormatter local : List.of(LOCAL_SPACE, LOCAL_T)) {
            try {
                return ZonedDateTime.ofLocal(LocalDateTime.parse(text, local), zone, null).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw invalid(name, raw, "is not a valid date-time (yyyy-MM-dd HH:mm:ss)");
        }
    }

    private static Long toLong(String name, String raw, String text) {
        if (INTEGER.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw invalid(name, raw, "is not an integer (too large)");
            }
        }
        throw invalid(name, raw, "is not an integer");
    }

    private static Double toDouble(String name, String raw, String text) {
        if (FLOAT.matcher(text).matches()) {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        }
        throw invalid(name, raw, "is not a number");
    }

    private static Boolean toBoolean(String name, String raw, String text) {
        String value = text.toLowerCase(Locale.ROOT);
        if (TRUE.contains(value)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(value)) {
            return Boolean.FALSE;
        }
        throw invalid(name, raw, "is not a boolean (true/false, 1/0, yes/no, si/no)");
    }

    private static String toAllowed(MetadataField field, String raw, String text) {
        if (field.allowed().contains(raw)) {
            return raw;
        }
        if (field.allowed().contains(text)) {
            return text;
        }
        throw invalid(field.fieldId(), raw, "is not one of " + field.allowed());
    }

    private static InvalidRecordException invalid(String name, String raw, String what) {
        String shown = raw;
        if (raw.length() > SHOWN) {
            int end = Character.isHighSurrogate(raw.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
            shown = raw.substring(0, end) + "…";
        }
        return new InvalidRecordException("field " + name + ": '" + shown + "' " + what);
    }
}
