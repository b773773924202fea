package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.DeliveryLogIdempotentRepository;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.state.DeliveryLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of the Playvox sink routes ({@code routes/common/playvox-sink.camel.yaml}): build the bulk
 * request, follow its job, record what Playvox confirmed, and build the comment requests. Follows
 * https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems ("Bulk Operations",
 * step 4) with the job shape documented in {@link PlayvoxApi}.
 *
 * <p>Exchange properties it reads and writes: {@code bridgeBatch} ({@link PlayvoxBatch} being sent),
 * {@code bridgeJobId}, {@code bridgeJob} ({@link PlayvoxJob}), {@code bridgeJobEnded} (boolean),
 * {@code bridgeConfirmed} (list of {@link ConfirmedInteraction}), {@code bridgeFailedItems} (list of {@link FailedItem}).
 */
public final class PlayvoxBulkSink {

    private static final Logger LOG = LoggerFactory.getLogger(PlayvoxBulkSink.class);

    /** Exchange property: the batch in flight; the dead-letter route splits it into records on failure. */
    public static final String BATCH = "bridgeBatch";

    /** Exchange property: the id of the batch's row in the in-flight table. */
    public static final String BATCH_ID = "bridgeBatchId";

    /** Exchange property: the {@link CommentDelivery} being posted (the body is then the request's JSON). */
    public static final String COMMENT = "bridgeComment";

    /** Exchange property: the {@link ConfirmedInteraction} whose comments are being posted. */
    public static final String CONFIRMED_INTERACTION = "bridgeConfirmedInteraction";

    /** Exchange property: {@link System#nanoTime()} when the bulk request was accepted (for the job latency metric). */
    static final String JOB_ACCEPTED_NANOS = "bridgeJobAcceptedNanos";

    private final PlayvoxApi api;
    private final PlayvoxIntegrationSetup setup;
    private final DeliveryLog deliveryLog;
    private final WindowTracker tracker;
    private final DeliveryLogIdempotentRepository inFlight;
    private final InFlightBatches batches;
    private final Duration firstPollDelay;
    private final Duration maxPollDelay;
    private final Duration jobTimeout;

    /**
     * @param api            Playvox shapes
     * @param setup          integration ids
     * @param deliveryLog    where confirmed interactions are recorded
     * @param tracker        window accounting
     * @param inFlight       the idempotent repository whose in-flight keys are released when records settle
     * @param batches        batches persisted from before their POST until every record settled
     * @param firstPollDelay wait before the first job poll; doubles per poll
     * @param maxPollDelay   longest wait between job polls
     * @param jobTimeout     how long a job may stay unfinished before the batch fails
     */
    public PlayvoxBulkSink(PlayvoxApi api, PlayvoxIntegrationSetup setup, DeliveryLog deliveryLog, WindowTracker tracker,
                           DeliveryLogIdempotentRepository inFlight, InFlightBatches batches, Duration firstPollDelay,
                           Duration maxPollDelay, Duration jobTimeout) {
        this.api = api;
        this.setup = setup;
        this.deliveryLog = deliveryLog;
        this.tracker = tracker;
        this.inFlight = inFlight;
        this.batches = batches;
        this.firstPollDelay = firstPollDelay;
        this.maxPollDelay = maxPollDelay;
        this.jobTimeout = jobTimeout;
    }

    /**
     * Turns the batch body into the bulk request: JSON array body, {@code POST /integrations/{id}/bulk/interactions}.
     *
     * @param exchange body {@link PlayvoxBatch} of 1-100 records
     */
    public void prepareBulk(Exchange exchange) {
        PlayvoxBatch batch = exchange.getMessage().getBody(PlayvoxBatch.class);
        exchange.setProperty(BATCH, batch);
        // persisted before the POST: after a crash its outcome is reconciled, never blindly re-sent
        exchange.setProperty(BATCH_ID, batches.open(batch));
        Message m = exchange.getMessage();
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.HTTP_PATH, PlayvoxApi.bulkPath(setup.id(batch.integration())));
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(api.bulkBody(batch));
    }

    /**
     * Reads the job id from the bulk answer and starts following it.
     *
     * @param exchange body: the bulk answer
     */
    public void jobAccepted(Exchange exchange) {
        String jobId = api.jobId(exchange.getMessage().getBody(String.class));
        batches.jobAccepted(exchange.getProperty(BATCH_ID, String.class), jobId);
        exchange.setProperty("bridgeJobId", jobId);
        exchange.setProperty("bridgeJobEnded", false);
        exchange.setProperty("bridgeJobDeadline", System.nanoTime() + jobTimeout.toNanos());
        exchange.setProperty(JOB_ACCEPTED_NANOS, System.nanoTime());
        PlayvoxBatch batch = exchange.getProperty(BATCH, PlayvoxBatch.class);
        LOG.info("Playvox bulk request of {} interaction(s) to '{}' accepted as job {}", batch.size(),
                batch.integration(), jobId);
    }

    /**
     * @param exchange the job-following exchange; {@code CamelLoopIndex} counts the polls so far
     * @return milliseconds to wait before the next poll: first delay doubled per poll, capped
     */
    public long pollDelay(Exchange exchange) {
        int index = exchange.getProperty(Exchange.LOOP_INDEX, 0, Integer.class);
        long delay = firstPollDelay.toMillis() << Math.min(index, 20);
        return Math.min(delay, maxPollDelay.toMillis());
    }

    /**
     * Prepares {@code GET /jobs/{id}}.
     *
     * @param exchange the job-following exchange
     * @throws JobTimeoutException when the job has been running longer than the job timeout
     */
    public void preparePoll(Exchange exchange) {
        long deadline = exchange.getProperty("bridgeJobDeadline", Long.class);
        String jobId = exchange.getProperty("bridgeJobId", String.class);
        if (System.nanoTime() > deadline) {
            throw new JobTimeoutException("Playvox job " + jobId + " did not end within " + jobTimeout);
        }
        Message m = exchange.getMessage();
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_PATH, PlayvoxApi.jobPath(jobId));
        m.setBody(null);
    }

    /**
     * Reads one job answer.
     *
     * @param exchange body: the job answer
     */
    public void jobPolled(Exchange exchange) {
        PlayvoxJob job = api.job(exchange.getMessage().getBody(String.class));
        exchange.setProperty("bridgeJob", job);
        exchange.setProperty("bridgeJobEnded", job.hasEnded());
    }

    /**
     * Records the ended job's outcome: each confirmed interaction goes to the delivery log, and the exchange
     * gets the lists of confirmed interactions (for their comments) and failed items (for the dead letters).
     * An item the job reports neither way is failed with that reason.
     *
     * @param exchange the job-following exchange after the job ended
     */
    public void settleJob(Exchange exchange) {
        PlayvoxBatch batch = exchange.getProperty(BATCH, PlayvoxBatch.class);
        PlayvoxJob job = exchange.getProperty("bridgeJob", PlayvoxJob.class);
        List<ConfirmedInteraction> confirmed = new ArrayList<>();
        List<DeliveryLog.Confirmed> toRecord = new ArrayList<>();
        List<FailedItem> failed = new ArrayList<>();
        for (FeedRecord r : batch.records()) {
            String playvoxId = job.completed().get(r.interactionId());
            String error = job.failed().get(r.interactionId());
            if (playvoxId != null && !playvoxId.isEmpty()) {
                // an interaction without comments is done once recorded: no second write for comments_posted
                toRecord.add(new DeliveryLog.Confirmed(r.feed(), r.interactionId(), playvoxId, r.comments().isEmpty()));
                confirmed.add(new ConfirmedInteraction(r, playvoxId));
            } else if (error != null) {
                failed.add(new FailedItem(r, "Playvox rejected the interaction: " + error));
            } else {
                failed.add(new FailedItem(r, "Playvox job " + job.id() + " ended '" + job.status()
                        + "' without reporting this interaction"));
            }
        }
        // one transaction for the whole job: the records are in the delivery log before any comment is posted
        deliveryLog.recordAll(batch.integration(), toRecord);
        LOG.info("Playvox job {} {}: {} confirmed, {} failed", job.id(), job.status(), confirmed.size(), failed.size());
        Long accepted = exchange.getProperty(JOB_ACCEPTED_NANOS, Long.class);
        if (accepted != null && !batch.records().isEmpty()) {
            tracker.metrics().playvoxJobEnded(batch.records().get(0).feed(),
                    Duration.ofNanos(System.nanoTime() - accepted));
        }
        exchange.setProperty("bridgeConfirmed", confirmed);
        exchange.setProperty("bridgeFailedItems", failed);
        // from here each record settles on its own; a later failure must not dead-letter the whole batch
        exchange.removeProperty(BATCH);
    }

    /**
     * @param confirmed a confirmed interaction
     * @return one delivery per comment, in order
     */
    public List<CommentDelivery> comments(ConfirmedInteraction confirmed) {
        FeedRecord r = confirmed.record();
        List<CommentDelivery> out = new ArrayList<>(r.comments().size());
        for (Comment c : r.comments()) {
            out.add(new CommentDelivery(r.feed(), r.integration(), r.interactionId(), confirmed.playvoxId(), c));
        }
        return out;
    }

    /**
     * Prepares {@code POST /interactions/{_id}/comments}.
     *
     * @param exchange body {@link CommentDelivery}
     */
    public void prepareComment(Exchange exchange) {
        CommentDelivery delivery = exchange.getMessage().getBody(CommentDelivery.class);
        exchange.setProperty(COMMENT, delivery);
        Message m = exchange.getMessage();
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.HTTP_PATH, PlayvoxApi.commentsPath(delivery.playvoxId()));
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(api.commentBody(delivery.comment()));
    }

    /**
     * Marks a confirmed interaction done: its comments were posted (or dead-lettered one by one). When the batch's
     * work was cut short meanwhile (Playvox went down, or the application is stopping), nothing is marked: the batch
     * stays stored and the reconciler posts the comments Playvox does not have yet.
     *
     * @param confirmed the interaction
     * @param batchId   its batch's id in the in-flight table
     */
    public void interactionDone(ConfirmedInteraction confirmed, @ExchangeProperty(BATCH_ID) String batchId) {
        if (batchId != null && !batches.owns(batchId)) {
            return;
        }
        FeedRecord r = confirmed.record();
        if (!r.comments().isEmpty()) {
            deliveryLog.markCommentsPosted(r.integration(), r.interactionId());
        }
        inFlight.remove(r.deliveryKey());
        tracker.metrics().delivered(r.feed());
        tracker.settled(r.windowId(), WindowTracker.Outcome.DELIVERED);
    }

    /**
     * Forgets the stored batch: every record of it is confirmed with its comments or is a dead letter. A batch
     * whose work was cut short stays stored for the reconciler.
     *
     * @param exchange the bulk exchange at its end
     */
    public void batchDone(Exchange exchange) {
        String id = exchange.getProperty(BATCH_ID, String.class);
        if (batches.owns(id)) {
            batches.close(id);
        }
    }

    /** A job that did not end within {@code playvox.job.timeout}. */
    public static final class JobTimeoutException extends RuntimeException {
        /** @param message which job and how long */
        public JobTimeoutException(String message) {
            super(message);
        }
    }
}
