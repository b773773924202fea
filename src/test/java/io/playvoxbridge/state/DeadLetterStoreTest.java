package io.playvoxbridge.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Dead letters: stored with their reason and payload, listed, filtered and deleted (on H2 and on PostgreSQL). */
class DeadLetterStoreTest {

    static final Instant T0 = Instant.parse("2026-11-21T14:30:00Z");

    StateDatabases.Fresh database;
    StateDatabase db;

    @BeforeEach
    void open(StateDatabases.Fresh fresh) {
        database = fresh;
        db = database.open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    DeadLetterStore storeAt(Instant now) {
        return new DeadLetterStore(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @OnEachDatabase
    void stores_a_dead_letter_and_finds_it_by_id() {
        long id = storeAt(T0).add("wolkvox-chat", "wolkvox-chat-translate", "wolkvox-chat4-1001",
                "unmapped agent Ana Pérez", "{\"case_id\":\"1001\",\"body\":\"¡Hola! 😀\"}");

        assertThat(storeAt(T0).find(id)).contains(new DeadLetter(id, "wolkvox-chat", "wolkvox-chat-translate",
                "wolkvox-chat4-1001", "unmapped agent Ana Pérez", "{\"case_id\":\"1001\",\"body\":\"¡Hola! 😀\"}", T0));
    }

    @OnEachDatabase
    void finds_nothing_for_an_unknown_id() {
        assertThat(storeAt(T0).find(42)).isEmpty();
    }

    @OnEachDatabase
    void lists_newest_first_within_the_limit_and_the_feed() {
        long first = storeAt(T0).add("wolkvox-chat", "r", "a", "first", null);
        long second = storeAt(T0.plusSeconds(60)).add("wolkvox-chat", "r", "b", "second", null);
        long sameTime = storeAt(T0.plusSeconds(60)).add("wolkvox-chat", "r", "c", "third", null);
        long other = storeAt(T0.plusSeconds(120)).add("five9-call-log", "r", "d", "other feed", null);
        DeadLetterStore store = storeAt(T0);

        assertThat(store.list("wolkvox-chat", 10)).extracting(DeadLetter::id).containsExactly(sameTime, second, first);
        assertThat(store.list("wolkvox-chat", 2)).extracting(DeadLetter::id).containsExactly(sameTime, second);
        assertThat(store.list(null, 10)).extracting(DeadLetter::id).containsExactly(other, sameTime, second, first);
        assertThat(store.list("nobody", 10)).isEmpty();
    }

    @OnEachDatabase
    void counts_per_feed_and_in_all() {
        DeadLetterStore store = storeAt(T0);
        store.add("wolkvox-chat", "r", "a", "x", null);
        store.add("wolkvox-chat", "r", "b", "x", null);
        store.add("five9-call-log", "r", "c", "x", null);

        assertThat(store.count("wolkvox-chat")).isEqualTo(2);
        assertThat(store.count("five9-call-log")).isEqualTo(1);
        assertThat(store.count(null)).isEqualTo(3);
    }

    @OnEachDatabase
    void finds_and_deletes_the_dead_letters_of_an_interaction_but_not_those_of_its_comments() {
        DeadLetterStore store = storeAt(T0);
        store.add("wolkvox-chat", "playvox-bulk-post", "a", "Playvox job j1 did not end within PT10M", null);
        long comment = store.add("wolkvox-chat", "playvox-comment-post", "b", "comment not posted: HTTP 400", null);
        long otherFeed = store.add("five9-call-log", "playvox-bulk-post", "a", "x", null);

        assertThat(store.holdsInteraction("wolkvox-chat", "a")).isTrue();
        assertThat(store.holdsInteraction("wolkvox-chat", "b")).isFalse();
        assertThat(store.interactionsHeld("wolkvox-chat")).containsExactly("a");
        assertThat(store.deleteInteraction("wolkvox-chat", "b")).isZero();
        assertThat(store.deleteInteraction("wolkvox-chat", "a")).isEqualTo(1);
        assertThat(store.holdsInteraction("wolkvox-chat", "a")).isFalse();
        assertThat(store.list(null, 10)).extracting(DeadLetter::id).containsExactlyInAnyOrder(comment, otherFeed);
    }

    @OnEachDatabase
    void keeps_one_dead_letter_per_interaction_updated_with_the_last_failure() {
        long first = storeAt(T0).addOrUpdate("wolkvox-chat", "wolkvox-chat-record", "a", "unmapped agent", "{\"v\":1}");
        long comment = storeAt(T0).add("wolkvox-chat", "playvox-comment-post", "a", "comment not posted: 400", null);
        long again = storeAt(T0.plusSeconds(60)).addOrUpdate("wolkvox-chat", "playvox-bulk-post", "a", "HTTP 422", "{\"v\":2}");
        long otherFeed = storeAt(T0).addOrUpdate("five9-call-log", "r", "a", "x", null);
        long noId1 = storeAt(T0).addOrUpdate("wolkvox-chat", "r", null, "not JSON", "x");
        long noId2 = storeAt(T0).addOrUpdate("wolkvox-chat", "r", null, "not JSON", "x");

        assertThat(again).isEqualTo(first);
        assertThat(storeAt(T0).find(first)).contains(new DeadLetter(first, "wolkvox-chat", "playvox-bulk-post", "a",
                "HTTP 422", "{\"v\":2}", T0.plusSeconds(60)));
        assertThat(storeAt(T0).list(null, 10)).extracting(DeadLetter::id)
                .containsExactlyInAnyOrder(first, comment, otherFeed, noId1, noId2);
    }

    @OnEachDatabase
    void cuts_a_reason_longer_than_4000_characters() {
        DeadLetterStore store = storeAt(T0);
        long id = store.add("wolkvox-chat", "r", "a", "é".repeat(5000), null);

        assertThat(store.find(id).orElseThrow().reason()).isEqualTo("é".repeat(4000));
    }

    @OnEachDatabase
    void does_not_split_an_emoji_when_cutting_a_reason() {
        DeadLetterStore store = storeAt(T0);
        long id = store.add("wolkvox-chat", "r", "a", "x".repeat(3999) + "😀 and more", null);

        assertThat(store.find(id).orElseThrow().reason()).isEqualTo("x".repeat(3999));
    }

    @OnEachDatabase
    void stores_unknown_reason_when_none_is_given() {
        DeadLetterStore store = storeAt(T0);
        long none = store.add("wolkvox-chat", "r", "a", null, null);
        long blank = store.add("wolkvox-chat", "r", "a", "  ", null);

        assertThat(store.find(none).orElseThrow().reason()).isEqualTo("unknown reason");
        assertThat(store.find(blank).orElseThrow().reason()).isEqualTo("unknown reason");
    }

    @OnEachDatabase
    void keeps_a_large_payload_exactly_and_allows_missing_fields() {
        DeadLetterStore store = storeAt(T0);
        String payload = "<p>Buen día, ñandú 😀</p>".repeat(10_000);
        long id = store.add(null, null, null, "bulk job failed", payload);

        DeadLetter letter = store.find(id).orElseThrow();
        assertThat(letter.payload()).isEqualTo(payload);
        assertThat(letter.feed()).isNull();
        assertThat(letter.routeId()).isNull();
        assertThat(letter.interactionId()).isNull();
    }

    @OnEachDatabase
    void cuts_an_overlong_interaction_id_rather_than_lose_the_dead_letter() {
        DeadLetterStore store = storeAt(T0);
        long id = store.add("wolkvox-chat", "r", "9".repeat(300), "missing case_id", null);

        assertThat(store.find(id).orElseThrow().interactionId()).isEqualTo("9".repeat(200));
    }

    @OnEachDatabase
    void refuses_a_limit_below_one() {
        assertThatThrownBy(() -> storeAt(T0).list(null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @OnEachDatabase
    void keeps_a_dead_letter_whose_texts_hold_nul_characters_replacing_them() {
        DeadLetterStore store = storeAt(T0);
        long id = store.add("wolkvox\u0000chat", "r", "a\u0000b", "bad byte \u0000 in body", "{\"body\":\"x\u0000y\"}");

        DeadLetter letter = store.find(id).orElseThrow();
        assertThat(letter.feed()).isEqualTo("wolkvox\uFFFDchat");
        assertThat(letter.interactionId()).isEqualTo("a\uFFFDb");
        assertThat(letter.reason()).isEqualTo("bad byte \uFFFD in body");
        assertThat(letter.payload()).isEqualTo("{\"body\":\"x\uFFFDy\"}");
    }

    @OnEachDatabase
    void numbers_dead_letters_in_the_order_they_are_stored() {
        DeadLetterStore store = storeAt(T0);
        long first = store.add("wolkvox-chat", "r", "a", "x", null);
        long second = store.add("wolkvox-chat", "r", "b", "x", null);

        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
    }

    @OnEachDatabase
    void filters_by_feed_reason_text_and_time_range_together() {
        long a = storeAt(T0).add("wolkvox-chat", "r", "a", "unmapped agent Ana", null);
        long b = storeAt(T0.plusSeconds(60)).add("wolkvox-chat", "r", "b", "Playvox rejected the interaction", null);
        long c = storeAt(T0.plusSeconds(120)).add("wolkvox-chat", "r", "c", "Unmapped agent Luis", null);
        long d = storeAt(T0.plusSeconds(120)).add("five9-call-log", "r", "d", "unmapped agent Eva", null);
        long none = storeAt(T0.plusSeconds(180)).add(null, "r", "e", "unmapped agent Sin Feed", null);
        DeadLetterStore store = storeAt(T0);

        assertThat(store.listMatching(new DeadLetterFilter(null, "UNMAPPED", null, null), 10)).extracting(DeadLetter::id)
                .containsExactly(none, d, c, a);
        assertThat(store.listMatching(new DeadLetterFilter("wolkvox-chat", "unmapped", null, null), 10))
                .extracting(DeadLetter::id).containsExactly(c, a);
        assertThat(store.listMatching(new DeadLetterFilter(null, null, T0.plusSeconds(60), T0.plusSeconds(120)), 10))
                .extracting(DeadLetter::id).as("since is inclusive, until exclusive").containsExactly(b);
        assertThat(store.listMatching(new DeadLetterFilter("wolkvox-chat", "agent", T0.plusSeconds(1), null), 10))
                .extracting(DeadLetter::id).containsExactly(c);
        assertThat(store.listMatching(DeadLetterFilter.ALL, 2)).extracting(DeadLetter::id).containsExactly(none, d);
        assertThat(store.countMatching(new DeadLetterFilter(null, "unmapped", null, T0.plusSeconds(120)))).isEqualTo(1);
        assertThat(store.countMatching(DeadLetterFilter.ALL)).isEqualTo(5);
    }

    @OnEachDatabase
    void matches_percent_and_underscore_in_the_reason_text_literally() {
        DeadLetterStore store = storeAt(T0);
        long percent = store.add("wolkvox-chat", "r", "a", "field rate is 100% over", null);
        store.add("wolkvox-chat", "r", "b", "field rate is 1000 over", null);
        long underscore = store.add("wolkvox-chat", "r", "c", "missing case_id", null);
        store.add("wolkvox-chat", "r", "d", "missing caseXid", null);
        long backslash = store.add("wolkvox-chat", "r", "e", "path C:\\temp is wrong", null);

        assertThat(store.listMatching(new DeadLetterFilter(null, "0%", null, null), 10)).extracting(DeadLetter::id)
                .containsExactly(percent);
        assertThat(store.listMatching(new DeadLetterFilter(null, "case_id", null, null), 10)).extracting(DeadLetter::id)
                .containsExactly(underscore);
        assertThat(store.listMatching(new DeadLetterFilter(null, "c:\\temp", null, null), 10)).extracting(DeadLetter::id)
                .containsExactly(backslash);
    }

    @OnEachDatabase
    void gives_the_ids_a_filter_matches_oldest_first() {
        long first = storeAt(T0.plusSeconds(60)).add("wolkvox-chat", "r", "a", "x", null);
        storeAt(T0).add("five9-call-log", "r", "b", "x", null);
        long third = storeAt(T0).add("wolkvox-chat", "r", "c", "x", null);
        DeadLetterStore store = storeAt(T0);

        assertThat(store.idsMatching(DeadLetterFilter.ofFeed("wolkvox-chat"))).containsExactly(first, third);
        assertThat(store.idsMatching(DeadLetterFilter.ALL)).hasSize(3).isSorted();
        assertThat(store.idsMatching(DeadLetterFilter.ofFeed("nobody"))).isEmpty();
    }

    @OnEachDatabase
    void deletes_one_dead_letter_by_id_and_says_whether_it_was_there() {
        DeadLetterStore store = storeAt(T0);
        long kept = store.add("wolkvox-chat", "r", "a", "x", null);
        long gone = store.add("wolkvox-chat", "r", "b", "x", null);

        assertThat(store.delete(gone)).isTrue();
        assertThat(store.delete(gone)).isFalse();
        assertThat(store.find(gone)).isEmpty();
        assertThat(store.find(kept)).isPresent();
    }

    @OnEachDatabase
    void deletes_several_dead_letters_by_id_skipping_unknown_ones() {
        DeadLetterStore store = storeAt(T0);
        long a = store.add("wolkvox-chat", "r", "a", "x", null);
        long b = store.add("wolkvox-chat", "r", "b", "x", null);
        long c = store.add("wolkvox-chat", "r", "c", "x", null);

        assertThat(store.deleteIds(List.of(a, c, 999_999L))).isEqualTo(2);
        assertThat(store.deleteIds(List.of())).isZero();
        assertThat(store.idsMatching(DeadLetterFilter.ALL)).containsExactly(b);
    }

    @OnEachDatabase
    void deletes_a_feeds_dead_letters_and_then_all_of_them() {
        DeadLetterStore store = storeAt(T0);
        store.add("wolkvox-chat", "r", "a", "x", null);
        store.add("wolkvox-chat", "r", "b", "x", null);
        long other = store.add("five9-call-log", "r", "c", "x", null);
        store.add(null, "r", "d", "x", null);

        assertThat(store.deleteMatching(DeadLetterFilter.ofFeed("wolkvox-chat"))).isEqualTo(2);
        assertThat(store.idsMatching(DeadLetterFilter.ALL)).hasSize(2).contains(other);
        assertThat(store.deleteMatching(DeadLetterFilter.ALL)).isEqualTo(2);
        assertThat(store.count(null)).isZero();
    }
}
