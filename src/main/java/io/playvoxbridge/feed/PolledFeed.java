package io.playvoxbridge.feed;

import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every polled feed shares, called from its routes file ({@code routes/sources/<feed>.camel.yaml}):
 * get the Playvox integration ready and settle in-doubt batches, plan the windows from the watermark, and commit a
 * window once each of its records is delivered or dead-lettered, with one log line of its counts. A vendor's feed
 * class extends it with the steps that are its own (the request, the translation).
 *
 * <p>Playvox side: https://developers.playvox.com/custom-integrations/ (integration setup and bulk jobs are done by
 * {@link PlayvoxIntegrationSetup} and {@link PlayvoxReconciler}).
 */
public class PolledFeed {

    private static final Logger LOG = LoggerFactory.getLogger(PolledFeed.class);
    private static final DateTimeFormatter LOG_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String feed;
    private final FeedWindowPlanner planner;
    private final IntegrationDefinition integration;
    private final PlayvoxIntegrationSetup setup;
    private final PlayvoxReconciler reconciler;
    private final WindowTracker tracker;
    private final Duration settleTimeout;

    /**
     * @param feed          the feed id ({@code wolkvox-chat}, {@code five9-call-log}...): watermark key and the
     *                      {@code bridgeFeed} property
     * @param planner       window planning and watermark
     * @param integration   the feed's integration file
     * @param setup         Playvox integration setup (run before the first window)
     * @param reconciler    settles in-doubt batches before each poll
     * @param tracker       window accounting
     * @param settleTimeout longest wait for a window's records to settle before giving up on committing it
     */
    public PolledFeed(String feed, FeedWindowPlanner planner, IntegrationDefinition integration,
                      PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                      Duration settleTimeout) {
        this.feed = feed;
        this.planner = planner;
        this.integration = integration;
        this.setup = setup;
        this.reconciler = reconciler;
        this.tracker = tracker;
        this.settleTimeout = settleTimeout;
    }

    /** @return the feed id */
    public String feed() {
        return feed;
    }

    /** @return the integration name records go to */
    public String integrationName() {
        return integration.name();
    }

    /** @return the feed's integration definition */
    public IntegrationDefinition integration() {
        return integration;
    }

    /**
     * Makes sure the Playvox integration is set up and no batch is in doubt, then plans this poll.
     *
     * @return the windows, oldest first
     * @throws InterruptedException when stopped while following an in-doubt batch's job
     */
    public List<FeedWindow> planWindows() throws InterruptedException {
        ensureReady();
        List<FeedWindow> windows = planner.plan();
        LOG.debug("{}: {} window(s) to poll", feed, windows.size());
        return windows;
    }

    /**
     * Makes sure the Playvox integration is set up in this process and no batch of it is in doubt (in a dry run:
     * the setup only plans, and in-doubt batches are left for a real run): the first step of
     * every poll, and of every replay of dead letters ({@code <feed>-replay}), which sends records without planning
     * or committing a window.
     *
     * @throws InterruptedException when stopped while following an in-doubt batch's job
     * @throws RuntimeException     when Playvox cannot be asked (after the request route's retries)
     */
    public void ensureReady() throws InterruptedException {
        setup.ensure(integration);
        if (setup.dryRun()) {
            // reconciling settles stored batches with Playvox (POSTs comments, writes state): a dry run leaves them
            LOG.debug("{}: dry run, in-doubt batches are left for a real run", feed);
            return;
        }
        reconciler.reconcile(integration.name());
    }

    /** @return the feed's zone: windows are planned in it and local times are read in it */
    public java.time.ZoneId zone() {
        return planner.zone();
    }

    /** @return the feed's longest window per request (its max-window or max-range setting) */
    public Duration maxWindow() {
        return planner.maxWindow();
    }

    /**
     * The windows of a backfill of {@code [from, to)}: cut like a poll's, at most {@link #maxWindow()} each, marked
     * {@link FeedWindow#backfill()} so their commit leaves the watermark alone. A feed whose vendor cannot serve
     * part of the range overrides this and says so.
     *
     * @param from the range's start, inclusive (truncated to whole seconds)
     * @param to   the range's end, exclusive (truncated to whole seconds)
     * @return the windows, oldest first; empty when {@code from} is not before {@code to}
     * @throws IllegalArgumentException when the vendor cannot serve the range (the message says why, in one line)
     */
    public List<FeedWindow> backfillWindows(java.time.Instant from, java.time.Instant to) {
        return planner.planRange(from, to, true);
    }

    /**
     * Commits a window: waits until each of its records is settled, moves the watermark to the window's end (not
     * for a {@link FeedWindow#backfill() backfill} window) and logs one line with the window's counts. In a dry run
     * ({@link PlayvoxIntegrationSetup#dryRun()}) the watermark does not move: the line says what would have been sent.
     *
     * @param window the window just processed
     * @throws WindowTracker.WindowNotSettledException when records are still in flight after the settle timeout
     * @throws InterruptedException                    when stopped while waiting
     */
    public void commit(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) throws InterruptedException {
        try {
            WindowTracker.Counts c = tracker.awaitSettled(window, settleTimeout);
            if (setup.dryRun()) {
                // nothing was sent: the watermark stays, so the next (real) run fetches this window again
                LOG.info("DRY RUN {} window [{}, {}) {}: fetched {}, would send {}, would dead-letter {}, already "
                                + "delivered {}, took {} ms; watermark not moved", feed, LOG_DATE.format(window.localFrom()),
                        LOG_DATE.format(window.localTo()), window.zone(), c.fetched(), c.delivered(), c.deadLettered(),
                        c.alreadyDelivered(), c.tookMillis());
                return;
            }
            if (!window.backfill()) {
                planner.commit(window);
                tracker.metrics().windowCommitted(feed, window.to());
            }
            LOG.info("{} {}window [{}, {}) {}: fetched {}, delivered {}, dead-lettered {}, already delivered {}, took {} ms",
                    feed, window.backfill() ? "backfill " : "", LOG_DATE.format(window.localFrom()),
                    LOG_DATE.format(window.localTo()), window.zone(),
                    c.fetched(), c.delivered(), c.deadLettered(), c.alreadyDelivered(), c.tookMillis());
        } finally {
            tracker.close(window);
        }
    }
}
