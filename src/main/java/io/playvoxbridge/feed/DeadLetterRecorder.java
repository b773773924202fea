package io.playvoxbridge.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.playvox.CommentDelivery;
import io.playvoxbridge.playvox.FailedItem;
import io.playvoxbridge.playvox.InFlightBatches;
import io.playvoxbridge.playvox.PlayvoxBatch;
import io.playvoxbridge.playvox.PlayvoxBulkSink;
import io.playvoxbridge.state.DeadLetterStore;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter route's processor: stores every failed record, one record per dead letter (never a batch of
 * 100), with its reason, the route it failed in, its feed and its payload, and logs one line per dead letter.
 *
 * <p>What it understands as the failed exchange's body: a {@link FailedItem} (Playvox rejected it in a job), a
 * {@link FeedRecord}, a {@link CommentDelivery}, a vendor record ({@code Map}); when the body is none of these
 * but the exchange carries the batch in flight ({@link PlayvoxBulkSink#BATCH}), each record of that batch.
 */
public final class DeadLetterRecorder {

    private static final Logger LOG = LoggerFactory.getLogger("io.playvoxbridge.DeadLetters");

    /** Exchange property a source route sets before translating: the interaction id its record would get. */
    public static final String INTERACTION_ID_PROPERTY = "bridgeInteractionId";

    private final DeadLetterStore store;
    private final WindowTracker tracker;
    private final DeliveryLogIdempotentRepository inFlight;
    private final ObjectMapper json;
    private final InFlightBatches batches;

    /**
     * @param store    the dead-letter table
     * @param tracker  window accounting: a dead-lettered record is settled
     * @param inFlight released for each dead-lettered record
     * @param json     to write payloads
     * @param batches  stored batches: one given up on is left for reconciliation (Playvox may hold part of it)
     */
    public DeadLetterRecorder(DeadLetterStore store, WindowTracker tracker, DeliveryLogIdempotentRepository inFlight,
                              ObjectMapper json, InFlightBatches batches) {
        this.store = store;
        this.tracker = tracker;
        this.inFlight = inFlight;
        this.json = json;
        this.batches = batches;
    }

    /**
     * Records the failed exchange's record(s).
     *
     * @param exchange the exchange the error handler gave up on, or a {@link FailedItem} sent on purpose
     */
    public void record(Exchange exchange) {
        if (failedBecauseStopping(exchange)) {
            // not the record's fault: its window stays uncommitted and its batch (if any) is reconciled at the next
            // start, so it is neither lost nor sent twice, and no dead letter is left behind for an operator
            String batchId = exchange.getProperty(PlayvoxBulkSink.BATCH_ID, String.class);
            if (batchId != null && batches != null) {
                batches.release(batchId);
            }
            LOG.info("not a dead letter: work in route {} was cut short because the application is stopping; it is "
                    + "settled at the next start", exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class));
            return;
        }
        Object body = exchange.getMessage().getBody();
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        if (routeId == null) {
            routeId = exchange.getFromRouteId();
        }
        String reason = reason(exchange);
        String feed = exchange.getProperty("bridgeFeed", String.class);
        if (body instanceof FailedItem item) {
            recordOne(item.record(), routeId, item.reason());
        } else if (body instanceof FeedRecord r) {
            recordOne(r, routeId, reason);
        } else if (body instanceof CommentDelivery c) {
            long id = store.add(c.feed(), routeId, c.interactionId(), "comment not posted: " + reason,
                    write(Map.of("playvox_id", c.playvoxId(), "comment", c.comment().toJson())));
            LOG.warn("dead letter #{} feed={} interaction_id={} route={} reason=\"comment not posted: {}\"",
                    id, c.feed(), c.interactionId(), routeId, reason);
        } else if (exchange.getProperty(PlayvoxBulkSink.BATCH) instanceof PlayvoxBatch batch) {
            for (FeedRecord r : batch.records()) {
                recordOne(r, routeId, reason);
            }
            String batchId = exchange.getProperty(PlayvoxBulkSink.BATCH_ID, String.class);
            if (batchId != null && batches != null) {
                batches.release(batchId);
            }
        } else if (body instanceof PlayvoxBatch batch) {
            for (FeedRecord r : batch.records()) {
                recordOne(r, routeId, reason);
            }
        } else {
            String payload = body instanceof Map<?, ?> ? write(body) : exchange.getMessage().getBody(String.class);
            String interactionId = exchange.getProperty(INTERACTION_ID_PROPERTY, String.class);
            long id = store.add(feed, routeId, interactionId, reason, payload);
            LOG.warn("dead letter #{} feed={} interaction_id={} route={} reason=\"{}\"", id, feed, interactionId,
                    routeId, reason);
            FeedWindow window = exchange.getProperty(WindowTracker.WINDOW_PROPERTY, FeedWindow.class);
            if (window != null) {
                tracker.settled(window.id(), WindowTracker.Outcome.DEAD_LETTERED);
            }
        }
    }

    /**
     * @param exchange a failed exchange
     * @return true when it failed only because Camel is shutting down (redelivery refused while stopping, or a
     *         thread pool rejecting work during the forced shutdown)
     */
    static boolean failedBecauseStopping(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    private void recordOne(FeedRecord r, String routeId, String reason) {
        long id = store.add(r.feed(), routeId, r.interactionId(), reason, r.sourcePayload());
        LOG.warn("dead letter #{} feed={} interaction_id={} route={} reason=\"{}\"", id, r.feed(), r.interactionId(),
                routeId, reason);
        inFlight.remove(r.deliveryKey());
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
