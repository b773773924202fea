package io.playvoxbridge.source.gladly;

import com.fasterxml.jackson.databind.JsonNode;
import io.playvoxbridge.feed.InvalidRecordException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One event of Gladly's {@code CONVERSATION} entity as {@code GET /api/v1/events} streams it: {@code {id, type,
 * timestamp, initiator{id,type}, content{customerId, conversationId, context{assignee{inboxId, agentId}}}}}
 * (api-facts 6; {@code GLADLY-OAS} https://developer.gladly.com/rest/ "List events" and the webhook payload schemas
 * "Conversation Closed", "Conversation Reopened", which the events API shares).
 *
 * <p>{@code content.context.assignee} is "the state of the conversation immediately before the event occurred": for
 * {@code CONVERSATION/CLOSED}, the inbox and agent the conversation was assigned to when it was closed.
 *
 * @param id             the unique event id
 * @param type           e.g. {@value #CLOSED}
 * @param timestamp      when Gladly recorded the event, with the offset it was sent with
 * @param conversationId {@code content.conversationId}
 * @param customerId     {@code content.customerId}, or null
 * @param initiatorType  {@code initiator.type} ({@code AGENT}, {@code CUSTOMER}, {@code AUTOMATION}, ...), or null
 * @param initiatorId    {@code initiator.id}, or null
 * @param agentId        {@code content.context.assignee.agentId}, or null (a conversation assigned to an inbox only)
 * @param inboxId        {@code content.context.assignee.inboxId}, or null
 * @param json           the event's JSON text, as received (the dead-letter payload: a replay fetches the items again)
 */
public record GladlyConversationEvent(String id, String type, OffsetDateTime timestamp, String conversationId,
                                      String customerId, String initiatorType, String initiatorId, String agentId,
                                      String inboxId, String json) {

    /** The event of a conversation being closed. */
    public static final String CLOSED = "CONVERSATION/CLOSED";
    /** The event of a closed conversation being reopened (a customer wrote again). */
    public static final String REOPENED = "CONVERSATION/REOPENED";
    /** Prefix of the event types of the {@code CONVERSATION} entity's conversation events. */
    public static final String CONVERSATION_PREFIX = "CONVERSATION/";

    /** Checks the required parts. */
    public GladlyConversationEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(conversationId, "conversationId");
    }

    /**
     * Reads one event line.
     *
     * @param event a JSON object from {@link GladlyEventReader}
     * @return the event
     * @throws InvalidRecordException naming the event and the field: {@code event <id>: missing content.conversationId},
     *                                {@code event <id>: timestamp '2026-02-30T10:00:00Z' is not an ISO-8601 date-time
     *                                with an offset}, {@code event (no id): missing id}
     */
    public static GladlyConversationEvent of(JsonNode event) {
        String id = text(event, "id");
        String name = id == null ? "event (no id)" : "event " + id;
        if (id == null) {
            throw new InvalidRecordException(name + ": missing id");
        }
        String type = required(event, "type", name);
        OffsetDateTime timestamp = dateTime(name + ": timestamp", required(event, "timestamp", name));
        JsonNode content = event.path("content");
        String conversationId = text(content, "conversationId");
        if (conversationId == null) {
            throw new InvalidRecordException(name + ": missing content.conversationId");
        }
        JsonNode initiator = event.path("initiator");
        JsonNode assignee = content.path("context").path("assignee");
        return new GladlyConversationEvent(id, type, timestamp, conversationId, text(content, "customerId"),
                text(initiator, "type"), text(initiator, "id"), text(assignee, "agentId"), text(assignee, "inboxId"),
                event.toString());
    }

    /** @return true for {@value #CLOSED} */
    public boolean isClosed() {
        return CLOSED.equals(type);
    }

    /** @return true for {@value #REOPENED} */
    public boolean isReopened() {
        return REOPENED.equals(type);
    }

    /**
     * Reads a Gladly date-time: RFC 3339 / ISO-8601 with an offset ({@code Z} or {@code ±hh:mm}) and any number of
     * fraction digits, e.g. {@code 2019-07-03T04:30:12.07Z} (GLADLY-OAS formats "ISO 8601", "RFC3339 with millis").
     *
     * @param what names the value in the error, e.g. {@code item 9lQD: timestamp}
     * @param text the text
     * @return the date-time with the offset it was sent with
     * @throws InvalidRecordException when the text is not such a date-time
     */
    static OffsetDateTime dateTime(String what, String text) {
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(what + " '" + text + "' is not an ISO-8601 date-time with an offset");
        }
    }

    /** @return the field's text when it is a non-blank JSON string or number, else null */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isTextual() || value.isNumber()) {
            String text = value.asText();
            return text.isBlank() ? null : text;
        }
        return null;
    }

    private static String required(JsonNode node, String field, String name) {
        String value = text(node, field);
        if (value == null) {
            throw new InvalidRecordException(name + ": missing " + field);
        }
        return value;
    }
}
