package io.playvoxbridge.state;

import java.time.Instant;

/**
 * One interaction Playvox has confirmed, as the {@link DeliveryLog} holds it.
 *
 * @param feed           the feed that delivered it, e.g. {@code wolkvox-chat}
 * @param integration    the Playvox integration's name (the dedupe scope), e.g. {@code wolkvox-chat}
 * @param interactionId  the {@code interaction_id} sent to Playvox (at most 68 characters)
 * @param playvoxId      Playvox's {@code _id} of the interaction, from the bulk job (api-facts 1.7)
 * @param deliveredAt    when it was recorded, microsecond precision
 * @param commentsPosted whether its comments have all been posted ({@code POST /interactions/{_id}/comments})
 */
public record DeliveryEntry(String feed, String integration, String interactionId, String playvoxId,
                            Instant deliveredAt, boolean commentsPosted) {
}
