package io.playvoxbridge.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.playvox.CommentDelivery;
import io.playvoxbridge.playvox.ConfirmedInteraction;
import io.playvoxbridge.playvox.FailedItem;
import io.playvoxbridge.playvox.InFlightBatches;
import io.playvoxbridge.playvox.PlayvoxAvailability;
import io.playvoxbridge.playvox.PlayvoxBatch;
import io.playvoxbridge.playvox.PlayvoxBulkSink;
import io.playvoxbridge.state.DeadLetterStore;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter route's processor: stores every failed record, one record per dead letter (never a batch of
 * 100) and one dead letter per interaction ({@link DeadLetterStore#addOrUpdate}), with its reason, the route it
 * failed in, its feed and its payload, and logs one line per dead letter. A record whose interaction is a dead
 * letter already is parked: polls skip it ({@link #isParked}); only a replay sends it again.
 *
 * <p>What it understands as the failed exchange's body: a {@link FailedItem} (Playvox rejected it in a job), a
 * {@link FeedRecord}, a {@link CommentDelivery}, a vendor record ({@code Map}); when the body is none of these
 * but the exchange carries the batch in flight ({@link PlayvoxBulkSink#BATCH}), each record of that batch.
 */
public final class DeadLetterRecorder {

    private static final Logger LOG = LoggerFactory.getLogger("io.playvoxbridge.DeadLetters");

    /** Exchange property a replay sets (true) so that records parked as dead letters are processed again. */
    public static final String REPLAY_PROPERTY = "bridgeReplay";

    /** Exchange property a source route sets before translating: the interaction id its record would get. */
    public static final String INTERACTION_ID_PROPERTY = "bridgeInteractionId";

    private final DeadLetterStore store;
    private final WindowTracker tracker;
    private final DeliveryLogIdempotentRepository inFlight;
    private final ObjectMapper json;
    private final InFlightBatches batches;
    private final PlayvoxAvailability availability;
    private final Map<String, Parked> parked = new ConcurrentHashMap<>();

    /**
     * @param store    the dead-letter table
     * @param tracker  window accounting: a dead-lettered record is settled
     * @param inFlight released for each dead-lettered record
     * @param json     to write payloads
     * @param batches  stored batches: one given up on is left for reconciliation (Playvox may hold part of it)
     * @param availability the Playvox circuit breaker: work that failed because Playvox is down is no dead letter;
     *                 null when there is none (tests of the recorder alone)
     */
    public DeadLetterRecorder(DeadLetterStore store, WindowTracker tracker, DeliveryLogIdempotentRepository inFlight,
                              ObjectMapper json, InFlightBatches batches, PlayvoxAvailability availability) {
        this.store = store;
        this.tracker = tracker;
        this.inFlight = inFlight;
        this.json = json;
        this.batches = batches;
        this.availability = availability;
    }

    /**
     * The check a feed's record route makes before its Idempotent Consumer: a record whose interaction is a dead
     * letter already (rejected by Playvox, its job past the timeout, ...) is not sent again by a poll that fetches
     * it again (the lookback, a window fetched again); it waits for an operator's replay or discard.
     *
     * @param record the translated record
     * @param replay the {@link #REPLAY_PROPERTY}, true during a replay
     * @return true when the record is parked and this is no replay
     * @throws io.playvoxbridge.state.StateDatabaseException if the dead letters cannot be read
     */
    public boolean isParked(FeedRecord record, @ExchangeProperty(REPLAY_PROPERTY) Boolean replay) {
        if (Boolean.TRUE.equals(replay)) {
            return false;
        }
        // one query per window, not per record: the feed's parked interactions as the window's first record found
        // them, plus those this process parks meanwhile (a poll's reconciliation, which may remove some, runs before
        // its windows; a window fetched again by a later poll loads them again)
        Object opening = tracker.opening(record.windowId());
        if (opening == null) {
            return store.holdsInteraction(record.feed(), record.interactionId());
        }
        Parked p = parked.get(record.feed());
        if (p == null || p.opening() != opening) {
            p = new Parked(opening, store.interactionsHeld(record.feed()));
            parked.put(record.feed(), p);
        }
        return p.interactionIds().contains(record.interactionId());
    }

    /** The parked interactions of one feed as loaded for one opening of a window ({@link WindowTracker#opening}). */
    private record Parked(Object opening, Set<String> interactionIds) {
    }

    /** Notes a newly parked interaction in its feed's current window snapshot. */
    private void noteParked(String feed, String interactionId) {
        Parked p = feed == null || interactionId == null ? null : parked.get(feed);
        if (p != null) {
            p.interactionIds().add(interactionId);
        }
    }

    /**
     * Settles a parked record as dead-lettered in its window, without a second dead letter.
     *
     * @param record the parked record
     */
    public void parked(FeedRecord record) {
        LOG.debug("interaction_id={} of feed {} is a dead letter already: skipped", record.interactionId(), record.feed());
        tracker.settled(record.windowId(), WindowTracker.Outcome.DEAD_LETTERED);
    }

    /**
     * Records the failed exchange's record(s).
     *
     * @param exchange the exchange the error handler gave up on, or a {@link FailedItem} sent on purpose
     */
    public void record(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof FailedItem item) {
            // sent on purpose (Playvox rejected it in a job): the exchange's caught exception, if any, is an older
            // one that a retry got past, and says nothing about this item
            recordOne(item.record(), "playvox-bulk-post", item.reason());
            return;
        }
        // retries refused while stopping surface as the last vendor error when they happen inside the Circuit
        // Breaker, so the application's stopping (the window tracker is told first) is the reliable sign
        boolean stopping = tracker.isStopping() || failedBecauseStopping(exchange);
        if (stopping || availability != null && availability.failedBecauseDown(caught(exchange))) {
            leaveForNextPoll(exchange, stopping ? "the application is stopping" : "Playvox is down");
            return;
        }
        Object body = exchange.getMessage().getBody();
        if (exchange.getProperty(PlayvoxBulkSink.COMMENT) instanceof CommentDelivery c) {
            body = c; // a comment request failed: its body is the request's JSON by then
        }
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        if (routeId == null) {
            routeId = exchange.getFromRouteId();
        }
        String reason = reason(exchange);
        String feed = exchange.getProperty("bridgeFeed", String.class);
        if (body instanceof FeedRecord r) {
            recordOne(r, routeId, reason);
        } else if (body instanceof CommentDelivery c) {
            long id = store.add(c.feed(), routeId, c.interactionId(), DeadLetterStore.COMMENT_REASON_PREFIX + ": " + reason,
                    write(Map.of("playvox_id", c.playvoxId(), "comment", c.comment().toJson())));
            LOG.warn("dead letter #{} feed={} interaction_id={} route={} reason=\"{}: {}\"",
                    id, c.feed(), c.interactionId(), routeId, DeadLetterStore.COMMENT_REASON_PREFIX, reason);
        } else if (exchange.getProperty(PlayvoxBulkSink.BATCH) instanceof PlayvoxBatch batch) {
            // released before its records settle: once they have, the window commits and the next poll may start,
            // and its reconciliation must see this batch as an orphan
            String batchId = exchange.getProperty(PlayvoxBulkSink.BATCH_ID, String.class);
            if (batchId != null && batches != null) {
                batches.release(batchId);
            }
            for (FeedRecord r : batch.records()) {
                recordOne(r, routeId, reason);
            }
        } else if (body instanceof PlayvoxBatch batch) {
            for (FeedRecord r : batch.records()) {
                recordOne(r, routeId, reason);
            }
        } else {
            String payload = body instanceof Map<?, ?> ? write(body) : exchange.getMessage().getBody(String.class);
            String interactionId = exchange.getProperty(INTERACTION_ID_PROPERTY, String.class);
            long id = store.addOrUpdate(feed, routeId, interactionId, reason, payload);
            noteParked(feed, interactionId);
            LOG.warn("dead letter #{} feed={} interaction_id={} route={} reason=\"{}\"", id, feed, interactionId,
                    routeId, reason);
            FeedWindow window = exchange.getProperty(WindowTracker.WINDOW_PROPERTY, FeedWindow.class);
            if (window != null) {
                tracker.metrics().deadLettered(window.feed());
                tracker.settled(window.id(), WindowTracker.Outcome.DEAD_LETTERED);
            }
        }
    }

    /**
     * Work cut short for a reason that is not the record's fault (Playvox down, application stopping): no dead
     * letter. The batch (if any) stays stored and is reconciled against Playvox at the next poll, and the windows of
     * its records are abandoned, so they stay uncommitted and are fetched again: neither lost nor sent twice.
     */
    private void leaveForNextPoll(Exchange exchange, String why) {
        String batchId = exchange.getProperty(PlayvoxBulkSink.BATCH_ID, String.class);
        if (batchId != null && batches != null) {
            batches.release(batchId);
        }
        Set<String> windows = new LinkedHashSet<>();
        if (exchange.getProperty(PlayvoxBulkSink.BATCH) instanceof PlayvoxBatch batch) {
            batch.records().forEach(r -> windows.add(r.windowId()));
        }
        if (exchange.getMessage().getBody() instanceof FeedRecord r) {
            windows.add(r.windowId());
        }
        if (exchange.getProperty(PlayvoxBulkSink.CONFIRMED_INTERACTION) instanceof ConfirmedInteraction c) {
            windows.add(c.record().windowId());
        }
        if (exchange.getProperty(WindowTracker.WINDOW_PROPERTY) instanceof FeedWindow w) {
            windows.add(w.id());
        }
        windows.forEach(w -> tracker.abandon(w, why));
        // one line for the failure that cut the work short; the calls refused after it are only logged at debug
        boolean refused = reason(exchange).startsWith("CallNotPermittedException");
        String line = "not a dead letter: work in route {} was cut short because {} ({}); it is settled at the next poll";
        if (refused) {
            LOG.debug(line, exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class), why, reason(exchange));
        } else {
            LOG.info(line, exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class), why, reason(exchange));
        }
    }

    private static Throwable caught(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return error != null ? error : exchange.getException();
    }

    /**
     * @param exchange a failed exchange
     * @return true when it failed while Camel is shutting down (redelivery refused while stopping, or a thread pool
     *         rejecting work during the forced shutdown)
     */
    static boolean failedBecauseStopping(Exchange exchange) {
        for (Throwable t = caught(exchange); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    private void recordOne(FeedRecord r, String routeId, String reason) {
        long id = store.addOrUpdate(r.feed(), routeId, r.interactionId(), reason, r.sourcePayload());
        noteParked(r.feed(), r.interactionId());
        LOG.warn("dead letter #{} feed={} interaction_id={} route={} reason=\"{}\"", id, r.feed(), r.interactionId(),
                routeId, reason);
        inFlight.remove(r.deliveryKey());
        tracker.metrics().deadLettered(r.feed());
        tracker.settled(r.windowId(), WindowTracker.Outcome.DEAD_LETTERED);
    }

    private static String reason(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        if (error == null) {
            String r = exchange.getProperty("bridgeDeadLetterReason", String.class);
            return r == null ? "unknown reason" : r;
        }
        String message = error.getMessage();
        if (error instanceof InvalidRecordException) {
            return message;
        }
        return message == null || message.isBlank() ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + message;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            return String.valueOf(value);
        }
    }
}
