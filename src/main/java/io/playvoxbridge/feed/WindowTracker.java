package io.playvoxbridge.feed;

import io.playvoxbridge.observe.BridgeMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per polled window, the records fetched and the records settled (delivered and confirmed by a Playvox
 * job, dead-lettered, or skipped because the delivery log already holds them). A window may be committed only
 * when every fetched record is settled; batches completed by the aggregator's timeout settle on another thread,
 * so the window route waits for them here.
 */
public final class WindowTracker {

    private static final Logger LOG = LoggerFactory.getLogger(WindowTracker.class);

    /** The exchange property holding the current {@link FeedWindow}. */
    public static final String WINDOW_PROPERTY = "bridgeWindow";

    /** How one record ended. */
    public enum Outcome { DELIVERED, DEAD_LETTERED, ALREADY_DELIVERED }

    /** Counters of one window. */
    public static final class Counts {
        private final long startedNanos = System.nanoTime();
        private long fetched;
        private long delivered;
        private long deadLettered;
        private long alreadyDelivered;
        private String abandonedBecause;

        /** @return records fetched from the vendor */
        public synchronized long fetched() {
            return fetched;
        }

        /** @return records confirmed by a Playvox job */
        public synchronized long delivered() {
            return delivered;
        }

        /** @return records recorded as dead letters */
        public synchronized long deadLettered() {
            return deadLettered;
        }

        /** @return records skipped because Playvox already had them */
        public synchronized long alreadyDelivered() {
            return alreadyDelivered;
        }

        synchronized long settled() {
            return delivered + deadLettered + alreadyDelivered;
        }

        /** @return milliseconds since the window was opened */
        public long tookMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        }
    }

    private final Map<String, Counts> windows = new ConcurrentHashMap<>();
    private final BridgeMetrics metrics;
    private final Map<String, Counts> closedBackfillWindows = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** A tracker whose metrics go to a private registry ({@link BridgeMetrics#standalone()}). */
    public WindowTracker() {
        this(BridgeMetrics.standalone());
    }

    /**
     * @param metrics where the per-feed record counters go: fetched and already delivered are counted here, delivered
     *                and dead-lettered by the sink and the dead-letter recorder (each once per record)
     */
    public WindowTracker(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    /** @return the bridge's metrics, which the sink and the dead-letter recorder count into */
    public BridgeMetrics metrics() {
        return metrics;
    }

    /**
     * Starts counting a window.
     *
     * @param window the window being polled
     */
    public void open(@ExchangeProperty(WINDOW_PROPERTY) FeedWindow window) {
        windows.put(window.id(), new Counts());
    }

    /**
     * @param windowId a {@link FeedWindow#id()}
     * @return a token that stands for this opening of the window (a window fetched again by a later poll gets a new
     *         one), or null when the window is not open; compare with {@code ==}
     */
    public Object opening(String windowId) {
        return windowId == null ? null : windows.get(windowId);
    }

    /** @param window the record's window; counts one fetched record */
    public void fetched(@ExchangeProperty(WINDOW_PROPERTY) FeedWindow window) {
        Counts c = windows.get(window.id());
        if (c != null) {
            synchronized (c) {
                c.fetched++;
            }
            metrics.fetched(window.feed());
        }
    }

    /**
     * Counts one settled record of a window.
     *
     * @param windowId the {@link FeedWindow#id()}; unknown ids (a replayed dead letter) are ignored
     * @param outcome  how it ended
     */
    public void settled(String windowId, Outcome outcome) {
        Counts c = windowId == null ? null : windows.get(windowId);
        if (c == null) {
            return;
        }
        synchronized (c) {
            switch (outcome) {
                case DELIVERED -> c.delivered++;
                case DEAD_LETTERED -> c.deadLettered++;
                case ALREADY_DELIVERED -> c.alreadyDelivered++;
            }
            c.notifyAll();
        }
    }

    /** @param window the record's window; counts one record skipped as already delivered */
    public void alreadyDelivered(@ExchangeProperty(WINDOW_PROPERTY) FeedWindow window) {
        metrics.alreadyDelivered(window.feed());
        settled(window.id(), Outcome.ALREADY_DELIVERED);
    }

    /**
     * Waits until every fetched record of the window is settled.
     *
     * @param window  the window
     * @param timeout the longest wait
     * @return the window's counters
     * @throws WindowNotSettledException when records are still unsettled after the timeout; the window is then
     *                                   not committed and the next poll fetches it again
     */
    public Counts awaitSettled(FeedWindow window, Duration timeout) throws InterruptedException {
        Counts c = windows.get(window.id());
        if (c == null) {
            throw new IllegalStateException("window not open: " + window.id());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (c) {
            while (c.settled() < c.fetched) {
                long left = deadline - System.nanoTime();
                if (c.abandonedBecause != null) {
                    throw new WindowNotSettledException(window, c.fetched - c.settled(), c.abandonedBecause);
                }
                if (left <= 0 || stopping) {
                    throw new WindowNotSettledException(window, c.fetched - c.settled());
                }
                TimeUnit.NANOSECONDS.timedWait(c, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
        return c;
    }

    /**
     * Gives up on a window whose records cannot all settle now (Playvox is down, or the application is stopping):
     * its commit fails at once instead of waiting for the settle timeout, and its remaining records are skipped
     * ({@link #isAbandoned}). The window stays uncommitted, so the next poll fetches it again.
     *
     * @param windowId the {@link FeedWindow#id()}; unknown ids are ignored
     * @param reason   why, for the log line of the poll
     */
    public void abandon(String windowId, String reason) {
        Counts c = windowId == null ? null : windows.get(windowId);
        if (c == null) {
            return;
        }
        synchronized (c) {
            if (c.abandonedBecause == null) {
                c.abandonedBecause = reason;
            }
            c.notifyAll();
        }
    }

    /**
     * @param window the current record's window
     * @return true when the window was abandoned: its remaining records are not worth processing in this poll
     */
    public boolean isAbandoned(@ExchangeProperty(WINDOW_PROPERTY) FeedWindow window) {
        Counts c = window == null ? null : windows.get(window.id());
        if (c == null) {
            return false;
        }
        synchronized (c) {
            return c.abandonedBecause != null;
        }
    }

    /**
     * The application is stopping: windows still waiting give up at once and stay uncommitted, so the next start
     * fetches them again (what was already confirmed is in the delivery log and is not sent twice).
     */
    public void stopping() {
        stopping = true;
    }

    /** @return true once the application has begun to stop ({@link #stopping()}) */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * Stops counting a window.
     *
     * @param window the window
     * @return its final counters, or null if it was not open
     */
    public Counts close(FeedWindow window) {
        Counts c = windows.remove(window.id());
        if (c != null) {
            LOG.debug("window {} closed", window.id());
            if (window.backfill()) {
                closedBackfillWindows.put(window.id(), c);
            }
        }
        return c;
    }

    /**
     * The final counters of a backfill window, kept by {@link #close} for the backfill command (its window route
     * closes the window; the command reads what it counted once the route returns).
     *
     * @param window a {@link FeedWindow#backfill() backfill} window
     * @return its counters, removed from the tracker, or null when it was not closed (or already taken)
     */
    public Counts takeClosedBackfillWindow(FeedWindow window) {
        return closedBackfillWindows.remove(window.id());
    }

    /** A window whose records are not all settled in time; it stays uncommitted. */
    public static final class WindowNotSettledException extends RuntimeException {
        /** @param window the window; @param unsettled records still in flight */
        public WindowNotSettledException(FeedWindow window, long unsettled) {
            super("window " + window.id() + " not committed: " + unsettled
                    + " record(s) still in flight; the next poll fetches it again");
        }

        /** @param window the window; @param unsettled records not settled; @param reason why it was abandoned */
        public WindowNotSettledException(FeedWindow window, long unsettled, String reason) {
            super("window " + window.id() + " not committed (" + reason + "): " + unsettled
                    + " record(s) not settled; the next poll fetches it again");
        }
    }
}
