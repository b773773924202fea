package io.playvoxbridge.source.gladly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.InvalidRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events of a window, reduced to the conversations closed at its end, each once at its last close. */
class GladlyClosedConversationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<GladlyConversationEvent> recordedEvents() throws IOException {
        List<GladlyConversationEvent> events = new ArrayList<>();
        try (InputStream in = GladlyClosedConversationsTest.class.getResourceAsStream("/fixtures/gladly/events.jsonl");
             GladlyEventReader reader = new GladlyEventReader(in, JSON)) {
            reader.forEachRemaining(line -> events.add(GladlyConversationEvent.of(line.event())));
        }
        return events;
    }

    private static GladlyConversationEvent event(String id, String type, String timestamp, String conversation) {
        return new GladlyConversationEvent(id, type, OffsetDateTime.parse(timestamp), conversation, null, "AGENT",
                "agent", "agent", "inbox", "{}");
    }

    @Test
    void sends_each_closed_conversation_once_at_its_last_close_and_holds_back_the_reopened_one() throws IOException {
        GladlyClosedConversations window = new GladlyClosedConversations();
        recordedEvents().forEach(window::accept);

        assertThat(window.closed()).extracting(GladlyConversationEvent::conversationId)
                .containsExactly("9BcE2O0DQ2ynGHRmk9FeoA", "UMTZxwzJRyejwOj4NDfjeg", "pOVVdzweSumI4bFxjlT8LA",
                        "HXRqKC5GSV-jAlq0-sxYTA");
        assertThat(window.closed()).filteredOn(e -> e.conversationId().equals("HXRqKC5GSV-jAlq0-sxYTA"))
                .extracting(GladlyConversationEvent::id).containsExactly("Y2xvc2VkRXZlbnQtQi0wMDI");
        assertThat(window.closeEvents()).isEqualTo(6);
        assertThat(window.reopenEvents()).isEqualTo(2);
        assertThat(window.stillOpen()).isEqualTo(1);
    }

    @Test
    void ignores_events_other_than_closed_and_reopened() {
        GladlyClosedConversations window = new GladlyClosedConversations();

        assertThat(window.accept(event("1", "CONVERSATION/CREATED", "2026-11-21T10:00:00Z", "c"))).isFalse();
        assertThat(window.accept(event("2", "CONVERSATION_STATUS/UPDATED", "2026-11-21T10:01:00Z", "c"))).isFalse();
        assertThat(window.accept(event("3", "CONVERSATION/NOTE_CREATED", "2026-11-21T10:02:00Z", "c"))).isFalse();

        assertThat(window.closed()).isEmpty();
        assertThat(window.closeEvents()).isZero();
    }

    @Test
    void an_older_event_arriving_late_does_not_override_a_newer_status() {
        GladlyClosedConversations window = new GladlyClosedConversations();

        window.accept(event("close-2", "CONVERSATION/CLOSED", "2026-11-21T12:00:00Z", "c"));
        assertThat(window.accept(event("reopen-1", "CONVERSATION/REOPENED", "2026-11-21T11:00:00Z", "c"))).isFalse();

        assertThat(window.closed()).extracting(GladlyConversationEvent::id).containsExactly("close-2");
    }

    @Test
    void compares_timestamps_as_instants_across_offsets() {
        GladlyClosedConversations window = new GladlyClosedConversations();

        window.accept(event("close", "CONVERSATION/CLOSED", "2026-11-21T10:00:00-05:00", "c"));
        window.accept(event("reopen", "CONVERSATION/REOPENED", "2026-11-21T14:30:00Z", "c"));

        assertThat(window.closed()).as("15:00Z is after 14:30Z").extracting(GladlyConversationEvent::id)
                .containsExactly("close");
        assertThat(window.stillOpen()).isZero();
    }

    @Test
    void a_conversation_closed_again_moves_to_the_end_of_the_order() {
        GladlyClosedConversations window = new GladlyClosedConversations();

        window.accept(event("a1", "CONVERSATION/CLOSED", "2026-11-21T10:00:00Z", "a"));
        window.accept(event("b1", "CONVERSATION/CLOSED", "2026-11-21T10:05:00Z", "b"));
        window.accept(event("a2", "CONVERSATION/REOPENED", "2026-11-21T10:06:00Z", "a"));
        window.accept(event("a3", "CONVERSATION/CLOSED", "2026-11-21T10:07:00Z", "a"));

        assertThat(window.closed()).extracting(GladlyConversationEvent::id).containsExactly("b1", "a3");
    }

    @Test
    void an_event_line_without_a_conversation_or_a_real_timestamp_is_refused_with_its_reason() throws IOException {
        assertThatThrownBy(() -> GladlyConversationEvent.of(JSON.readTree(
                "{\"id\":\"e1\",\"type\":\"CONVERSATION/CLOSED\",\"timestamp\":\"2026-11-21T10:00:00Z\",\"content\":{}}")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("event e1: missing content.conversationId");
        assertThatThrownBy(() -> GladlyConversationEvent.of(JSON.readTree(
                "{\"id\":\"e2\",\"type\":\"CONVERSATION/CLOSED\",\"timestamp\":\"2026-02-30T10:00:00.000Z\","
                        + "\"content\":{\"conversationId\":\"c\"}}")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("event e2: timestamp '2026-02-30T10:00:00.000Z' is not an ISO-8601 date-time with an offset");
        assertThatThrownBy(() -> GladlyConversationEvent.of(JSON.readTree(
                "{\"id\":\"e3\",\"type\":\"CONVERSATION/CLOSED\",\"timestamp\":\"2026-11-21T10:00:00\","
                        + "\"content\":{\"conversationId\":\"c\"}}")))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("not an ISO-8601 date-time");
        assertThatThrownBy(() -> GladlyConversationEvent.of(JSON.readTree("{\"type\":\"CONVERSATION/CLOSED\"}")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("event (no id): missing id");
        assertThatThrownBy(() -> GladlyConversationEvent.of(JSON.readTree("{\"id\":\"e4\",\"type\":\"CONVERSATION/CLOSED\"}")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("event e4: missing timestamp");
    }

    @Test
    void reads_the_close_context_of_the_recorded_event() throws IOException {
        GladlyConversationEvent closed = recordedEvents().get(3);

        assertThat(closed.isClosed()).isTrue();
        assertThat(closed.id()).isEqualTo("Y2xvc2VkRXZlbnQtQS0wMDE");
        assertThat(closed.timestamp()).isEqualTo(OffsetDateTime.parse("2026-11-21T14:12:55.870Z"));
        assertThat(closed.customerId()).isEqualTo("OOrlNMXeS72gs_WEX2TtMg");
        assertThat(closed.agentId()).isEqualTo("WmeA3Y51Q5ayCAaZ1AotIA");
        assertThat(closed.inboxId()).isEqualTo("E1nArq1uQAees_DogHB0MA");
        assertThat(closed.initiatorType()).isEqualTo("AGENT");
        assertThat(JSON.readTree(closed.json())).isEqualTo(JSON.readTree(
                "{\"id\":\"Y2xvc2VkRXZlbnQtQS0wMDE\",\"type\":\"CONVERSATION/CLOSED\",\"timestamp\":\"2026-11-21T14:12:55.870Z\","
                        + "\"initiator\":{\"id\":\"WmeA3Y51Q5ayCAaZ1AotIA\",\"type\":\"AGENT\"},\"content\":{\"customerId\":"
                        + "\"OOrlNMXeS72gs_WEX2TtMg\",\"conversationId\":\"9BcE2O0DQ2ynGHRmk9FeoA\",\"context\":{\"assignee\":"
                        + "{\"inboxId\":\"E1nArq1uQAees_DogHB0MA\",\"agentId\":\"WmeA3Y51Q5ayCAaZ1AotIA\"}}}}"));
    }
}
