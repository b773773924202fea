package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.FeedRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The Aggregator's strategy for bulk requests: collects {@link FeedRecord} bodies of one integration into a
 * {@link PlayvoxBatch}. Exchanges without a record (the end-of-window marker) complete a group without adding
 * to it, so a window's last partial batch leaves at once.
 */
public final class PlayvoxBatchAggregationStrategy implements AggregationStrategy {

    /** Exchange property holding the records gathered so far (a mutable list, private to the group). */
    static final String RECORDS = "bridgeBatchRecords";

    /**
     * @param oldExchange the group so far, or null for the first exchange of a group
     * @param newExchange the arriving exchange: a {@link FeedRecord} body, or a marker with no record
     * @return the group's exchange, whose body is the {@link PlayvoxBatch} so far
     */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange group = oldExchange == null ? newExchange : oldExchange;
        @SuppressWarnings("unchecked")
        List<FeedRecord> records = group.getProperty(RECORDS, List.class);
        if (records == null) {
            records = new ArrayList<>();
            group.setProperty(RECORDS, records);
        }
        Object body = newExchange.getMessage().getBody();
        if (body instanceof FeedRecord record) {
            records.add(record);
        }
        String integration = group.getProperty("bridgeIntegration", String.class);
        group.getMessage().setBody(new PlayvoxBatch(integration, records));
        return group;
    }
}
