package io.playvoxbridge.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A {@code --from} or {@code --to} time of the backfill command, as the operator typed it: an ISO-8601 local
 * date-time read in the feed's zone ({@code 2026-11-01T00:00:00}, or a date {@code 2026-11-01} for its start), or a
 * date-time with an offset ({@code 2026-11-01T00:00:00-05:00}, {@code 2026-11-01T05:00:00Z}).
 *
 * @param option the option it was given to ({@code --from}), for messages
 * @param text   what was typed
 * @param local  the local date-time, or null when it has an offset
 * @param offset the date-time with its offset, or null when it is local
 */
record BackfillTime(String option, String text, LocalDateTime local, OffsetDateTime offset) {

    /**
     * @param option the option name, for the message
     * @param text   the value typed
     * @return the parsed time
     * @throws IllegalArgumentException (one line naming the option and the accepted forms) when it is none of them
     */
    static BackfillTime parse(String option, String text) {
        String t = text == null ? "" : text.strip();
        try {
            return new BackfillTime(option, t, null, OffsetDateTime.parse(t));
        } catch (DateTimeParseException notOffset) {
            try {
                return new BackfillTime(option, t, LocalDateTime.parse(t), null);
            } catch (DateTimeParseException notLocal) {
                try {
                    return new BackfillTime(option, t, LocalDate.parse(t).atStartOfDay(), null);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException(option + " '" + text + "': not an ISO-8601 date-time (like "
                            + "2026-11-01T00:00:00 in the feed's time zone, or 2026-11-01T00:00:00-05:00 with an offset)");
                }
            }
        }
    }

    /** @param zone the feed's zone @return the instant it names (a local time is read in {@code zone}) */
    Instant in(ZoneId zone) {
        return offset != null ? offset.toInstant() : local.atZone(zone).toInstant();
    }

    /**
     * Checks that {@code from} is before {@code to} when that is known without the feed's zone (both local, or both
     * with an offset).
     *
     * @throws IllegalArgumentException (one line) when it is not
     */
    static void checkOrderWithoutZone(BackfillTime from, BackfillTime to) {
        boolean before;
        if (from.local != null && to.local != null) {
            before = from.local.isBefore(to.local);
        } else if (from.offset != null && to.offset != null) {
            before = from.offset.toInstant().isBefore(to.offset.toInstant());
        } else {
            return;
        }
        if (!before) {
            throw notBefore(from, to);
        }
    }

    /** @return the one-line error of a range whose start is not before its end */
    static IllegalArgumentException notBefore(BackfillTime from, BackfillTime to) {
        return new IllegalArgumentException(from.option + " " + from.text + " must be before " + to.option + " "
                + to.text);
    }
}
