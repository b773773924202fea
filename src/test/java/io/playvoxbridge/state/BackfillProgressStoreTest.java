package io.playvoxbridge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The progress of each backfill, kept in the state database (on H2 and on PostgreSQL) apart from the watermarks. */
class BackfillProgressStoreTest {

    static final Instant FROM = Instant.parse("2026-11-01T05:00:00Z");
    static final Instant TO = Instant.parse("2026-11-03T05:00:00Z");

    StateDatabase db;
    BackfillProgressStore store;

    @BeforeEach
    void open(StateDatabases.Fresh fresh) {
        db = fresh.open();
        store = new BackfillProgressStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @OnEachDatabase
    void has_no_progress_for_a_range_never_backfilled() {
        assertThat(store.find("wolkvox-chat", FROM, TO)).isEmpty();
    }

    @OnEachDatabase
    void stores_each_committed_window_and_reads_it_back() {
        BackfillProgressStore.Progress p = store.begin("wolkvox-chat", FROM, TO);
        p = store.windowCommitted(p, FROM.plus(Duration.ofDays(1)), 120, Duration.ofSeconds(3));

        BackfillProgressStore.Progress read = store.find("wolkvox-chat", FROM, TO).orElseThrow();
        assertThat(read.committedTo()).isEqualTo(FROM.plus(Duration.ofDays(1)));
        assertThat(read.windowsDone()).isEqualTo(1);
        assertThat(read.records()).isEqualTo(120);
        assertThat(read.elapsed()).isEqualTo(Duration.ofSeconds(3));
        assertThat(read.complete()).isFalse();
        assertThat(read).isEqualTo(p);
    }

    @OnEachDatabase
    void is_complete_when_the_last_window_reaches_the_end() {
        BackfillProgressStore.Progress p = store.begin("wolkvox-chat", FROM, TO);
        p = store.windowCommitted(p, FROM.plus(Duration.ofDays(1)), 1, Duration.ofSeconds(1));
        p = store.windowCommitted(p, TO, 2, Duration.ofSeconds(1));

        assertThat(p.complete()).isTrue();
        assertThat(store.find("wolkvox-chat", FROM, TO).orElseThrow().complete()).isTrue();
    }

    @OnEachDatabase
    void begins_a_range_again_from_nothing_and_keeps_other_ranges_and_feeds_apart() {
        BackfillProgressStore.Progress p = store.begin("wolkvox-chat", FROM, TO);
        store.windowCommitted(p, TO, 9, Duration.ofSeconds(1));
        BackfillProgressStore.Progress other = store.begin("wolkvox-chat", FROM, TO.plusSeconds(1));
        store.windowCommitted(other, FROM.plusSeconds(60), 5, Duration.ofSeconds(1));
        store.begin("five9-call-log", FROM, TO);

        store.begin("wolkvox-chat", FROM, TO);

        assertThat(store.find("wolkvox-chat", FROM, TO).orElseThrow().windowsDone()).isZero();
        assertThat(store.find("wolkvox-chat", FROM, TO.plusSeconds(1)).orElseThrow().windowsDone()).isEqualTo(1);
        assertThat(store.find("five9-call-log", FROM, TO).orElseThrow().committedTo()).isEqualTo(FROM);
    }
}
