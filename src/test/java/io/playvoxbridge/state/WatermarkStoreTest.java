package io.playvoxbridge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Watermarks per feed, kept in the state database (on H2 and on PostgreSQL). */
class WatermarkStoreTest {

    StateDatabases.Fresh database;
    StateDatabase db;
    WatermarkStore store;

    @BeforeEach
    void open(StateDatabases.Fresh fresh) {
        database = fresh;
        db = database.open();
        store = new WatermarkStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @OnEachDatabase
    void has_no_watermark_for_a_feed_that_never_committed() {
        assertThat(store.get("wolkvox-chat")).isEmpty();
    }

    @OnEachDatabase
    void stores_and_then_replaces_a_watermark() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:00Z"));
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:35:00Z"));

        assertThat(store.get("wolkvox-chat")).contains(Instant.parse("2026-11-21T14:35:00Z"));
    }

    @OnEachDatabase
    void may_move_a_watermark_backwards() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:00Z"));
        store.put("wolkvox-chat", Instant.parse("2026-11-01T00:00:00Z"));

        assertThat(store.get("wolkvox-chat")).contains(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @OnEachDatabase
    void keeps_feeds_apart() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:00Z"));
        store.put("wolkvox-survey", Instant.parse("2026-11-20T08:00:00Z"));

        assertThat(store.get("wolkvox-chat")).contains(Instant.parse("2026-11-21T14:30:00Z"));
        assertThat(store.get("wolkvox-survey")).contains(Instant.parse("2026-11-20T08:00:00Z"));
    }

    @OnEachDatabase
    void a_watermark_survives_reopening_the_database() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:05.123456Z"));
        db.close();

        db = database.open();
        assertThat(new WatermarkStore(db.dataSource()).get("wolkvox-chat"))
                .contains(Instant.parse("2026-11-21T14:30:05.123456Z"));
    }

    @OnEachDatabase
    void keeps_microseconds_and_drops_finer_digits() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:05.123456789Z"));

        assertThat(store.get("wolkvox-chat")).contains(Instant.parse("2026-11-21T14:30:05.123456Z"));
    }

    @OnEachDatabase
    void keeps_the_instant_when_written_from_a_jvm_in_another_time_zone() {
        Instant watermark = Instant.parse("2026-11-21T23:45:00.5Z");
        TimeZone saved = TimeZone.getDefault();
        db.close();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            db = database.open();
            new WatermarkStore(db.dataSource()).put("wolkvox-chat", watermark);
            db.close();
        } finally {
            TimeZone.setDefault(saved);
        }

        db = database.open();
        assertThat(new WatermarkStore(db.dataSource()).get("wolkvox-chat")).contains(watermark);
    }
}
