package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.DeliveryLogIdempotentRepository;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.WindowTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dry run ({@code bridge.dry-run=true}, {@code run --dry-run}): everything up to the Playvox POST happens (fetch,
 * translate, dedupe, aggregate into bulk requests), then, instead of sending, each request that would be sent is
 * logged in one line by the logger {@code io.playvoxbridge.DryRun} (method, path, number of interactions), with its
 * JSON body at DEBUG and, when {@code bridge.dry-run.output-dir} is set, written to a file there. Its records are then
 * settled in their windows as if delivered, so the windows end; but {@link io.playvoxbridge.feed.PolledFeed#commit}
 * moves no watermark in a dry run, the delivery log and the in-flight batches are not written, and records that
 * would become dead letters are logged ({@link #deadLetter}) instead of stored. Integration setup asks Playvox with
 * GETs only ({@link PlayvoxIntegrationSetup#plan}); a missing integration gets a placeholder id.
 *
 * <p>Files, numbered in the order the requests would leave: {@code NNNNNN-<feed>-bulk.json} (the bulk request's body,
 * exactly as it would be POSTed) and, when its interactions have comments, {@code NNNNNN-<feed>-comments.jsonl} (one
 * comment request per line: {@code {"method","path","body"}}; the path names the interaction id, since Playvox's
 * {@code _id} exists only after a real POST).
 */
public final class PlayvoxDryRun {

    private static final Logger LOG = LoggerFactory.getLogger("io.playvoxbridge.DryRun");

    private final PlayvoxApi api;
    private final PlayvoxIntegrationSetup setup;
    private final WindowTracker tracker;
    private final DeliveryLogIdempotentRepository inFlight;
    private final Path outputDir;
    private final AtomicLong bulkRequests = new AtomicLong();
    private final AtomicLong interactions = new AtomicLong();
    private final AtomicLong commentRequests = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    /**
     * @param api       Playvox request shapes
     * @param setup     integration ids (placeholders for integrations a dry run did not create)
     * @param tracker   window accounting: each record is settled
     * @param inFlight  the Idempotent Consumer's in-flight keys, released per record
     * @param outputDir where request bodies are written (created when missing), or null for none
     */
    public PlayvoxDryRun(PlayvoxApi api, PlayvoxIntegrationSetup setup, WindowTracker tracker,
                         DeliveryLogIdempotentRepository inFlight, Path outputDir) {
        this.api = api;
        this.setup = setup;
        this.tracker = tracker;
        this.inFlight = inFlight;
        this.outputDir = outputDir;
    }

    /**
     * Shows one bulk request and its comment requests instead of sending them, and settles its records.
     *
     * @param exchange body {@link PlayvoxBatch} of 1-100 records
     * @throws UncheckedIOException when the output directory cannot be written
     */
    public void bulk(Exchange exchange) {
        PlayvoxBatch batch = exchange.getMessage().getBody(PlayvoxBatch.class);
        long n = bulkRequests.incrementAndGet();
        String feed = batch.records().get(0).feed();
        String path = PlayvoxApi.bulkPath(setup.id(batch.integration()));
        String body = api.bulkBody(batch);
        LOG.info("DRY RUN POST {}: {} interaction(s) of {} (not sent)", path, batch.size(), feed);
        LOG.debug("DRY RUN POST {} body: {}", path, body);
        StringBuilder comments = new StringBuilder();
        for (FeedRecord r : batch.records()) {
            for (Comment c : r.comments()) {
                String commentPath = PlayvoxApi.commentsPath("{_id of " + r.interactionId() + "}");
                String commentBody = api.commentBody(c);
                LOG.info("DRY RUN POST {}: 1 comment ({}) (not sent)", commentPath, c.type());
                LOG.debug("DRY RUN POST {} body: {}", commentPath, commentBody);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("method", "POST");
                line.put("path", commentPath);
                line.put("body", c.toJson());
                comments.append(api.write(line)).append('\n');
                commentRequests.incrementAndGet();
            }
        }
        if (outputDir != null) {
            String prefix = String.format("%06d-%s-", n, feed);
            write(prefix + "bulk.json", body);
            if (!comments.isEmpty()) {
                write(prefix + "comments.jsonl", comments.toString());
            }
        }
        interactions.addAndGet(batch.size());
        for (FeedRecord r : batch.records()) {
            inFlight.remove(r.deliveryKey());
            tracker.settled(r.windowId(), WindowTracker.Outcome.DELIVERED);
        }
    }

    /**
     * The dead-letter route in a dry run: logs the record that would become a dead letter, stores nothing, and settles
     * it in its window.
     *
     * @param exchange the failed exchange (body a {@link FeedRecord}, or a vendor record with the window property)
     */
    public void deadLetter(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = error == null ? exchange.getProperty("bridgeDeadLetterReason", "unknown reason", String.class)
                : error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        deadLetters.incrementAndGet();
        if (exchange.getMessage().getBody() instanceof FeedRecord r) {
            LOG.info("DRY RUN dead letter (not stored): feed={} interaction_id={} reason=\"{}\"", r.feed(),
                    r.interactionId(), reason);
            inFlight.remove(r.deliveryKey());
            tracker.settled(r.windowId(), WindowTracker.Outcome.DEAD_LETTERED);
            return;
        }
        LOG.info("DRY RUN dead letter (not stored): feed={} interaction_id={} reason=\"{}\"",
                exchange.getProperty("bridgeFeed", String.class),
                exchange.getProperty("bridgeInteractionId", String.class), reason);
        if (exchange.getProperty(WindowTracker.WINDOW_PROPERTY) instanceof FeedWindow window) {
            tracker.settled(window.id(), WindowTracker.Outcome.DEAD_LETTERED);
        }
    }

    /** @return bulk requests shown so far */
    public long bulkRequests() {
        return bulkRequests.get();
    }

    /** @return interactions in the bulk requests shown so far */
    public long interactions() {
        return interactions.get();
    }

    /** @return comment requests shown so far */
    public long commentRequests() {
        return commentRequests.get();
    }

    /** @return records that would have become dead letters */
    public long deadLetters() {
        return deadLetters.get();
    }

    private void write(String name, String content) {
        try {
            Files.createDirectories(outputDir);
            Files.writeString(outputDir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("bridge.dry-run.output-dir: cannot write " + outputDir.resolve(name), e);
        }
    }
}
