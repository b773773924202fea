package io.playvoxbridge.observe;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * How often a Quartz cron fires, for the feed health checks: the longest gap between two consecutive fires in the week
 * after a given instant (at most {@value #MAX_FIRES} fires looked at). A regular cron ({@code 0 0/5 * * * ?}) gives
 * its period; an irregular one ({@code 0 0 9-17 * * ?}) gives its longest gap (the night), so a feed that polls only
 * in office hours is not called stale in the morning.
 */
public final class CronSchedule {

    /** Fires looked at, at most, when measuring the longest gap. */
    static final int MAX_FIRES = 2000;

    private static final Duration HORIZON = Duration.ofDays(7);

    private CronSchedule() {
    }

    /**
     * @param cron a Quartz cron expression (with seconds), like {@code 0 0/5 * * * ?}
     * @param zone the zone the cron is read in (Camel's Quartz triggers use the JVM's default zone)
     * @param from the instant to look from
     * @return the longest gap between two consecutive fires after {@code from}, or empty when the cron fires fewer
     *         than twice from then on (for example {@code 0 0 0 1 1 ? 2099} after 2099)
     * @throws IllegalArgumentException when {@code cron} is not a Quartz cron expression
     */
    public static Optional<Duration> longestInterval(String cron, TimeZone zone, Instant from) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a Quartz cron expression: '" + cron + "' (" + e.getMessage() + ")", e);
        }
        expression.setTimeZone(zone);
        Date previous = expression.getNextValidTimeAfter(Date.from(from));
        if (previous == null) {
            return Optional.empty();
        }
        Instant horizon = previous.toInstant().plus(HORIZON);
        Duration longest = null;
        for (int i = 0; i < MAX_FIRES; i++) {
            Date next = expression.getNextValidTimeAfter(previous);
            if (next == null) {
                break;
            }
            Duration gap = Duration.between(previous.toInstant(), next.toInstant());
            if (longest == null || gap.compareTo(longest) > 0) {
                longest = gap;
            }
            if (next.toInstant().isAfter(horizon)) {
                break;
            }
            previous = next;
        }
        return Optional.ofNullable(longest);
    }
}
