package io.playvoxbridge.playvox;

/**
 * One comment to post to {@code POST /interactions/{_id}/comments}.
 *
 * @param feed          the feed id
 * @param integration   the integration name
 * @param interactionId the interaction's {@code interaction_id} (ours)
 * @param playvoxId     the interaction's Playvox {@code _id}
 * @param comment       the comment
 */
public record CommentDelivery(String feed, String integration, String interactionId, String playvoxId, Comment comment) {
}
