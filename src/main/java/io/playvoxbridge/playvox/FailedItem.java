package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.FeedRecord;

/**
 * An interaction Playvox's bulk job did not accept, with Playvox's own error text.
 *
 * @param record the record that was sent
 * @param reason Playvox's error for the item, e.g. {@code unknown metadata field foo}
 */
public record FailedItem(FeedRecord record, String reason) {
}
