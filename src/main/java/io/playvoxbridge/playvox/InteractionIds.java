package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Stable Playvox {@code interaction_id}s made from a source system's record id, within Playvox's limit of
 * {@value Interaction#MAX_INTERACTION_ID_LENGTH} characters (api-facts 1.5,
 * https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems).
 */
public final class InteractionIds {

    /** What the hashed form puts after the feed's prefix. */
    public static final String HASH_MARK = "sha256-";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int HASH_HEX_DIGITS = 40;

    private InteractionIds() {
    }

    /**
     * {@code <prefix><sourceId>} when that fits in 68 characters and the id is {@code [A-Za-z0-9._-]+}; else
     * {@code <prefix>sha256-} and the first 40 hex digits of SHA-256 of the id's UTF-8 bytes. The same id always gives
     * the same result.
     *
     * @param prefix      the feed's prefix, e.g. {@code wolkvox-chat4-} or {@code 8x8-}
     * @param sourceId    the source's id, used exactly as sent
     * @param sourceField the source field's name, for the reason when it is missing
     * @return the interaction id
     * @throws InvalidRecordException {@code missing <sourceField>} if the id is null or blank
     */
    public static String stable(String prefix, String sourceId, String sourceField) {
        if (sourceId == null || sourceId.isBlank()) {
            throw new InvalidRecordException("missing " + sourceField);
        }
        String plain = prefix + sourceId;
        if (plain.length() <= Interaction.MAX_INTERACTION_ID_LENGTH && SAFE.matcher(sourceId).matches()) {
            return plain;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sourceId.getBytes(StandardCharsets.UTF_8));
            return prefix + HASH_MARK + HexFormat.of().formatHex(hash, 0, HASH_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
