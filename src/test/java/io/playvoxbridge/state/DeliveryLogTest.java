package io.playvoxbridge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery log: what Playvox has confirmed, recorded once. */
class DeliveryLogTest {

    static final Instant NOW = Instant.parse("2026-11-21T14:30:00Z");

    @TempDir
    Path dir;

    StateDatabase db;
    DeliveryLog log;

    /** Builds the database under test from a JDBC URL (H2 here; a PostgreSQL URL works the same way). */
    static StateDatabase openDatabase(String jdbcUrl) {
        return new StateDatabase(jdbcUrl, "sa", "");
    }

    @BeforeEach
    void open() {
        db = openDatabase("jdbc:h2:file:" + dir.resolve("state"));
        log = new DeliveryLog(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void records_an_interaction_once_and_says_so_the_second_time() {
        assertThat(log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1")).isTrue();
        assertThat(log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-other")).isFalse();

        assertThat(log.count("wolkvox-chat")).isEqualTo(1);
        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1001")).get()
                .extracting(DeliveryEntry::playvoxId).isEqualTo("pv-1");
    }

    @Test
    void finds_an_entry_with_its_feed_time_and_comment_state() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1");

        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1001")).contains(new DeliveryEntry(
                "wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1", NOW, false));
        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-404")).isEmpty();
    }

    @Test
    void marks_comments_posted() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1");

        log.markCommentsPosted("wolkvox-chat", "wolkvox-chat4-1001");

        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1001")).get()
                .extracting(DeliveryEntry::commentsPosted).isEqualTo(true);
    }

    @Test
    void marking_comments_of_an_unknown_interaction_changes_nothing() {
        log.markCommentsPosted("wolkvox-chat", "wolkvox-chat4-404");

        assertThat(log.count("wolkvox-chat")).isZero();
    }

    @Test
    void tells_whether_it_contains_an_interaction() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1");

        assertThat(log.contains("wolkvox-chat", "wolkvox-chat4-1001")).isTrue();
        assertThat(log.contains("wolkvox-chat", "wolkvox-chat4-1002")).isFalse();
    }

    @Test
    void keeps_integrations_apart() {
        log.record("wolkvox-chat", "wolkvox-chat", "same-id", "pv-1");

        assertThat(log.record("five9-call-log", "five9-calls", "same-id", "pv-2")).isTrue();
        assertThat(log.contains("five9-calls", "same-id")).isTrue();
        assertThat(log.count("wolkvox-chat")).isEqualTo(1);
        assertThat(log.count("five9-calls")).isEqualTo(1);
        assertThat(log.count("nobody")).isZero();
    }

    @Test
    void finds_the_delivered_ones_among_more_ids_than_one_in_list_holds() {
        List<String> ids = IntStream.range(0, 1203).mapToObj(i -> "wolkvox-chat4-" + i).collect(Collectors.toList());
        for (int i = 0; i < ids.size(); i += 3) {
            log.record("wolkvox-chat", "wolkvox-chat", ids.get(i), "pv-" + i);
        }
        log.record("wolkvox-survey", "other-integration", ids.get(1), "pv-x");

        assertThat(log.deliveredAmong("wolkvox-chat", ids))
                .hasSize(401)
                .contains("wolkvox-chat4-0", "wolkvox-chat4-600", "wolkvox-chat4-1200")
                .doesNotContain("wolkvox-chat4-1", "wolkvox-chat4-1201");
    }

    @Test
    void finds_nothing_delivered_among_no_ids() {
        assertThat(log.deliveredAmong("wolkvox-chat", List.of())).isEmpty();
    }

    @Test
    void records_exactly_once_when_several_threads_race() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String playvoxId = "pv-" + i;
                tasks.add(() -> log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-race", playvoxId));
            }
            long inserted = 0;
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                inserted += result.get() ? 1 : 0;
            }
            assertThat(inserted).isEqualTo(1);
            assertThat(log.count("wolkvox-chat")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keeps_deliveries_across_reopening_the_database() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1");
        db.close();

        db = openDatabase("jdbc:h2:file:" + dir.resolve("state"));
        assertThat(new DeliveryLog(db.dataSource()).contains("wolkvox-chat", "wolkvox-chat4-1001")).isTrue();
    }
}
