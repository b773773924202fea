package io.playvoxbridge.source.gladly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reduces the {@code CONVERSATION} events of one window of {@code GET /api/v1/events} to the conversations to send
 * to Playvox: those whose <b>last</b> status event in the window is {@code CONVERSATION/CLOSED}, each once, with that
 * last close (api-facts 6: event types {@code CONVERSATION/CLOSED|REOPENED}; GLADLY-OAS https://developer.gladly.com/rest/
 * "Conversation Status Change": a closed conversation can be reopened "if a customer responds to a closed
 * conversation within a configurable time window").
 *
 * <p>Rules, for events fed in the stream's order (timestamp ascending):
 * <ul>
 *   <li>{@code CONVERSATION/CLOSED}: the conversation is closed at this event (a later close replaces an earlier
 *       one, so a conversation closed, reopened and closed again in one window is sent once, at its last close);</li>
 *   <li>{@code CONVERSATION/REOPENED}: the conversation is open again; if its close was in this window it is not sent
 *       now (its next close, in this window or a later one, sends it);</li>
 *   <li>every other event ({@code CREATED}, {@code NOTE_CREATED}, {@code CONVERSATION_ASSIGNEE/UPDATED},
 *       {@code CONVERSATION_STATUS/UPDATED}, which carries no status, ...) is ignored.</li>
 * </ul>
 * An event with an earlier timestamp than the conversation's last status event never overrides it, whatever the
 * order of arrival. A conversation closed in an earlier window and reopened and closed again later comes out again:
 * it keeps its {@code interaction_id}, so the delivery log sees it as already delivered (see docs/feeds/gladly.md).
 *
 * <p>Holds one entry per conversation with a status event in the window (the events API reaches back 24 hours at
 * most). Not thread-safe: one instance per window.
 */
public final class GladlyClosedConversations {

    private final Map<String, GladlyConversationEvent> lastStatus = new LinkedHashMap<>();
    private int closes;
    private int reopens;

    /**
     * Takes the next event of the window.
     *
     * @param event a parsed event of the {@code CONVERSATION} entity
     * @return true when it was a status event ({@code CLOSED} or {@code REOPENED}) that changed the outcome
     */
    public boolean accept(GladlyConversationEvent event) {
        Objects.requireNonNull(event, "event");
        if (!event.isClosed() && !event.isReopened()) {
            return false;
        }
        if (event.isClosed()) {
            closes++;
        } else {
            reopens++;
        }
        GladlyConversationEvent known = lastStatus.get(event.conversationId());
        if (known != null && event.timestamp().isBefore(known.timestamp())) {
            return false;
        }
        // re-inserting moves the conversation to the end: the result stays in order of last close
        lastStatus.remove(event.conversationId());
        lastStatus.put(event.conversationId(), event);
        return true;
    }

    /**
     * @return the last {@code CONVERSATION/CLOSED} event of each conversation that is closed at the end of the window,
     *         in the order of those events
     */
    public List<GladlyConversationEvent> closed() {
        List<GladlyConversationEvent> out = new ArrayList<>();
        lastStatus.values().forEach(e -> {
            if (e.isClosed()) {
                out.add(e);
            }
        });
        return out;
    }

    /** @return {@code CONVERSATION/CLOSED} events seen, superseded ones included */
    public int closeEvents() {
        return closes;
    }

    /** @return {@code CONVERSATION/REOPENED} events seen */
    public int reopenEvents() {
        return reopens;
    }

    /** @return conversations reopened and not closed again by the end of the window */
    public int stillOpen() {
        return (int) lastStatus.values().stream().filter(GladlyConversationEvent::isReopened).count();
    }
}
