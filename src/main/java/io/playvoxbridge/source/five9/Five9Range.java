package io.playvoxbridge.source.five9;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The time range of one Five9 report run: {@code criteria.time.start} and {@code criteria.time.end} of
 * {@code runReport} (api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/data-types/customReportCriteria.htm).
 * Five9 refuses a range whose start does not precede its end (InvalidDateRangeFault, "Start date and time must precede
 * end date and time"). Whether Five9 includes a row stamped exactly at {@code end} is not documented: the bridge treats
 * both ends as inclusive (<b>assumption</b>), so a row on the boundary of two consecutive ranges comes twice and the
 * delivery log drops the second copy.
 *
 * @param start first moment, inclusive
 * @param end   last moment, after {@code start}
 */
public record Five9Range(Instant start, Instant end) {

    /** @throws IllegalArgumentException if start does not precede end */
    public Five9Range {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a Five9 report range must start before it ends: " + start + " - " + end);
        }
    }

    /** @return the length of the range */
    public Duration span() {
        return Duration.between(start, end);
    }

    /**
     * @param zone the report's zone, normally {@link Five9ReportTimes#PACIFIC}
     * @return {@code criteria.time.start}, e.g. {@code 2026-11-01T00:00:00.000-07:00}
     */
    public String criteriaStart(ZoneId zone) {
        return Five9ReportTimes.criteria(start, zone);
    }

    /**
     * @param zone the report's zone, normally {@link Five9ReportTimes#PACIFIC}
     * @return {@code criteria.time.end}, e.g. {@code 2026-11-02T00:00:00.000-08:00}
     */
    public String criteriaEnd(ZoneId zone) {
        return Five9ReportTimes.criteria(end, zone);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + "]";
    }
}
