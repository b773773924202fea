package io.playvoxbridge.source.gladly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader;
import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Window planning within the events API's 24 hours and 15 s lag, a window's entries, and replayed payloads. */
class GladlyConversationsFeedTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:30.250Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    StateDatabase db;
    WatermarkStore watermarks;

    @BeforeEach
    void open() {
        db = new StateDatabase("jdbc:h2:file:" + dir.resolve("state"), "sa", "");
        watermarks = new WatermarkStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    GladlyConversationsFeed feed(Optional<LocalDateTime> startAt) {
        return new GladlyConversationsFeed(planner(startAt), null, null, null, null, new WindowTracker(),
                Duration.ofSeconds(1), watermarks, startAt.map(t -> t.toInstant(ZoneOffset.UTC)), null, null, JSON, CLOCK);
    }

    FeedWindowPlanner planner(Optional<LocalDateTime> startAt) {
        return new FeedWindowPlanner(GladlyConversationsFeed.FEED, startAt, ZoneOffset.UTC, Duration.ofMinutes(10),
                Duration.ofHours(1), watermarks, GladlyConversationsFeed.plannerClock(CLOCK));
    }

    List<FeedWindow> plan(Optional<LocalDateTime> startAt) {
        return feed(startAt).clamp(planner(startAt).plan());
    }

    @Test
    void windows_end_15_seconds_before_now_as_events_lag() {
        watermarks.put(GladlyConversationsFeed.FEED, NOW.minus(Duration.ofMinutes(30)));
        List<FeedWindow> windows = plan(Optional.empty());
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).from()).isEqualTo(Instant.parse("2026-11-22T11:20:30Z"));
        assertThat(windows.get(0).to()).isEqualTo(Instant.parse("2026-11-22T12:00:15Z"));
    }

    @Test
    void a_watermark_older_than_24_hours_is_cut_to_the_events_reach() {
        watermarks.put(GladlyConversationsFeed.FEED, NOW.minus(Duration.ofHours(30)));
        List<FeedWindow> windows = plan(Optional.empty());
        Instant earliest = Instant.parse("2026-11-21T12:02:30Z"); // now - 24 h + 2 min, whole seconds
        assertThat(windows.get(0).from()).isEqualTo(earliest);
        assertThat(windows).allSatisfy(w -> assertThat(w.from()).isAfterOrEqualTo(earliest));
        assertThat(windows.get(windows.size() - 1).to()).isEqualTo(Instant.parse("2026-11-22T12:00:15Z"));
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i).from()).isEqualTo(windows.get(i - 1).to());
        }
    }

    @Test
    void a_start_older_than_24_hours_and_the_default_first_run_start_within_reach() {
        assertThat(plan(Optional.of(LocalDateTime.parse("2026-11-01T00:00:00"))).get(0).from())
                .isEqualTo(Instant.parse("2026-11-21T12:02:30Z"));
        assertThat(plan(Optional.empty()).get(0).from()).isEqualTo(Instant.parse("2026-11-21T12:02:30Z"));
        assertThat(plan(Optional.of(LocalDateTime.parse("2026-11-22T06:00:00"))).get(0).from())
                .isEqualTo(Instant.parse("2026-11-22T06:00:00Z"));
    }

    @Test
    void a_window_hands_on_the_last_close_of_each_closed_conversation_and_every_unreadable_line() throws Exception {
        String close1 = event("e1", "CONVERSATION/CLOSED", "2026-11-22T10:00:00Z", "convA");
        String reopen1 = event("e2", "CONVERSATION/REOPENED", "2026-11-22T10:01:00Z", "convA");
        String close2 = event("e3", "CONVERSATION/CLOSED", "2026-11-22T10:02:00Z", "convA");
        String closeB = event("e4", "CONVERSATION/CLOSED", "2026-11-22T10:03:00Z", "convB");
        String reopenB = event("e5", "CONVERSATION/REOPENED", "2026-11-22T10:04:00Z", "convB");
        String cut = "{\"id\":\"e6\",\"type\":\"CONVERSATION/CLO";
        String noConversation = "{\"id\":\"e7\",\"type\":\"CONVERSATION/CLOSED\",\"timestamp\":\"2026-11-22T10:05:00Z\",\"content\":{}}";
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n", close1, reopen1, cut, close2, closeB, reopenB, noConversation) + "\n");

        List<GladlyConversationsFeed.Entry> entries = feed(Optional.empty()).entries(file);

        assertThat(file).doesNotExist();
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).event().id()).isEqualTo("e3");
        assertThat(entries.get(0).payload()).isEqualTo(JSON.readTree(close2).toString());
        assertThat(entries.get(1).payload()).isEqualTo(cut);
        assertThat(entries.get(1).problem()).startsWith("events line 3: not JSON");
        assertThat(entries.get(2).problem()).isEqualTo("events line 7: event e7: missing content.conversationId");
        assertThat(feed(Optional.empty()).interactionIdOf(entries.get(1))).isNull();
        assertThatThrownBy(() -> feed(Optional.empty()).closeEvent(entries.get(1)))
                .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("events line 3: not JSON");
    }

    @Test
    void a_replayed_close_event_is_read_back_from_the_flat_record_of_the_dead_letter() throws Exception {
        String close = event("e1", "CONVERSATION/CLOSED", "2026-11-22T10:00:00.5Z", "convA");
        Map<String, String> flat = WolkvoxEnvelopeReader.record(JSON.readTree(close));
        Map<String, String> invalid = Map.of(WolkvoxEnvelopeReader.INVALID_KEY, "{\"id\":\"cut");

        List<GladlyConversationsFeed.Entry> entries = feed(Optional.empty()).replayEntries(List.of(flat, invalid));

        GladlyConversationEvent event = entries.get(0).event();
        assertThat(event.isClosed()).isTrue();
        assertThat(event.conversationId()).isEqualTo("convA");
        assertThat(event.agentId()).isEqualTo("agent1");
        assertThat(event.inboxId()).isEqualTo("inbox1");
        assertThat(event.timestamp().toInstant()).isEqualTo(Instant.parse("2026-11-22T10:00:00.5Z"));
        assertThat(entries.get(1).event()).isNull();
        assertThat(entries.get(1).problem()).contains("not a JSON object event");
    }

    static String event(String id, String type, String at, String conversation) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":\"" + at + "\",\"initiator\":{\"id\":"
                + "\"agent1\",\"type\":\"AGENT\"},\"content\":{\"customerId\":\"cust1\",\"conversationId\":\""
                + conversation + "\",\"context\":{\"assignee\":{\"inboxId\":\"inbox1\",\"agentId\":\"agent1\"}}}}";
    }
}
