package io.playvoxbridge.feed;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One polled window {@code [from, to)} of a feed. The vendor may treat both bounds as inclusive; records that
 * come back in two windows are removed by the delivery log, never sent twice.
 *
 * @param feed     the feed id, e.g. {@code wolkvox-chat}
 * @param from     start, inclusive
 * @param to       end, exclusive; the feed's watermark becomes this instant when the window is committed
 * @param zone     the operation's zone the vendor reads dates in
 * @param backfill true for a window of the backfill command: it goes through the same routes, but its commit
 *                 leaves the feed's watermark where it is (the backfill stores its own progress)
 */
public record FeedWindow(String feed, Instant from, Instant to, ZoneId zone, boolean backfill) {

    /**
     * A window of the regular polls (not a backfill's).
     *
     * @param feed the feed id
     * @param from start, inclusive
     * @param to   end, exclusive
     * @param zone the operation's zone
     */
    public FeedWindow(String feed, Instant from, Instant to, ZoneId zone) {
        this(feed, from, to, zone, false);
    }

    /** @return a stable id for logs and tracking: {@code wolkvox-chat[2026-11-21T00:00:00Z,2026-11-21T05:00:00Z)} */
    public String id() {
        return feed + "[" + from + "," + to + ")";
    }

    /** @return {@code from} in the operation's zone */
    public ZonedDateTime localFrom() {
        return from.atZone(zone);
    }

    /** @return {@code to} in the operation's zone */
    public ZonedDateTime localTo() {
        return to.atZone(zone);
    }

    @Override
    public String toString() {
        return id();
    }
}
