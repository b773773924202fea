package io.playvoxbridge.playvox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Playvox interaction, as the bulk endpoint {@code POST /integrations/{id}/bulk/interactions} takes it:
 * a flat JSON object with {@code interaction_id}, {@code assignee_id} and one key per metadata {@code field_id}.
 *
 * <p>Follows https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems
 * (api-facts 1.5): {@code interaction_id} is the external system's id, at most 68 characters;
 * {@code assignee_id} is the agent's Playvox e-mail or username.
 *
 * @param interactionId the source system's stable id, 1-68 characters
 * @param assigneeId    the agent's Playvox e-mail or username
 * @param metadata      metadata values keyed by {@code field_id}, already typed (String, Long, Double, Boolean,
 *                      or an ISO-8601 date-time String with an explicit offset); insertion order is kept
 */
public record Interaction(String interactionId, String assigneeId, Map<String, Object> metadata) {

    /** Longest {@code interaction_id} Playvox accepts, in characters. */
    public static final int MAX_INTERACTION_ID_LENGTH = 68;

    /**
     * Validates the shape.
     *
     * @throws IllegalArgumentException if the id is empty or longer than 68 characters, or the assignee is empty
     */
    public Interaction {
        Objects.requireNonNull(metadata, "metadata");
        if (interactionId == null || interactionId.isEmpty() || interactionId.length() > MAX_INTERACTION_ID_LENGTH) {
            throw new IllegalArgumentException("interaction_id must be 1-68 characters: " + interactionId);
        }
        if (assigneeId == null || assigneeId.isBlank()) {
            throw new IllegalArgumentException("assignee_id is empty for interaction " + interactionId);
        }
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The JSON object Playvox expects, as an ordered map ready for Jackson.
     *
     * @return {@code {"interaction_id":..., "assignee_id":..., <field_id>: <value>, ...}}
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("interaction_id", interactionId);
        json.put("assignee_id", assigneeId);
        json.putAll(metadata);
        return json;
    }
}
