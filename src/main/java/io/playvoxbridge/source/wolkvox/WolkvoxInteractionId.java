package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Interaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The stable Playvox {@code interaction_id} of a Wolkvox record, made from the record's own id (chat_4
 * {@code case_id}, diagram_4 and chat_1 {@code conn_id}). Playvox takes at most 68 characters (api-facts 1.5,
 * https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems).
 *
 * <p>{@code <prefix><id>} when that fits in 68 characters and the id is {@code [A-Za-z0-9._-]+}; else
 * {@code <prefix>sha256-} and the first 40 hex digits of SHA-256 of the id's UTF-8 bytes. Stateless.
 */
public final class WolkvoxInteractionId {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int HASH_HEX_DIGITS = 40;

    private WolkvoxInteractionId() {
    }

    /**
     * @param prefix  the feed's prefix, e.g. {@code wolkvox-survey-}; at most 21 characters so a hashed id fits
     * @param idField the vendor field the id comes from, named in the error
     * @param id      the vendor's id, used exactly as sent
     * @return the interaction id, at most 68 characters
     * @throws InvalidRecordException {@code missing <idField>} if the id is null or blank
     */
    public static String of(String prefix, String idField, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidRecordException("missing " + idField);
        }
        String plain = prefix + id;
        if (plain.length() <= Interaction.MAX_INTERACTION_ID_LENGTH && SAFE_ID.matcher(id).matches()) {
            return plain;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return prefix + "sha256-" + HexFormat.of().formatHex(hash).substring(0, HASH_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
