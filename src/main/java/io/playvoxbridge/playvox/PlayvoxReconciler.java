package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.state.DeliveryLog;
import io.playvoxbridge.state.DeliveryEntry;
import io.playvoxbridge.state.InFlightBatchStore.InFlightBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles bulk batches whose outcome is unknown (a crash between the POST and the end of its job, or a batch the
 * dead-letter route gave up on) before anything is sent again:
 * <ol>
 *   <li>with a recorded job id, follows the job for a short while; a job still running is left for a later poll,
 *       its records held back so that nothing of it is sent again meanwhile, until it ends or is older than
 *       {@code playvox.job.timeout};</li>
 *   <li>otherwise looks the batch's {@code interaction_id}s up in Playvox ({@link PlayvoxApi#interactionLookupQuery});</li>
 *   <li>records what Playvox holds in the delivery log, then posts only the comments Playvox does not have yet
 *       ({@code GET /interactions/{_id}/comments});</li>
 *   <li>records the items the job rejected, and, for a job that never ended, the items Playvox does not hold, as
 *       dead letters with the reason, unless they are dead letters already (the sink gives up on a job at
 *       {@code playvox.job.timeout} and dead-letters its items); an item Playvox holds after all loses its dead
 *       letter;</li>
 *   <li>forgets the batch. Other records Playvox does not hold are left to their window, which was not committed
 *       and is fetched again.</li>
 * </ol>
 * Follows https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems with the
 * shapes documented in {@link PlayvoxApi}.
 */
public final class PlayvoxReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(PlayvoxReconciler.class);

    private final PlayvoxRequests requests;
    private final PlayvoxApi api;
    private final PlayvoxIntegrationSetup setup;
    private final InFlightBatches batches;
    private final DeliveryLog deliveryLog;
    private final Duration jobTimeout;
    private final Duration pollDelay;
    private final io.playvoxbridge.feed.DeliveryLogIdempotentRepository inFlight;
    private final io.playvoxbridge.state.DeadLetterStore deadLetters;

    /** Longest wait for a recorded job during one reconciliation; a longer job is checked again at the next poll. */
    public static final Duration JOB_WAIT = Duration.ofSeconds(30);

    /**
     * @param requests    the Playvox request route
     * @param api         Playvox shapes
     * @param setup       integration ids
     * @param batches     stored batches
     * @param deliveryLog confirmed interactions
     * @param jobTimeout  how long to follow a recorded job before falling back to the lookup
     * @param pollDelay   wait between polls of a recorded job
     * @param inFlight    holds back the records of a batch whose job is still running
     * @param deadLetters where rejected items and items of jobs that never ended go
     */
    public PlayvoxReconciler(PlayvoxRequests requests, PlayvoxApi api, PlayvoxIntegrationSetup setup,
                             InFlightBatches batches, DeliveryLog deliveryLog, Duration jobTimeout, Duration pollDelay,
                             io.playvoxbridge.feed.DeliveryLogIdempotentRepository inFlight,
                             io.playvoxbridge.state.DeadLetterStore deadLetters) {
        this.requests = requests;
        this.api = api;
        this.setup = setup;
        this.batches = batches;
        this.deliveryLog = deliveryLog;
        this.jobTimeout = jobTimeout;
        this.pollDelay = pollDelay;
        this.inFlight = inFlight;
        this.deadLetters = deadLetters;
    }

    /**
     * Reconciles every orphan batch of an integration. Call after the integration is set up and before polling.
     *
     * @param integration the integration name
     * @return how many batches were reconciled
     * @throws RuntimeException when Playvox cannot be asked (the batches stay stored for the next try)
     */
    public int reconcile(String integration) throws InterruptedException {
        List<InFlightBatch> orphans = batches.orphans(integration);
        for (InFlightBatch batch : orphans) {
            reconcile(batch);
        }
        return orphans.size();
    }

    private void reconcile(InFlightBatch batch) throws InterruptedException {
        List<FeedRecord> records = batches.records(batch);
        String integrationId = setup.id(batch.integration());
        java.time.Instant expiry = batch.createdAt().plus(jobTimeout);
        PlayvoxJob job = batch.jobId() == null ? null : followJob(batch.jobId(), expiry);
        boolean jobEnded = job != null && job.hasEnded();
        boolean jobExpired = job != null && !jobEnded
                && expiry.isBefore(java.time.Instant.now());
        if (job != null && !jobEnded && !jobExpired) {
            records.forEach(r -> inFlight.add(r.deliveryKey()));
            LOG.info("In-doubt batch {} of '{}': Playvox job {} is still '{}'; its {} record(s) are held back until it ends",
                    batch.id(), batch.integration(), job.id(), job.status(), records.size());
            return;
        }
        Map<String, String> inPlayvox = jobEnded ? job.completed() : lookup(integrationId, records);
        int confirmed = 0;
        int commentsPosted = 0;
        for (FeedRecord r : records) {
            String playvoxId = inPlayvox.get(r.interactionId());
            Optional<DeliveryEntry> entry = deliveryLog.find(r.integration(), r.interactionId());
            if (playvoxId == null && entry.isPresent()) {
                playvoxId = entry.get().playvoxId();
            }
            if (playvoxId == null) {
                inFlight.remove(r.deliveryKey());
                String reason = jobEnded && job.failed().containsKey(r.interactionId())
                        ? "Playvox rejected the interaction: " + job.failed().get(r.interactionId())
                        : jobExpired ? "Playvox job " + job.id() + " did not end within " + jobTimeout : null;
                // a job past its timeout was dead-lettered by the sink already: one dead letter per record, not two
                if (reason != null && !deadLetters.holdsInteraction(r.feed(), r.interactionId())) {
                    deadLetters.add(r.feed(), "playvox-reconcile", r.interactionId(), reason, r.sourcePayload());
                    LOG.warn("dead letter feed={} interaction_id={} route=playvox-reconcile reason=\"{}\"", r.feed(),
                            r.interactionId(), reason);
                }
                continue; // otherwise not in Playvox: its window was not committed and sends it again
            }
            inFlight.remove(r.deliveryKey());
            deliveryLog.record(r.feed(), r.integration(), r.interactionId(), playvoxId);
            // Playvox holds it after all (a job that ended after its timeout): it is no dead letter any more
            if (deadLetters.deleteInteraction(r.feed(), r.interactionId()) > 0) {
                LOG.info("interaction_id={} of feed {} is in Playvox after all: its dead letter is removed",
                        r.interactionId(), r.feed());
            }
            confirmed++;
            if (entry.isEmpty() || !entry.get().commentsPosted()) {
                commentsPosted += postMissingComments(r, playvoxId);
                deliveryLog.markCommentsPosted(r.integration(), r.interactionId());
            }
        }
        batches.forget(batch.id());
        LOG.info("Reconciled in-doubt batch {} of '{}' (job {}): {} of {} interaction(s) already in Playvox, "
                        + "{} missing comment(s) posted; the rest is sent again with its window",
                batch.id(), batch.integration(), batch.jobId() == null ? "unknown" : batch.jobId(), confirmed,
                records.size(), commentsPosted);
    }

    /**
     * @return the job as last seen: ended, or still running after {@link #JOB_WAIT} or at its expiry, whichever is
     *         first (a job already past its timeout is asked once)
     */
    private PlayvoxJob followJob(String jobId, java.time.Instant expiry) throws InterruptedException {
        long untilExpiry = Math.max(0, Duration.between(java.time.Instant.now(), expiry).toNanos());
        long deadline = System.nanoTime() + Math.min(JOB_WAIT.toNanos(), untilExpiry);
        while (true) {
            PlayvoxJob job = api.job(requests.send("GET", PlayvoxApi.jobPath(jobId), null, null));
            if (job.hasEnded() || System.nanoTime() > deadline) {
                return job;
            }
            Thread.sleep(pollDelay.toMillis());
        }
    }

    private Map<String, String> lookup(String integrationId, List<FeedRecord> records) {
        List<String> ids = new ArrayList<>();
        records.forEach(r -> ids.add(r.interactionId()));
        Map<String, String> found = new HashMap<>();
        for (int page = 1; page <= 100; page++) {
            PlayvoxApi.InteractionPage p = api.interactionPage(requests.send("GET",
                    PlayvoxApi.interactionsPath(integrationId), api.interactionLookupQuery(ids, page), null));
            found.putAll(p.ids());
            if (!p.nextPage() || p.ids().isEmpty()) {
                break;
            }
        }
        return found;
    }

    private int postMissingComments(FeedRecord r, String playvoxId) {
        if (r.comments().isEmpty()) {
            return 0;
        }
        // comments are posted in order, so what Playvox holds is each comment's first occurrences: count them down
        Map<String, Integer> existing = api.commentCounts(
                requests.send("GET", PlayvoxApi.commentsPath(playvoxId), null, null));
        int posted = 0;
        for (Comment c : r.comments()) {
            if (existing.merge(PlayvoxApi.commentKey(c), -1, Integer::sum) < 0) {
                requests.send("POST", PlayvoxApi.commentsPath(playvoxId), null, api.commentBody(c));
                posted++;
            }
        }
        return posted;
    }
}
