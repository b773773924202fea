package io.playvoxbridge.feed;

import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.Interaction;
import java.util.List;

/**
 * One translated vendor record on its way to Playvox.
 *
 * @param feed          the feed id, e.g. {@code wolkvox-chat}
 * @param integration   the Playvox integration name it goes to
 * @param windowId      the {@link FeedWindow#id()} it was fetched in
 * @param interaction   the interaction for the bulk endpoint
 * @param comments      its comments, in order
 * @param sourcePayload the vendor record as JSON, kept for the dead letters
 */
public record FeedRecord(String feed, String integration, String windowId, Interaction interaction,
                         List<Comment> comments, String sourcePayload) {

    /** Copies the comment list. */
    public FeedRecord {
        comments = List.copyOf(comments);
    }

    /** @return {@code <integration>|<interaction_id>}, the delivery-log key */
    public String deliveryKey() {
        return integration + "|" + interaction.interactionId();
    }

    /** @return the interaction's {@code interaction_id} */
    public String interactionId() {
        return interaction.interactionId();
    }
}
