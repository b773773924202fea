package io.playvoxbridge.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The progress state of one backfill run, which its progress bar shows: windows done of the total, records
 * fetched, the rate in records a second and the time left. A resumed backfill starts from what the earlier runs
 * committed (windows, records and the time they took), so the rate and the estimate cover the whole range. Time is
 * the sum of the committed windows' durations, as measured by the caller (no clock here).
 */
final class BackfillMeter {

    private final int total;
    private int windowsDone;
    private long records;
    private Duration elapsed;
    private int windowsThisRun;
    private long delivered;
    private long deadLettered;
    private long alreadyDelivered;

    /**
     * @param total          windows of the whole range (done before included)
     * @param doneBefore     windows committed by earlier runs
     * @param recordsBefore  records fetched in them
     * @param elapsedBefore  time they took
     * @throws IllegalArgumentException when {@code doneBefore} is negative or above {@code total}
     */
    BackfillMeter(int total, int doneBefore, long recordsBefore, Duration elapsedBefore) {
        if (doneBefore < 0 || doneBefore > total) {
            throw new IllegalArgumentException("windows done " + doneBefore + " of " + total);
        }
        this.total = total;
        this.windowsDone = doneBefore;
        this.records = recordsBefore;
        this.elapsed = elapsedBefore;
    }

    /**
     * Counts one committed window.
     *
     * @param fetched          records fetched in it
     * @param delivered        confirmed by Playvox
     * @param deadLettered     recorded as dead letters
     * @param alreadyDelivered skipped because Playvox already had them
     * @param took             how long the window took
     */
    void windowDone(long fetched, long delivered, long deadLettered, long alreadyDelivered, Duration took) {
        windowsDone++;
        windowsThisRun++;
        records += fetched;
        this.delivered += delivered;
        this.deadLettered += deadLettered;
        this.alreadyDelivered += alreadyDelivered;
        elapsed = elapsed.plus(took);
    }

    /** @return windows of the whole range */
    int total() {
        return total;
    }

    /** @return windows committed, by this run and earlier ones */
    int windowsDone() {
        return windowsDone;
    }

    /** @return windows committed by this run */
    int windowsThisRun() {
        return windowsThisRun;
    }

    /** @return records fetched in the committed windows, earlier runs included */
    long records() {
        return records;
    }

    /** @return records of this run confirmed by Playvox */
    long delivered() {
        return delivered;
    }

    /** @return records of this run recorded as dead letters */
    long deadLettered() {
        return deadLettered;
    }

    /** @return records of this run skipped because Playvox already had them */
    long alreadyDelivered() {
        return alreadyDelivered;
    }

    /** @return time spent in the committed windows, earlier runs included */
    Duration elapsed() {
        return elapsed;
    }

    /** @return records a second over the committed windows; 0 before any time was spent */
    double recordsPerSecond() {
        long millis = elapsed.toMillis();
        return millis <= 0 ? 0 : records * 1000.0 / millis;
    }

    /** @return true once every window is committed */
    boolean complete() {
        return windowsDone >= total;
    }

    /**
     * @return the time left: the windows left times the mean time of a committed window; zero when complete; empty
     *         while no window is committed (nothing to estimate from)
     */
    Optional<Duration> eta() {
        if (complete()) {
            return Optional.of(Duration.ZERO);
        }
        if (windowsDone == 0 || elapsed.isZero()) {
            return Optional.empty();
        }
        return Optional.of(elapsed.multipliedBy(total - windowsDone).dividedBy(windowsDone));
    }

    /** @return the progress bar's extra message, e.g. {@code 1,234 records, 56.7 records/s} */
    String extraMessage() {
        return String.format(Locale.ROOT, "%,d records, %.1f records/s", records, recordsPerSecond());
    }
}
