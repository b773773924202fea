package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.FeedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * The Aggregator's strategy for bulk requests: collects {@link FeedRecord} bodies of one integration into a
 * {@link PlayvoxBatch}. Exchanges without a record (the end-of-window marker) complete a group without adding
 * to it, so a window's last partial batch leaves at once. The records gather in a list of the group, and the batch
 * becomes the group's body once, when the group completes ({@link #onCompletion}).
 */
public final class PlayvoxBatchAggregationStrategy implements AggregationStrategy {

    /** Exchange property holding the records gathered so far (a mutable list, private to the group). */
    static final String RECORDS = "bridgeBatchRecords";

    /**
     * @param oldExchange the group so far, or null for the first exchange of a group
     * @param newExchange the arriving exchange: a {@link FeedRecord} body, or a marker with no record
     * @return the group's exchange; its records so far are in the {@code bridgeBatchRecords} property
     */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange group = oldExchange == null ? newExchange : oldExchange;
        @SuppressWarnings("unchecked")
        List<FeedRecord> records = group.getProperty(RECORDS, List.class);
        if (records == null) {
            records = new ArrayList<>(PlayvoxBatch.MAX_SIZE);
            group.setProperty(RECORDS, records);
        }
        Object body = newExchange.getMessage().getBody();
        if (body instanceof FeedRecord record) {
            records.add(record);
        }
        return group;
    }

    /**
     * The thread pool of the Aggregator's {@code parallelProcessing} ({@code playvox-aggregate}): each completed batch
     * is sent on one of its threads, which follows it from the bulk POST through its job polls to its last comment,
     * so up to {@code concurrentBatches} bulk jobs are followed at once. At most as many completed batches more wait
     * in its queue; beyond that the thread completing a batch (the window's, or the batch-timeout checker) sends it
     * itself (CallerRuns), which holds the window's reading back instead of piling batches up in memory. Camel
     * shuts the pool down when it stops.
     *
     * @param camel             the context whose {@link org.apache.camel.spi.ExecutorServiceManager} owns the pool
     * @param concurrentBatches threads, {@code >= 1} ({@code playvox.bulk.concurrent-batches})
     * @return the pool, to bind as {@code playvoxBulkExecutor}
     */
    public static ExecutorService executor(CamelContext camel, int concurrentBatches) {
        return camel.getExecutorServiceManager().newThreadPool(PlayvoxBatchAggregationStrategy.class, "PlayvoxBulk",
                new ThreadPoolProfileBuilder("playvoxBulk")
                        .poolSize(concurrentBatches)
                        .maxPoolSize(concurrentBatches)
                        .maxQueueSize(concurrentBatches)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                        .build());
    }

    /**
     * Makes the completed group's body the {@link PlayvoxBatch} of its records.
     *
     * @param exchange the completed group
     */
    @Override
    public void onCompletion(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<FeedRecord> records = exchange.getProperty(RECORDS, List.class);
        String integration = exchange.getProperty("bridgeIntegration", String.class);
        exchange.getMessage().setBody(new PlayvoxBatch(integration, records == null ? List.of() : records));
        exchange.removeProperty(RECORDS);
    }
}
