package io.playvoxbridge.state;

import java.time.Instant;

/**
 * A record the bridge could not deliver, as the {@link DeadLetterStore} holds it.
 *
 * @param id            the store's id, used to show and replay it
 * @param feed          the feed, e.g. {@code wolkvox-chat}; may be null
 * @param routeId       the Camel route that gave up, e.g. {@code playvox-bulk-post}; may be null
 * @param interactionId the interaction's id (or the vendor's id when none could be derived); may be null
 * @param reason        why, for an operator: at most 4000 characters, never null
 * @param payload       what to replay (usually the vendor record as JSON); may be null
 * @param failedAt      when it was stored, microsecond precision
 */
public record DeadLetter(long id, String feed, String routeId, String interactionId, String reason, String payload,
                         Instant failedAt) {
}
