package io.playvoxbridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentDelivery;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.http.VendorHttpException;
import io.playvoxbridge.playvox.FailedItem;
import io.playvoxbridge.playvox.PlayvoxAvailability;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.playvox.PlayvoxBatch;
import io.playvoxbridge.playvox.PlayvoxBulkSink;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.DeliveryLog;
import io.playvoxbridge.state.StateDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dead letter holds: one record each, with its reason, and the window settles. */
class DeadLetterRecorderTest {

    @TempDir
    Path dir;
    StateDatabase db;
    DeadLetterStore store;
    WindowTracker tracker;
    DeliveryLogIdempotentRepository inFlight;
    DeadLetterRecorder recorder;
    final FeedWindow window = new FeedWindow("wolkvox-chat", Instant.parse("2026-11-22T00:00:00Z"),
            Instant.parse("2026-11-22T01:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void open() {
        db = new StateDatabase("jdbc:h2:file:" + dir.resolve("state"), "sa", "");
        store = new DeadLetterStore(db.dataSource());
        tracker = new WindowTracker();
        inFlight = new DeliveryLogIdempotentRepository(new DeliveryLog(db.dataSource()));
        recorder = new DeadLetterRecorder(store, tracker, inFlight, new ObjectMapper(), null, null);
        tracker.open(window);
    }

    @AfterEach
    void close() {
        db.close();
    }

    FeedRecord record(int i) {
        return new FeedRecord("wolkvox-chat", "wolkvox-chat", window.id(),
                new Interaction("wolkvox-chat4-" + i, "ana@acme.test", Map.of()),
                List.of(new Comment("hola " + i, CommentType.CUSTOMER_COMMENT, "ana@acme.test", null)),
                "{\"case_id\":\"" + i + "\"}");
    }

    Exchange failed(Object body, Exception error) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.getMessage().setBody(body);
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, error);
        ex.setProperty(Exchange.FAILURE_ROUTE_ID, "playvox-bulk-post");
        ex.setProperty("bridgeFeed", "wolkvox-chat");
        return ex;
    }

    @Test
    void a_failed_batch_of_100_becomes_100_dead_letters_of_one_record_each_and_its_records_settle() throws Exception {
        List<FeedRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(record(i));
            tracker.fetched(window);
            inFlight.add(records.get(i).deliveryKey());
        }
        Exchange ex = failed("{\"success\":false}", new IllegalStateException("Playvox down"));
        ex.setProperty(PlayvoxBulkSink.BATCH, new PlayvoxBatch("wolkvox-chat", records));

        recorder.record(ex);

        List<DeadLetter> letters = store.list("wolkvox-chat", 1000);
        assertThat(letters).hasSize(100).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo("IllegalStateException: Playvox down");
            assertThat(d.routeId()).isEqualTo("playvox-bulk-post");
            assertThat(d.payload()).startsWith("{\"case_id\":");
        });
        assertThat(letters).extracting(DeadLetter::interactionId).doesNotHaveDuplicates();
        assertThat(tracker.awaitSettled(window, java.time.Duration.ofSeconds(1)).deadLettered()).isEqualTo(100);
        assertThat(inFlight.inFlightCount()).isZero();
    }

    @Test
    void a_batch_cut_short_by_the_shutdown_is_not_a_dead_letter_and_its_records_stay_unsettled() throws Exception {
        List<FeedRecord> records = List.of(record(1), record(2));
        records.forEach(r -> tracker.fetched(window));
        Exchange ex = failed("", new java.util.concurrent.RejectedExecutionException("Redelivery not allowed while stopping"));
        ex.setProperty(PlayvoxBulkSink.BATCH, new PlayvoxBatch("wolkvox-chat", records));

        recorder.record(ex);

        assertThat(store.count(null)).isZero();
        tracker.stopping();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tracker.awaitSettled(window, java.time.Duration.ofSeconds(1)))
                .isInstanceOf(WindowTracker.WindowNotSettledException.class);
    }

    @Test
    void an_item_playvox_rejected_carries_playvox_error_text() {
        recorder.record(failed(new FailedItem(record(1), "Playvox rejected the interaction: unknown metadata field x"), null));
        assertThat(store.list(null, 10)).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("Playvox rejected the interaction: unknown metadata field x");
            assertThat(d.interactionId()).isEqualTo("wolkvox-chat4-1");
        });
    }

    @Test
    void an_item_playvox_rejected_is_a_dead_letter_even_when_the_exchange_caught_an_outage_error_earlier() {
        // a job poll of this exchange was answered 500 once and retried: the caught exception stays on the exchange
        PlayvoxAvailability availability = new PlayvoxAvailability(100, 1, java.time.Duration.ofSeconds(30));
        DeadLetterRecorder withBreaker = new DeadLetterRecorder(store, tracker, inFlight, new ObjectMapper(), null,
                availability);
        withBreaker.record(failed(new FailedItem(record(1), "Playvox rejected the interaction: bad field"),
                new VendorHttpException("playvox", 500, "{}", null)));
        assertThat(store.list(null, 10)).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("Playvox rejected the interaction: bad field");
            assertThat(d.routeId()).isEqualTo("playvox-bulk-post");
        });
    }

    @Test
    void a_batch_cut_short_by_a_playvox_outage_is_not_a_dead_letter_and_its_window_is_abandoned() {
        PlayvoxAvailability availability = new PlayvoxAvailability(100, 1, java.time.Duration.ofSeconds(30));
        DeadLetterRecorder withBreaker = new DeadLetterRecorder(store, tracker, inFlight, new ObjectMapper(), null,
                availability);
        List<FeedRecord> records = List.of(record(1), record(2));
        records.forEach(r -> tracker.fetched(window));
        Exchange ex = failed("", new VendorHttpException("playvox", 503, "{}", null));
        ex.setProperty(PlayvoxBulkSink.BATCH, new PlayvoxBatch("wolkvox-chat", records));

        withBreaker.record(ex);

        assertThat(store.count(null)).isZero();
        assertThat(tracker.isAbandoned(window)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tracker.awaitSettled(window, java.time.Duration.ofSeconds(30)))
                .isInstanceOf(WindowTracker.WindowNotSettledException.class).hasMessageContaining("Playvox is down");
    }

    @Test
    void a_comment_request_that_failed_is_recorded_as_its_comment_not_as_its_json_body() {
        Comment c = new Comment("gracias", CommentType.AGENT_COMMENT, "ana@acme.test", null);
        Exchange ex = failed("{\"body\":\"gracias\"}", new VendorHttpException("playvox", 400, "{}", null));
        ex.setProperty(PlayvoxBulkSink.COMMENT, new CommentDelivery("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-9", "pv9", c));
        ex.setProperty(DeadLetterRecorder.INTERACTION_ID_PROPERTY, "wolkvox-chat4-1"); // another record's, left behind
        recorder.record(ex);
        assertThat(store.list(null, 10)).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("comment not posted: ");
            assertThat(d.interactionId()).isEqualTo("wolkvox-chat4-9");
            assertThat(d.payload()).contains("pv9");
        });
    }

    @Test
    void nothing_that_fails_while_the_application_stops_is_a_dead_letter() throws Exception {
        Exchange ex = failed(new FeedRecord("wolkvox-chat", "wolkvox-chat", window.id(),
                new Interaction("wolkvox-chat4-5", "ana@acme.test", Map.of()), List.of(), "{}"),
                new VendorHttpException("playvox", 429, "{}", null));
        tracker.stopping(); // what BridgeMainListener does before Camel stops
        recorder.record(ex);
        assertThat(store.count(null)).isZero();
    }

    @Test
    void a_comment_that_could_not_be_posted_is_its_own_dead_letter() {
        Comment c = new Comment("gracias", CommentType.AGENT_COMMENT, "ana@acme.test", null);
        recorder.record(failed(new CommentDelivery("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-9", "pv9", c),
                new IllegalStateException("500")));
        assertThat(store.list(null, 10)).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("comment not posted: ");
            assertThat(d.payload()).contains("gracias").contains("pv9");
        });
    }

    @Test
    void an_untranslatable_vendor_record_keeps_its_raw_payload_and_the_reason() {
        tracker.fetched(window);
        Exchange ex = failed(Map.of("case_id", "77", "agent_name", "Nadie"), new InvalidRecordException("unmapped agent Nadie"));
        ex.setProperty(WindowTracker.WINDOW_PROPERTY, window);
        ex.setProperty("bridgeInteractionId", "wolkvox-chat4-77");
        recorder.record(ex);
        assertThat(store.list(null, 10)).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("unmapped agent Nadie");
            assertThat(d.interactionId()).isEqualTo("wolkvox-chat4-77");
            assertThat(d.payload()).contains("\"agent_name\":\"Nadie\"");
        });
    }
}
