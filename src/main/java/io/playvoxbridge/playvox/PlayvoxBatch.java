package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.FeedRecord;
import java.util.List;

/**
 * The records of one bulk request: at most 100 interactions of one integration
 * (https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems, "Bulk Operations").
 *
 * @param integration the integration name
 * @param records     the records, in arrival order
 */
public record PlayvoxBatch(String integration, List<FeedRecord> records) {

    /** The most interactions Playvox takes in one bulk request. */
    public static final int MAX_SIZE = 100;

    /** Copies the list. */
    public PlayvoxBatch {
        records = List.copyOf(records);
    }

    /** @return the number of records */
    public int size() {
        return records.size();
    }

    /** @return true when the batch holds nothing (only end-of-window markers reached the aggregator) */
    public boolean isEmpty() {
        return records.isEmpty();
    }
}
