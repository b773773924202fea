package io.playvoxbridge.source.five9;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Splits a window into Five9 report ranges so that no report result is cut at Five9's row limit.
 *
 * <p>Five9 returns at most <b>50,000 records</b> per {@code getReportResultCsv} and advises splitting long ranges
 * (api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/getReportResultCsv.htm
 * and {@code runReport.htm}); a result that reaches the limit may have lost rows silently. The strategy:
 * <ol>
 *   <li>{@link #plan(Instant, Instant)} cuts the window into consecutive ranges of at most {@code maxSpan} (one day by
 *       default, as [3P] Matatika tap-five9 does to stay under the limit), and also at every daylight-saving change of
 *       the report's zone, so no range holds both occurrences of the repeated hour (see {@link Five9ReportTimes}).</li>
 *   <li>After each result, {@link Plan#complete(Five9Range, int)}: a result with fewer rows than the limit is
 *       complete; one that <b>reaches</b> the limit (rows &gt;= limit) is discarded and its range replaced, at the head
 *       of the queue, by its two halves (cut at a whole second), which are run next. Halving repeats until every
 *       result is under the limit.</li>
 * </ol>
 * Halving was chosen over planning from an estimated row rate: it needs no estimate that a burst of traffic can prove
 * wrong, and a wasted report costs one {@code runReport} and one result fetch, while a day that fits (the usual case)
 * costs nothing extra. Consecutive ranges share their boundary second ({@link Five9Range}: both ends inclusive).
 * Pure logic: no I/O; a {@link Plan} is not thread-safe (one per window).
 */
public final class Five9RangeSplitter {

    /** Five9's default row limit of {@code getReportResultCsv}. */
    public static final int DEFAULT_ROW_LIMIT = 50_000;
    /** Default longest range of one report. */
    public static final Duration DEFAULT_MAX_SPAN = Duration.ofDays(1);

    private final ZoneId zone;
    private final Duration maxSpan;
    private final int rowLimit;

    /**
     * @param zone     the report's zone (daylight-saving changes cut ranges), normally {@link Five9ReportTimes#PACIFIC}
     * @param maxSpan  the longest range of one report, at least 2 seconds
     * @param rowLimit rows at which a result counts as cut ({@link #DEFAULT_ROW_LIMIT} for Five9), at least 1
     * @throws IllegalArgumentException for a shorter span or a smaller limit
     */
    public Five9RangeSplitter(ZoneId zone, Duration maxSpan, int rowLimit) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.maxSpan = Objects.requireNonNull(maxSpan, "maxSpan");
        if (maxSpan.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("maxSpan must be at least 2 seconds: " + maxSpan);
        }
        if (rowLimit < 1) {
            throw new IllegalArgumentException("rowLimit must be at least 1: " + rowLimit);
        }
        this.rowLimit = rowLimit;
    }

    /** @return Pacific time, ranges of one day, Five9's limit of 50,000 rows */
    public static Five9RangeSplitter defaults() {
        return new Five9RangeSplitter(Five9ReportTimes.PACIFIC, DEFAULT_MAX_SPAN, DEFAULT_ROW_LIMIT);
    }

    /** @return the rows at which a result counts as cut */
    public int rowLimit() {
        return rowLimit;
    }

    /**
     * Plans the reports of a window.
     *
     * @param from start of the window
     * @param to   end of the window, after {@code from}
     * @return the plan: consecutive ranges from {@code from} to {@code to}, each at most {@code maxSpan} long and none
     *         across a daylight-saving change
     * @throws IllegalArgumentException if {@code from} is not before {@code to}
     */
    public Plan plan(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("window must start before it ends: " + from + " - " + to);
        }
        List<Instant> cuts = new ArrayList<>();
        cuts.add(from);
        Instant cursor = from;
        while (cursor.isBefore(to)) {
            Instant next = cursor.plus(maxSpan);
            ZoneOffsetTransition change = zone.getRules().nextTransition(cursor);
            if (change != null && change.getInstant().isBefore(next)) {
                next = change.getInstant();
            }
            cursor = next.isBefore(to) ? next : to;
            cuts.add(cursor);
        }
        Deque<Five9Range> ranges = new ArrayDeque<>();
        for (int i = 1; i < cuts.size(); i++) {
            ranges.addLast(new Five9Range(cuts.get(i - 1), cuts.get(i)));
        }
        return new Plan(ranges);
    }

    /**
     * @param rows rows of a result
     * @return whether a result of that many rows may have been cut (it reaches the limit)
     */
    public boolean reachesLimit(int rows) {
        return rows >= rowLimit;
    }

    /**
     * Halves a range at a whole second.
     *
     * @param range a range whose result reached the limit
     * @return its two halves, in order; they share the middle second
     * @throws Five9ReportException if the range is too short to halve (under 2 seconds): that many rows in so short a
     *                              time cannot be read without losing some
     */
    public List<Five9Range> halve(Five9Range range) {
        Instant middle = range.start().plus(range.span().dividedBy(2)).truncatedTo(ChronoUnit.SECONDS);
        if (!middle.isAfter(range.start()) || !middle.isBefore(range.end())) {
            throw new Five9ReportException("Five9 report range " + range + " holds " + rowLimit
                    + " rows or more and is too short to split: rows beyond the limit would be lost");
        }
        return List.of(new Five9Range(range.start(), middle), new Five9Range(middle, range.end()));
    }

    /**
     * The queue of ranges still to run for one window. Typical use:
     * <pre>
     * Plan plan = splitter.plan(from, to);
     * while (plan.hasNext()) {
     *     Five9Range range = plan.next();
     *     int rows = ... run the report for range, count its rows ...;
     *     if (plan.complete(range, rows)) { ... deliver its rows ... }
     * }
     * </pre>
     */
    public final class Plan {
        private final Deque<Five9Range> queue;
        private int splits;

        private Plan(Deque<Five9Range> queue) {
            this.queue = queue;
        }

        /** @return whether a range is left to run */
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        /**
         * @return the next range to run; it stays in the plan until {@link #complete} is called for it
         * @throws java.util.NoSuchElementException if none is left
         */
        public Five9Range next() {
            Five9Range head = queue.getFirst();
            return head;
        }

        /**
         * Records the result of the range returned by {@link #next()}.
         *
         * @param range that range
         * @param rows  the rows its result held
         * @return true when the result is complete (under the limit): the range leaves the plan; false when it reached
         *         the limit: the range is replaced by its halves, which come next
         * @throws IllegalStateException if {@code range} is not the head of the plan
         * @throws Five9ReportException  if the range reached the limit and cannot be halved
         */
        public boolean complete(Five9Range range, int rows) {
            if (!range.equals(queue.peekFirst())) {
                throw new IllegalStateException("range " + range + " is not the next of the plan " + queue.peekFirst());
            }
            if (!reachesLimit(rows)) {
                queue.removeFirst();
                return true;
            }
            List<Five9Range> halves = halve(range);
            queue.removeFirst();
            queue.addFirst(halves.get(1));
            queue.addFirst(halves.get(0));
            splits++;
            return false;
        }

        /** @return the ranges left, in order */
        public List<Five9Range> remaining() {
            return List.copyOf(queue);
        }

        /** @return how many ranges were halved so far */
        public int splits() {
            return splits;
        }
    }
}
