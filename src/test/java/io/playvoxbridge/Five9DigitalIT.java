package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.sandbox.Five9Fake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the real application reads the fake Five9 digital report and delivers each session, with its comments. */
class Five9DigitalIT {

    @TempDir
    Path stateDir;

    Five9Fake five9;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        five9 = new Five9Fake(Five9TestSettings.fakeOptions(33).history(0, 300).unmappedAgentRate(0.04).build());
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
        return five9.visibleRows(Five9Fake.Report.DIGITAL, five9.anchor().minus(Duration.ofDays(2)),
                Instant.now().plusSeconds(1));
    }

    static String cell(Five9Fake.Row r, String column) {
        String v = r.cells().get(column);
        return v == null ? "" : v;
    }

    static Set<String> ids(List<Five9Fake.Row> rows, Predicate<Five9Fake.Row> which) {
        return rows.stream().filter(which).map(r -> "five9-digital-" + cell(r, "SESSION ID")).collect(Collectors.toSet());
    }

    static final Predicate<Five9Fake.Row> MAPPED = r -> !cell(r, "AGENT").isBlank()
            && !cell(r, "AGENT").equals(Five9Fake.UNMAPPED_AGENT);
    static final Predicate<Five9Fake.Row> UNMAPPED = r -> cell(r, "AGENT").equals(Five9Fake.UNMAPPED_AGENT);

    @Test
    void delivers_every_session_exactly_once_with_its_comments_and_dead_letters_the_unmapped_agents() throws Exception {
        // a session is listed once it has ended: the poll must deliver every row visible before it, nothing else
        List<Five9Fake.Row> before = sourceRows();
        assertThat(before).hasSizeGreaterThan(250);
        assertThat(before.stream().filter(UNMAPPED)).isNotEmpty();

        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("five9-digital-poll", 240)).isTrue();
            List<Five9Fake.Row> after = sourceRows();

            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions("five9-digital");
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(playvox.duplicateReceipts()).isZero();
            Set<String> storedIds = stored.stream().map(PlayvoxFake.StoredInteraction::interactionId)
                    .collect(Collectors.toSet());
            assertThat(storedIds).containsAll(ids(before, MAPPED)).isSubsetOf(ids(after, MAPPED));

            Map<String, Five9Fake.Row> rows = after.stream()
                    .collect(Collectors.toMap(r -> "five9-digital-" + cell(r, "SESSION ID"), Function.identity()));
            long comments = 0;
            for (PlayvoxFake.StoredInteraction i : stored) {
                Five9Fake.Row row = rows.get(i.interactionId());
                assertThat(i.metadata()).containsEntry("session_id", cell(row, "SESSION ID"))
                        .containsEntry("media_type", cell(row, "MEDIA TYPE"))
                        .containsEntry("agent_username", cell(row, "AGENT"));
                assertThat(OffsetDateTime.parse(String.valueOf(i.metadata().get("session_timestamp"))).toInstant())
                        .isEqualTo(row.timestamp());
                String first = cell(row, "FIRST CUSTOMER MESSAGE");
                String notes = cell(row, "NOTES");
                if (!first.isBlank()) {
                    assertThat(i.comments()).anySatisfy(c -> {
                        assertThat(c.type()).isEqualTo("customer_comment");
                        assertThat(c.body()).isEqualTo(first);
                    });
                }
                if (!notes.isBlank()) {
                    assertThat(i.comments()).anySatisfy(c -> {
                        assertThat(c.type()).isEqualTo("internal_note");
                        assertThat(c.body()).isEqualTo(notes);
                    });
                }
                comments += (first.isBlank() ? 0 : 1) + (notes.isBlank() ? 0 : 1);
            }
            assertThat(comments).isPositive();
            assertThat(stored.stream().mapToLong(i -> i.comments().size()).sum()).isEqualTo(comments);

            List<DeadLetter> letters = app.bean("deadLetterStore", DeadLetterStore.class).list(null, 10_000);
            assertThat(letters).allSatisfy(d -> {
                assertThat(d.feed()).isEqualTo("five9-digital");
                assertThat(d.reason()).isEqualTo("unmapped agent tmp.agent07 (Agente Temporal 07)");
            });
            assertThat(letters.stream().map(DeadLetter::interactionId).collect(Collectors.toSet()))
                    .containsAll(ids(before, UNMAPPED)).isSubsetOf(ids(after, UNMAPPED));
        }

        // a second poll reaching back over everything sends nothing twice
        int delivered = playvox.interactions("five9-digital").size();
        Map<String, String> again = settings();
        again.put("five9.digital.lookback", "P2D");
        try (BridgeTestApp app = BridgeTestApp.start(again)) {
            assertThat(app.pollNow("five9-digital-poll", 240)).isTrue();
        }
        assertThat(playvox.duplicateReceipts()).isZero();
        // rows that ended between the two polls are new; everything else was received once, in the first poll
        assertThat(playvox.interactions("five9-digital")).hasSizeGreaterThanOrEqualTo(delivered)
                .allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
        assertThat(five9.concurrentRejections()).isZero();
        assertThat(five9.limitRejections()).isZero();
    }
}
