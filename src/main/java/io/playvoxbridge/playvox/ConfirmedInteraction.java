package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.FeedRecord;

/**
 * An interaction a Playvox job confirmed, with the {@code _id} Playvox gave it (the id the comment endpoints take).
 *
 * @param record    the record that was sent
 * @param playvoxId Playvox's {@code _id} of the interaction
 */
public record ConfirmedInteraction(FeedRecord record, String playvoxId) {
}
