package io.playvoxbridge.playvox;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One comment of an interaction, as {@code POST /interactions/{_id}/comments} takes it
 * (api-facts 1.6, python-playvox https://pypi.org/project/python-playvox).
 *
 * @param body     the text, never empty (HTML is kept as the source wrote it)
 * @param type     customer comment, agent comment or internal note
 * @param authorId the Playvox username or e-mail the comment is attributed to
 * @param addedAt  when it was written, with an explicit offset; may be null (Playvox then uses the current time)
 */
public record Comment(String body, CommentType type, String authorId, OffsetDateTime addedAt) {

    /** @throws IllegalArgumentException if body or author is empty */
    public Comment {
        Objects.requireNonNull(type, "type");
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("comment body is empty");
        }
        if (authorId == null || authorId.isBlank()) {
            throw new IllegalArgumentException("comment author_id is empty");
        }
    }

    /**
     * The JSON object Playvox expects.
     *
     * @return {@code {"body":..., "type":..., "author_id":..., "added_at": "2026-11-21T09:30:00-05:00"}}
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("body", body);
        json.put("type", type.apiName());
        json.put("author_id", authorId);
        if (addedAt != null) {
            json.put("added_at", addedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        return json;
    }
}
