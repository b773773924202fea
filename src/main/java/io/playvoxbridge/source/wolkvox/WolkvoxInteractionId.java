package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.playvox.InteractionIds;

/**
 * The stable Playvox {@code interaction_id} of a Wolkvox record, made from the record's own id (chat_4
 * {@code case_id}, diagram_4 and chat_1 {@code conn_id}). Playvox takes at most 68 characters (api-facts 1.5,
 * https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems).
 *
 * <p>The rule is {@link InteractionIds#stable}: {@code <prefix><id>} when that fits in 68 characters and the id is {@code [A-Za-z0-9._-]+}; else
 * {@code <prefix>sha256-} and the first 40 hex digits of SHA-256 of the id's UTF-8 bytes. Stateless.
 */
public final class WolkvoxInteractionId {


    private WolkvoxInteractionId() {
    }

    /**
     * @param prefix  the feed's prefix, e.g. {@code wolkvox-survey-}; at most 21 characters so a hashed id fits
     * @param idField the vendor field the id comes from, named in the error
     * @param id      the vendor's id, used exactly as sent
     * @return the interaction id, at most 68 characters
     * @throws io.playvoxbridge.feed.InvalidRecordException {@code missing <idField>} if the id is null or blank
     */
    public static String of(String prefix, String idField, String id) {
        return InteractionIds.stable(prefix, id, idField);
    }
}
