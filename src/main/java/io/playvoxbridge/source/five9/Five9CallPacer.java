package io.playvoxbridge.source.five9;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Five9 report calls under the domain's call limits (api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/basics/limits.htm, as scraped in
 * github.com/Cloverhound/five9-cli): {@code runReport} 16 / 120 / 800 per minute / hour / day,
 * {@code getReportResult(Csv)} 20 / 200 / 1000, query calls ({@code isReportRunning}) 450 / 15000 / 172800.
 *
 * <p>A sliding window per operation: {@link #acquire(String)} waits until fewer than {@code limit} calls of the
 * operation <b>ended</b> in the last {@code period + margin}; {@link #done(String)} stamps the end of a call (answer
 * read, or failure). Stamping the end rather than the start makes the guarantee hold however long a call took: Five9
 * counts a call at some moment between its start and its end, so two calls stamped {@code period} apart were also
 * counted at least {@code period} apart. A sliding window of 16 a minute also keeps every minute aligned to the data
 * center's clock (how Five9 resets its counters) at 16 or fewer.
 *
 * <p>Used by the {@code five9-call} route, where calls are one at a time already ({@code seda:five9-request} has one
 * consumer): {@code acquire} before the HTTP call, {@code done} in its {@code doFinally}. Thread-safe anyway.
 */
public final class Five9CallPacer {

    private static final Logger LOG = LoggerFactory.getLogger(Five9CallPacer.class);

    /** The header that names the operation of a request: {@code runReport}, {@code isReportRunning}... */
    public static final String OPERATION_HEADER = "Five9Operation";

    /** One limit: at most {@code calls} per {@code period}. @param calls at least 1 @param period positive */
    public record Limit(int calls, Duration period) {
        /** @throws IllegalArgumentException for a limit under 1 or a period that is not positive */
        public Limit {
            if (calls < 1 || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("a limit needs calls >= 1 and a positive period: " + calls + "/" + period);
            }
        }
    }

    private final Map<String, List<Limit>> limits;
    private final Duration margin;
    private final Clock clock;
    private final Map<String, Deque<Instant>> ended = new java.util.HashMap<>();
    private long waits;

    /**
     * @param limits per operation name, its limits; operations not named are not paced
     * @param margin added to every period (clock differences, Five9's own rounding), e.g. one second
     * @param clock  the clock of the stamps
     */
    public Five9CallPacer(Map<String, List<Limit>> limits, Duration margin, Clock clock) {
        this.limits = Map.copyOf(limits);
        this.margin = Objects.requireNonNull(margin, "margin");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Five9's documented limits, with {@code runReport} and result fetches per minute as given.
     *
     * @param runReportPerMinute   runReport calls per minute, 1-16
     * @param resultFetchPerMinute getReportResultCsv calls per minute, 1-20
     * @param clock                the clock
     * @return a pacer with a one-second margin
     */
    public static Five9CallPacer documented(int runReportPerMinute, int resultFetchPerMinute, Clock clock) {
        Duration minute = Duration.ofMinutes(1);
        Duration hour = Duration.ofHours(1);
        Duration day = Duration.ofDays(1);
        return new Five9CallPacer(Map.of(
                "runReport", List.of(new Limit(runReportPerMinute, minute), new Limit(120, hour), new Limit(800, day)),
                "getReportResultCsv", List.of(new Limit(resultFetchPerMinute, minute), new Limit(200, hour),
                        new Limit(1000, day)),
                "isReportRunning", List.of(new Limit(450, minute), new Limit(15_000, hour), new Limit(172_800, day))),
                Duration.ofSeconds(1), clock);
    }

    /**
     * Waits until a call of the operation keeps every limit of it.
     *
     * @param operation the operation, from the {@value #OPERATION_HEADER} header
     * @throws InterruptedException when stopped while waiting
     */
    public void acquire(@Header(OPERATION_HEADER) String operation) throws InterruptedException {
        List<Limit> opLimits = limits.get(operation);
        if (opLimits == null) {
            return;
        }
        while (true) {
            Duration wait;
            synchronized (this) {
                wait = waitFor(operation, opLimits, clock.instant());
                if (wait.isZero()) {
                    return;
                }
                waits++;
            }
            LOG.debug("Five9 {}: waiting {} ms to stay under its call limits", operation, wait.toMillis());
            Thread.sleep(Math.max(1, wait.toMillis()));
        }
    }

    /**
     * Stamps the end of a call of the operation (answered, failed or cut off).
     *
     * @param operation the operation, from the {@value #OPERATION_HEADER} header
     */
    public synchronized void done(@Header(OPERATION_HEADER) String operation) {
        List<Limit> opLimits = limits.get(operation);
        if (opLimits == null) {
            return;
        }
        Deque<Instant> stamps = ended.computeIfAbsent(operation, k -> new ArrayDeque<>());
        stamps.addLast(clock.instant());
        int keep = opLimits.stream().mapToInt(Limit::calls).max().orElse(0);
        while (stamps.size() > keep) {
            stamps.removeFirst();
        }
    }

    /**
     * @param operation an operation
     * @return how long a call of it would wait now (zero: it may start)
     */
    synchronized Duration delayFor(String operation) {
        List<Limit> opLimits = limits.get(operation);
        return opLimits == null ? Duration.ZERO : waitFor(operation, opLimits, clock.instant());
    }

    /** @return how many times a call had to wait so far */
    public synchronized long waits() {
        return waits;
    }

    /** @return zero when a call may start now, else how long to wait */
    private Duration waitFor(String operation, List<Limit> opLimits, Instant now) {
        Deque<Instant> stamps = ended.getOrDefault(operation, new ArrayDeque<>());
        Duration longest = Duration.ZERO;
        for (Limit limit : opLimits) {
            if (stamps.size() < limit.calls()) {
                continue;
            }
            // the limit-th most recent end: the next call may start once it is period + margin old
            Instant oldest = stamps.stream().skip(stamps.size() - limit.calls()).findFirst().orElseThrow();
            Instant free = oldest.plus(limit.period()).plus(margin);
            if (free.isAfter(now)) {
                Duration d = Duration.between(now, free);
                if (d.compareTo(longest) > 0) {
                    longest = d;
                }
            }
        }
        return longest;
    }
}
