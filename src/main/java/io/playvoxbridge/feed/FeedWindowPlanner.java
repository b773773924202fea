package io.playvoxbridge.feed;

import io.playvoxbridge.state.WatermarkStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the windows of one poll: from the feed's watermark minus the lookback (first run: the configured start,
 * or 24 hours ago) up to now, cut into windows of at most {@code maxWindow}. Instants are truncated to whole
 * seconds because vendors such as Wolkvox take second-resolution dates ({@code YYYYmmddHHiiss}).
 */
public final class FeedWindowPlanner {

    /** Where a feed starts when it has no watermark and no configured start: this long before the first poll. */
    public static final Duration DEFAULT_FIRST_RUN_REACH = Duration.ofHours(24);

    private final String feed;
    private final Optional<LocalDateTime> startAt;
    private final ZoneId zone;
    private final Duration lookback;
    private final Duration maxWindow;
    private final WatermarkStore watermarks;
    private final Clock clock;

    /**
     * @param feed       the feed id, the key of its watermark
     * @param startAt    first-run start in the operation's local time, or empty for 24 hours before the first poll
     * @param zone       the operation's zone
     * @param lookback   how far before the watermark each poll reaches back, for late-arriving records
     * @param maxWindow  longest window per vendor call (Wolkvox: 31 days)
     * @param watermarks the watermark store
     * @param clock      the clock that says "now"
     */
    public FeedWindowPlanner(String feed, Optional<LocalDateTime> startAt, ZoneId zone, Duration lookback,
                             Duration maxWindow, WatermarkStore watermarks, Clock clock) {
        if (maxWindow.isZero() || maxWindow.isNegative()) {
            throw new IllegalArgumentException("maxWindow must be positive");
        }
        this.feed = feed;
        this.startAt = startAt;
        this.zone = zone;
        this.lookback = lookback;
        this.maxWindow = maxWindow;
        this.watermarks = watermarks;
        this.clock = clock;
    }

    /** @return the windows of this poll, oldest first; empty when the watermark is already at now */
    public List<FeedWindow> plan() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = watermarks.get(feed)
                .map(w -> w.minus(lookback))
                .orElseGet(() -> startAt.map(s -> s.atZone(zone).toInstant()).orElse(now.minus(DEFAULT_FIRST_RUN_REACH)))
                .truncatedTo(ChronoUnit.SECONDS);
        return planRange(from, now, false);
    }

    /**
     * Cuts a range into windows of at most {@code maxWindow}.
     *
     * @param from     the range's start, inclusive (truncated to whole seconds)
     * @param to       the range's end, exclusive (truncated to whole seconds)
     * @param backfill whether the windows are a backfill's ({@link FeedWindow#backfill()})
     * @return the windows, oldest first; empty when {@code from} is not before {@code to}
     */
    public List<FeedWindow> planRange(Instant from, Instant to, boolean backfill) {
        Instant start = from.truncatedTo(ChronoUnit.SECONDS);
        Instant end = to.truncatedTo(ChronoUnit.SECONDS);
        List<FeedWindow> windows = new ArrayList<>();
        while (start.isBefore(end)) {
            Instant next = start.plus(maxWindow);
            if (next.isAfter(end)) {
                next = end;
            }
            windows.add(new FeedWindow(feed, start, next, zone, backfill));
            start = next;
        }
        return windows;
    }

    /** @return the longest window per vendor call */
    public Duration maxWindow() {
        return maxWindow;
    }

    /** @return the feed id */
    public String feed() {
        return feed;
    }

    /** @return the operation's zone */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Moves the watermark to the window's end. Call only when every record of the window is confirmed by Playvox
     * or recorded as a dead letter.
     *
     * @param window the settled window
     */
    public void commit(FeedWindow window) {
        watermarks.put(feed, window.to());
    }
}
