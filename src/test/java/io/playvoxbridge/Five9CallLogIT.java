package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.sandbox.Five9Fake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the real application reads the fake Five9 Call Log report and delivers each call into the fake Playvox. */
class Five9CallLogIT {

    @TempDir
    Path stateDir;

    Five9Fake five9;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        five9 = new Five9Fake(Five9TestSettings.fakeOptions(21).history(400, 0).unmappedAgentRate(0.03).build());
        five9.start(0);
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults(Five9TestSettings.UID, Five9TestSettings.KEY)
                .withJobDuration(Duration.ofMillis(100)));
        playvox.start(0);
    }

    @AfterEach
    void stopFakes() {
        five9.close();
        playvox.close();
    }

    Map<String, String> settings() {
        return Five9TestSettings.settings(five9, playvox, stateDir, "PT8H");
    }

    List<Five9Fake.Row> sourceRows() {
        return five9.visibleRows(Five9Fake.Report.CALL_LOG, five9.anchor().minus(Duration.ofDays(2)),
                Instant.now().plusSeconds(1));
    }

    static String agent(Five9Fake.Row r) {
        String a = r.cells().get("AGENT");
        return a == null ? "" : a;
    }

    static boolean mapped(Five9Fake.Row r) {
        return !agent(r).isBlank() && !agent(r).equals(Five9Fake.UNMAPPED_AGENT);
    }

    static boolean unmapped(Five9Fake.Row r) {
        return agent(r).equals(Five9Fake.UNMAPPED_AGENT);
    }

    static Set<String> ids(List<Five9Fake.Row> rows, java.util.function.Predicate<Five9Fake.Row> which) {
        return rows.stream().filter(which).map(r -> "five9-call-" + r.cells().get("CALL ID")).collect(Collectors.toSet());
    }

    @Test
    void delivers_every_call_an_agent_took_exactly_once_with_its_metadata_and_dead_letters_the_unmapped_agents()
            throws Exception {
        // a call is listed once it has ended: rows may appear while the poll runs, so the poll must deliver every row
        // visible before it and nothing that is not visible after it
        List<Five9Fake.Row> before = sourceRows();
        assertThat(before).hasSizeGreaterThan(350);
        assertThat(before.stream().filter(r -> agent(r).isBlank())).isNotEmpty();
        assertThat(before.stream().filter(r -> agent(r).equals(Five9Fake.UNMAPPED_AGENT))).isNotEmpty();

        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("five9-call-log-poll", 240)).isTrue();
            List<Five9Fake.Row> after = sourceRows();

            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions("five9-call-log");
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(playvox.duplicateReceipts()).isZero();
            Set<String> storedIds = stored.stream().map(PlayvoxFake.StoredInteraction::interactionId)
                    .collect(Collectors.toSet());
            assertThat(storedIds).containsAll(ids(before, Five9CallLogIT::mapped)).isSubsetOf(ids(after, Five9CallLogIT::mapped));
            Map<String, Five9Fake.Row> rows = after.stream()
                    .collect(Collectors.toMap(r -> "five9-call-" + r.cells().get("CALL ID"), Function.identity()));
            for (PlayvoxFake.StoredInteraction i : stored) {
                Five9Fake.Row row = rows.get(i.interactionId());
                assertThat(i.assigneeId()).isNotBlank();
                assertThat(i.metadata()).containsEntry("call_id", row.cells().get("CALL ID"))
                        .containsEntry("agent_username", row.cells().get("AGENT"))
                        .containsEntry("campaign", row.cells().get("CAMPAIGN"));
                // TIMESTAMP is Pacific local time without offset: the stored instant must be the fake's
                assertThat(OffsetDateTime.parse(String.valueOf(i.metadata().get("call_timestamp"))).toInstant())
                        .isEqualTo(row.timestamp());
                assertThat(i.comments()).isEmpty();
            }

            DeadLetterStore deadLetters = app.bean("deadLetterStore", DeadLetterStore.class);
            List<DeadLetter> letters = deadLetters.list(null, 10_000);
            assertThat(letters).allSatisfy(d -> {
                assertThat(d.feed()).isEqualTo("five9-call-log");
                assertThat(d.reason()).isEqualTo("unmapped agent tmp.agent07 (Agente Temporal 07)");
            });
            assertThat(letters.stream().map(DeadLetter::interactionId).collect(Collectors.toSet()))
                    .containsAll(ids(before, Five9CallLogIT::unmapped)).isSubsetOf(ids(after, Five9CallLogIT::unmapped));
            // calls no agent took are neither sent nor dead letters
            assertThat(storedIds).doesNotContainAnyElementsOf(ids(after, r -> agent(r).isBlank()));
            Instant watermark = app.bean("watermarkStore", WatermarkStore.class).get("five9-call-log").orElseThrow();
            assertThat(watermark).isAfterOrEqualTo(five9.anchor().truncatedTo(ChronoUnit.SECONDS));
        }
        assertThat(five9.concurrentRejections()).isZero();
        assertThat(five9.limitRejections()).isZero();
    }

    @Test
    void a_second_poll_of_the_same_range_sends_nothing_twice() throws Exception {
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("five9-call-log-poll", 240)).isTrue();
        }
        int delivered = playvox.interactions("five9-call-log").size();
        assertThat(delivered).isPositive();

        Map<String, String> again = settings();
        again.put("five9.call-log.lookback", "P2D"); // reach back over everything already delivered
        try (BridgeTestApp app = BridgeTestApp.start(again)) {
            assertThat(app.pollNow("five9-call-log-poll", 240)).isTrue();
            Set<String> reasons = app.bean("deadLetterStore", DeadLetterStore.class).list(null, 10_000).stream()
                    .map(DeadLetter::reason).collect(Collectors.toSet());
            assertThat(reasons).containsOnly("unmapped agent tmp.agent07 (Agente Temporal 07)");
        }
        assertThat(playvox.duplicateReceipts()).isZero();
        // rows that ended between the two polls are new; everything else was received once, in the first poll
        assertThat(playvox.interactions("five9-call-log")).hasSizeGreaterThanOrEqualTo(delivered)
                .allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
        assertThat(playvox.integrationsCreated()).isEqualTo(1);
    }
}
