package io.playvoxbridge.source.five9;

import io.playvoxbridge.feed.InvalidRecordException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Five9 report times. Report results are in <b>Pacific time</b> (api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/getReportResultCsv.htm),
 * written without an offset as {@code EEE, dd MMM yyyy HH:mm:ss} in English, e.g. {@code Tue, 05 Mar 2024 13:45:10}
 * ([3P] github.com/Matatika/tap-five9 {@code streams.py} {@code DATETIME_FORMAT}). A local time without an offset is
 * ambiguous once a year (the hour repeated when daylight saving ends, 01:00-01:59 on the first Sunday of November) and
 * impossible once a year (the hour skipped when it starts, 02:00-02:59 on the second Sunday of March).
 *
 * <p>Two ways to resolve them:
 * <ul>
 *   <li>{@link #parse(String, String, ZoneId)}, stateless: a time of the repeated hour takes the earlier offset
 *       (daylight time, -07:00); a time of the skipped hour is refused. Text already carrying an offset (ISO-8601, as
 *       {@link #resolve} writes it) is kept as it is.</li>
 *   <li>{@link #resolve(String, String)}, one instance per report result: of the two instants a repeated-hour time may
 *       be, only those inside the report's range count; if both are inside, the first one not before the previous row's
 *       instant (report rows come in time order, <b>assumption</b>: api-facts does not say how Five9 sorts them).
 *       {@link Five9RangeSplitter} cuts ranges at every daylight-saving change, so both are inside only for a row at
 *       the very second of the change.</li>
 * </ul>
 * The criteria of {@code runReport} are written with an explicit offset ({@link #criteria(Instant, ZoneId)}), so the
 * range asked for is never ambiguous. Instances are not thread-safe (one per report result); the static methods are.
 */
public final class Five9ReportTimes {

    /** The zone of Five9 report times (api-facts 5: "Time zone is Pacific"). */
    public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    /** Format of report times: {@code Tue, 05 Mar 2024 13:45:10}, English day and month, strict. */
    public static final DateTimeFormatter REPORT_FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss", Locale.US).withResolverStyle(ResolverStyle.STRICT);

    /** Format of {@code criteria.time.start/end}: xsd:dateTime with milliseconds and offset. */
    public static final DateTimeFormatter CRITERIA_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    private final ZoneId zone;
    private final Instant rangeStart;
    private final Instant rangeEnd;
    private Instant previous;

    /**
     * A resolver for the rows of one report result.
     *
     * @param zone  the report's zone, normally {@link #PACIFIC}
     * @param range the range the report was run for (both ends inclusive)
     */
    public Five9ReportTimes(ZoneId zone, Five9Range range) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.rangeStart = range.start();
        this.rangeEnd = range.end();
    }

    /**
     * Resolves one report time of this result, using the report's range and the rows read before (see the class
     * description). Call it for the rows in the order of the result.
     *
     * @param column the column, named in errors
     * @param text   the report's text, e.g. {@code Sun, 01 Nov 2026 01:30:00}; ISO-8601 with an offset is kept
     * @return the instant with the offset it had in the zone
     * @throws InvalidRecordException if the text is not a report time, or a time the zone skipped
     */
    public OffsetDateTime resolve(String column, String text) {
        List<OffsetDateTime> candidates = candidates(column, text, zone);
        OffsetDateTime chosen = null;
        for (OffsetDateTime candidate : candidates) {     // earlier instant first
            Instant at = candidate.toInstant();
            boolean inRange = !at.isBefore(rangeStart) && !at.isAfter(rangeEnd);
            if (inRange && (previous == null || !at.isBefore(previous))) {
                chosen = candidate;
                break;
            }
            if (inRange && chosen == null) {
                chosen = candidate;
            }
        }
        OffsetDateTime result = chosen != null ? chosen : candidates.get(0);
        previous = result.toInstant();
        return result;
    }

    /**
     * Reads a report time without context: the repeated hour takes the earlier offset (daylight time).
     *
     * @param column the column, named in errors
     * @param text   the report's text, e.g. {@code Tue, 05 Mar 2024 13:45:10}, or ISO-8601 with an offset (kept)
     * @param zone   the report's zone, normally {@link #PACIFIC}
     * @return the date-time with its offset, or null when the text is null or blank
     * @throws InvalidRecordException if the text is neither form (the reason names the column and the text), or is a
     *                                time the zone skipped
     */
    public static OffsetDateTime parse(String column, String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return candidates(column, text, zone).get(0);
    }

    /**
     * Writes an instant as {@code runReport} criteria take it, in the zone with its offset, e.g.
     * {@code 2026-11-01T01:30:00.000-08:00}.
     *
     * @param instant the moment
     * @param zone    the zone to write it in, normally {@link #PACIFIC}
     * @return the xsd:dateTime text
     */
    public static String criteria(Instant instant, ZoneId zone) {
        return CRITERIA_FORMAT.format(instant.atZone(zone));
    }

    /**
     * The instants a report time may be, earliest first: one for text with an offset or an ordinary local time, two
     * for a time of the repeated hour.
     *
     * @throws InvalidRecordException if the text is not a report time, or a time the zone skipped
     */
    private static List<OffsetDateTime> candidates(String column, String text, ZoneId zone) {
        OffsetDateTime withOffset = offsetGiven(text);
        if (withOffset != null) {
            return List.of(withOffset);
        }
        LocalDateTime local = parseLocal(column, text);
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            throw new InvalidRecordException("field " + column + ": '" + text
                    + "' does not exist in the report's zone (the hour skipped when daylight saving starts)");
        }
        // in the repeated hour the offset before the change (daylight time) comes first: the earlier instant
        return offsets.stream().map(local::atOffset).toList();
    }

    private static OffsetDateTime offsetGiven(String text) {
        String t = text.strip();
        if (t.length() < 20 || t.charAt(4) != '-' || t.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDateTime parseLocal(String column, String text) {
        try {
            return LocalDateTime.parse(text.strip(), REPORT_FORMAT);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException("field " + column + ": '" + text
                    + "' is not a Five9 report time (EEE, dd MMM yyyy HH:mm:ss, e.g. Tue, 05 Mar 2024 13:45:10)");
        }
    }
}
