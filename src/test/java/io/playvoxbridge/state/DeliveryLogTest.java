package io.playvoxbridge.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** The delivery log: what Playvox has confirmed, recorded once (on H2 and on PostgreSQL). */
class DeliveryLogTest {

    static final Instant NOW = Instant.parse("2026-11-21T14:30:00Z");

    StateDatabases.Fresh database;
    StateDatabase db;
    DeliveryLog log;

    @BeforeEach
    void open(StateDatabases.Fresh fresh) {
        database = fresh;
        db = database.open();
        log = new DeliveryLog(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @OnEachDatabase
    void records_an_interaction_once_and_says_so_the_second_time() {
        assertThat(log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1")).isTrue();
        assertThat(log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-other")).isFalse();

        assertThat(log.count("wolkvox-chat")).isEqualTo(1);
        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1001")).get()
                .extracting(DeliveryEntry::playvoxId).isEqualTo("pv-1");
    }

    @OnEachDatabase
    void finds_an_entry_with_its_feed_time_and_comment_state() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1");

        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1001")).contains(new DeliveryEntry(
                "wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1", NOW, false));
        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-404")).isEmpty();
    }

    @OnEachDatabase
    void records_a_jobs_interactions_at_once_with_their_comment_state() {
        log.recordAll("wolkvox-chat", List.of(
                new DeliveryLog.Confirmed("wolkvox-chat", "wolkvox-chat4-1001", "pv-1", true),
                new DeliveryLog.Confirmed("wolkvox-chat", "wolkvox-chat4-1002", "pv-2", false)));

        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1001")).contains(new DeliveryEntry(
                "wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1", NOW, true));
        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1002")).contains(new DeliveryEntry(
                "wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1002", "pv-2", NOW, false));
    }

    @OnEachDatabase
    void records_a_jobs_interactions_when_one_is_in_the_log_already_keeping_its_first_id() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-first");

        log.recordAll("wolkvox-chat", List.of(
                new DeliveryLog.Confirmed("wolkvox-chat", "wolkvox-chat4-1000", "pv-0", true),
                new DeliveryLog.Confirmed("wolkvox-chat", "wolkvox-chat4-1001", "pv-1", false),
                new DeliveryLog.Confirmed("wolkvox-chat", "wolkvox-chat4-1002", "pv-2", true)));

        assertThat(log.count("wolkvox-chat")).isEqualTo(3);
        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1001")).get()
                .extracting(DeliveryEntry::playvoxId).isEqualTo("pv-first");
        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1002")).get()
                .extracting(DeliveryEntry::commentsPosted).isEqualTo(true);
    }

    @OnEachDatabase
    void marks_comments_posted() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1");

        log.markCommentsPosted("wolkvox-chat", "wolkvox-chat4-1001");

        assertThat(log.find("wolkvox-chat", "wolkvox-chat4-1001")).get()
                .extracting(DeliveryEntry::commentsPosted).isEqualTo(true);
    }

    @OnEachDatabase
    void marking_comments_of_an_unknown_interaction_changes_nothing() {
        log.markCommentsPosted("wolkvox-chat", "wolkvox-chat4-404");

        assertThat(log.count("wolkvox-chat")).isZero();
    }

    @OnEachDatabase
    void tells_whether_it_contains_an_interaction() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1");

        assertThat(log.contains("wolkvox-chat", "wolkvox-chat4-1001")).isTrue();
        assertThat(log.contains("wolkvox-chat", "wolkvox-chat4-1002")).isFalse();
    }

    @OnEachDatabase
    void keeps_integrations_apart() {
        log.record("wolkvox-chat", "wolkvox-chat", "same-id", "pv-1");

        assertThat(log.record("five9-call-log", "five9-calls", "same-id", "pv-2")).isTrue();
        assertThat(log.contains("five9-calls", "same-id")).isTrue();
        assertThat(log.count("wolkvox-chat")).isEqualTo(1);
        assertThat(log.count("five9-calls")).isEqualTo(1);
        assertThat(log.count("nobody")).isZero();
    }

    @OnEachDatabase
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

    @OnEachDatabase
    void finds_nothing_delivered_among_no_ids() {
        assertThat(log.deliveredAmong("wolkvox-chat", List.of())).isEmpty();
    }

    @OnEachDatabase
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

    @OnEachDatabase
    void keeps_deliveries_across_reopening_the_database() {
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1001", "pv-1");
        db.close();

        db = database.open();
        assertThat(new DeliveryLog(db.dataSource()).contains("wolkvox-chat", "wolkvox-chat4-1001")).isTrue();
    }

    @OnEachDatabase
    void refuses_an_interaction_id_with_a_nul_character_and_never_finds_one_delivered() {
        assertThatThrownBy(() -> log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-\u00001", "pv-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interactionId");
        log.record("wolkvox-chat", "wolkvox-chat", "wolkvox-chat4-1", "pv-1");

        assertThat(log.deliveredAmong("wolkvox-chat", List.of("wolkvox-chat4-1", "wolkvox-chat4-\u00001")))
                .containsExactly("wolkvox-chat4-1");
    }
}
