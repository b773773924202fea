package io.playvoxbridge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watermarks per feed, kept in the state database. */
class WatermarkStoreTest {

    @TempDir
    Path dir;

    StateDatabase db;
    WatermarkStore store;

    /** Builds the database under test from a JDBC URL (H2 here; a PostgreSQL URL works the same way). */
    static StateDatabase openDatabase(String jdbcUrl) {
        return new StateDatabase(jdbcUrl, "sa", "");
    }

    String url() {
        return "jdbc:h2:file:" + dir.resolve("state");
    }

    @BeforeEach
    void open() {
        db = openDatabase(url());
        store = new WatermarkStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void has_no_watermark_for_a_feed_that_never_committed() {
        assertThat(store.get("wolkvox-chat")).isEmpty();
    }

    @Test
    void stores_and_then_replaces_a_watermark() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:00Z"));
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:35:00Z"));

        assertThat(store.get("wolkvox-chat")).contains(Instant.parse("2026-11-21T14:35:00Z"));
    }

    @Test
    void may_move_a_watermark_backwards() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:00Z"));
        store.put("wolkvox-chat", Instant.parse("2026-11-01T00:00:00Z"));

        assertThat(store.get("wolkvox-chat")).contains(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void keeps_feeds_apart() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:00Z"));
        store.put("wolkvox-survey", Instant.parse("2026-11-20T08:00:00Z"));

        assertThat(store.get("wolkvox-chat")).contains(Instant.parse("2026-11-21T14:30:00Z"));
        assertThat(store.get("wolkvox-survey")).contains(Instant.parse("2026-11-20T08:00:00Z"));
    }

    @Test
    void a_watermark_survives_reopening_the_database() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:05.123456Z"));
        db.close();

        db = openDatabase(url());
        assertThat(new WatermarkStore(db.dataSource()).get("wolkvox-chat"))
                .contains(Instant.parse("2026-11-21T14:30:05.123456Z"));
    }

    @Test
    void keeps_microseconds_and_drops_finer_digits() {
        store.put("wolkvox-chat", Instant.parse("2026-11-21T14:30:05.123456789Z"));

        assertThat(store.get("wolkvox-chat")).contains(Instant.parse("2026-11-21T14:30:05.123456Z"));
    }
}
