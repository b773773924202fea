package io.playvoxbridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When each sequence-numbered record of a sandbox report is created and becomes visible; shared by the Wolkvox
 * report generators ({@link Chat4RecordGenerator}, {@link Diagram4RecordGenerator}, {@link Chat1RecordGenerator}).
 *
 * <p>Indices {@code 0..historyRecords-1} are spread evenly (with seeded jitter) over
 * {@code [anchor - historySpan, anchor)}; index {@code historyRecords + k} is created at
 * {@code anchor + (k + 1) * 60 s / recordsPerMinute}. Creation times are whole seconds and never decrease with
 * the index. The {@code lateRate} share of records is visible only {@code lateBy} after its creation. Every draw is a
 * function of (seed, index, salt), so the same seed always gives the same timeline. Immutable.
 */
final class RecordTimeline {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SALT_TIME = 0x1L;
    private static final long SALT_LATE = 0x2L;

    private final long seed;
    private final Instant anchor;
    private final int historyRecords;
    private final long historySpanNanos;
    private final double recordsPerMinute;
    private final double lateRate;
    private final Duration lateBy;

    /**
     * @param seed             seed of every draw
     * @param anchor           start moment; truncated to whole seconds
     * @param historyRecords   records before the anchor
     * @param historySpan      how far back the history reaches, positive
     * @param recordsPerMinute records per minute after the anchor; 0 = none
     * @param lateRate         share of records (0..1) that become visible only {@code lateBy} after their creation
     * @param lateBy           delay of late records
     */
    RecordTimeline(long seed, Instant anchor, int historyRecords, Duration historySpan, double recordsPerMinute,
                   double lateRate, Duration lateBy) {
        this.seed = seed;
        this.anchor = anchor.truncatedTo(ChronoUnit.SECONDS);
        this.historyRecords = historyRecords;
        this.historySpanNanos = historySpan.toNanos();
        this.recordsPerMinute = recordsPerMinute;
        this.lateRate = lateRate;
        this.lateBy = Objects.requireNonNull(lateBy);
    }

    /** @return the anchor, whole seconds */
    Instant anchor() {
        return anchor;
    }

    /** @return the seed of the draws */
    long seed() {
        return seed;
    }

    /**
     * @param index record index, {@code >= 0}
     * @return the record's creation moment, whole seconds; non-decreasing in the index
     */
    Instant creation(long index) {
        if (index < historyRecords) {
            double slot = historySpanNanos / (double) historyRecords;
            double jitter = unit(index, SALT_TIME);
            long offset = (long) ((index + jitter) * slot);
            offset = Math.min(Math.max(offset, 0L), historySpanNanos - 1);
            Instant start = anchor.minusNanos(historySpanNanos);
            return start.plusNanos(offset).truncatedTo(ChronoUnit.SECONDS);
        }
        long k = index - historyRecords;
        double intervalNanos = 60.0 * NANOS_PER_SECOND / recordsPerMinute;
        long offset = (long) ((k + 1) * intervalNanos);
        return anchor.plusNanos(offset).truncatedTo(ChronoUnit.SECONDS);
    }

    /** @return whether the record is one of the late-arriving share */
    boolean late(long index) {
        return unit(index, SALT_LATE) < lateRate;
    }

    /** @return the delay of late records */
    Duration lateBy() {
        return lateBy;
    }

    /** @return the first moment the record is visible: its creation, plus {@code lateBy} for late records */
    Instant visibleFrom(long index) {
        Instant created = creation(index);
        return late(index) ? created.plus(lateBy) : created;
    }

    /**
     * An exclusive upper bound of the indices created at or before a moment.
     *
     * @param moment any instant
     * @return a count {@code n} such that every index {@code >= n} was created after {@code moment}
     */
    long indexBound(Instant moment) {
        if (recordsPerMinute <= 0 || !moment.isAfter(anchor)) {
            return historyRecords;
        }
        double elapsedNanos = Duration.between(anchor, moment).toNanos() + (double) NANOS_PER_SECOND;
        double intervalNanos = 60.0 * NANOS_PER_SECOND / recordsPerMinute;
        return historyRecords + (long) Math.ceil(elapsedNanos / intervalNanos) + 1;
    }

    /**
     * Smallest index in {@code [0, bound)} created at or after {@code moment} (binary search).
     *
     * @return that index, or {@code bound} if none
     */
    long firstCreatedAtOrAfter(Instant moment, long bound) {
        long lo = 0;
        long hi = bound;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (creation(mid).isBefore(moment)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * @return indices {@code [lo, hi)} created within {@code [from, min(toInclusive, now)]}, as {@code {lo, hi}}
     */
    long[] indexRange(Instant from, Instant toInclusive, Instant now) {
        Instant upper = toInclusive.isBefore(now) ? toInclusive : now;
        long bound = indexBound(upper);
        long lo = firstCreatedAtOrAfter(from, bound);
        long hi = firstCreatedAtOrAfter(upper.plusNanos(1), bound);
        return new long[] {lo, Math.max(lo, hi)};
    }

    /** @return a number in {@code [0, 1)} drawn from (seed, index, salt) */
    double unit(long index, long salt) {
        return (mix64(seed ^ mix64(index * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL)) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finalizer: a bijection on 64-bit values. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
