package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.playvoxbridge.sandbox.EightByEightFake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.source.eightbyeight.EightByEightAugmentation;
import io.playvoxbridge.source.eightbyeight.EightByEightInteractionsTranslator;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** End to end: the real application reads the fake 8x8 (detailed reports + Data Augmentation) into the fake Playvox. */
class EightByEightInteractionsIT {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final String CLIENT = "it-client";
    static final String SECRET = "it-client-secret-7f3a";
    static final String TENANT = "it-tenant";
    static final String ACTION_TOKEN = "it-action-token-91c2";
    static final String UID = "it-uid";
    static final String KEY = "it-key";
    static final String INTEGRATION = "eightbyeight-interactions";

    @TempDir
    Path stateDir;

    EightByEightFake eightByEight;
    PlayvoxFake playvox;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger bridge = (Logger) LoggerFactory.getLogger("io.playvoxbridge");
    private Level bridgeLevel;

    @BeforeEach
    void startPlayvoxAndCaptureLogs() {
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(100)));
        playvox.start(0);
        bridgeLevel = bridge.getLevel();
        bridge.setLevel(Level.ALL);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stopFakes() {
        root.detachAppender(log);
        bridge.setLevel(bridgeLevel);
        if (eightByEight != null) {
            eightByEight.close();
        }
        playvox.close();
    }

    /**
     * @param clock the fake's "now": a clock fixed an hour back freezes which interactions have ended (so the
     *              expected set cannot grow during the test); the limit test needs a running clock
     */
    EightByEightFake start8x8(int records, Duration span, double unmappedRate, Clock clock) {
        eightByEight = new EightByEightFake(EightByEightFake.Options.defaults().toBuilder()
                .client(CLIENT, SECRET).tenant(TENANT, ACTION_TOKEN).seed(21).historyRecords(records)
                .historySpan(span).recordsPerMinute(0).unmappedAgentRate(unmappedRate).late(0, Duration.ZERO)
                .augmentationMissingRate(0.1).statusPollsUntilDone(2).clock(clock).build());
        eightByEight.start(0);
        return eightByEight;
    }

    /** Only 8x8 configured (every other vendor's keys empty), pointed at the fakes; polls only when the test fires. */
    Map<String, String> settings(Duration span, String maxWindow) {
        Map<String, String> s = BridgeTestApp.baseSettings(playvox, UID, KEY, stateDir);
        s.put("eightbyeight.api-base-url", eightByEight.apiBaseUrl());
        s.put("eightbyeight.augmentation-base-url", eightByEight.augmentationBaseUrl());
        s.put("eightbyeight.client-id", CLIENT);
        s.put("eightbyeight.client-secret", SECRET);
        s.put("eightbyeight.tenant-id", TENANT);
        s.put("eightbyeight.action-token", ACTION_TOKEN);
        s.put("eightbyeight.time-zone", ZONE.getId());
        LocalDateTime start = LocalDateTime.ofInstant(eightByEight.anchor().minus(span).minusSeconds(60), ZONE)
                .truncatedTo(ChronoUnit.SECONDS);
        s.put("eightbyeight.interactions.start-at", start.toString());
        s.put("eightbyeight.interactions.lookback", "P1D");
        s.put("eightbyeight.interactions.max-window", maxWindow);
        s.put("eightbyeight.interactions.status-interval", "20");
        s.put("eightbyeight.interactions.cron", "0 0 0 1 1 ? 2099");
        return s;
    }

    List<Map<String, String>> rows() {
        return eightByEight.visibleInteractions(eightByEight.anchor().minus(Duration.ofDays(2)),
                Instant.now().plus(Duration.ofDays(1)), ZONE);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> variables(Map<String, Object> augmentation) {
        return (List<Map<String, Object>>) augmentation.get("variables");
    }

    static boolean isTrue(Object flag) {
        return flag != null && Boolean.parseBoolean(flag.toString());
    }

    /** Everything the bridge wrote to its log, with exception chains. */
    String logText() {
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(log.list)) {
            all.append('\n').append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                all.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
            }
        }
        return all.toString();
    }

    @Test
    void delivers_every_interaction_once_with_its_variables_masks_private_ones_and_dead_letters_the_rest() throws Exception {
        start8x8(60, Duration.ofHours(6), 0.1, Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZONE));
        eightByEight.faults(EightByEightFake.Faults.none().withExpiredTokenRate(0.05).withServerErrorRate(0.04)
                .withMalformedJsonRate(0.04).withConnectionResetRate(0.03).withFailedReportRate(0.2)
                .withMalformedRowRate(0.06));
        List<Map<String, String>> rows = rows();
        assertThat(rows).hasSizeGreaterThan(50);
        Set<String> wellFormed = eightByEight.wellFormedInteractions(eightByEight.anchor().minus(Duration.ofDays(2)),
                Instant.now().plus(Duration.ofDays(1)), ZONE).stream().map(r -> r.get("interactionGuid")).collect(Collectors.toSet());
        int malformed = rows.size() - wellFormed.size();
        assertThat(malformed).isPositive();
        Map<String, Map<String, String>> byGuid = rows.stream().filter(r -> wellFormed.contains(r.get("interactionGuid")))
                .collect(Collectors.toMap(r -> r.get("interactionGuid"), Function.identity()));
        Set<String> expected = byGuid.values().stream()
                .filter(r -> !EightByEightFake.UNMAPPED_AGENT_ID.equals(r.get("agentId")))
                .map(r -> EightByEightInteractionsTranslator.interactionId(r.get("interactionGuid")))
                .collect(Collectors.toSet());
        long unmapped = byGuid.values().stream().filter(r -> EightByEightFake.UNMAPPED_AGENT_ID.equals(r.get("agentId"))).count();
        assertThat(unmapped).isPositive();

        Set<String> privateValues = new HashSet<>();
        for (Map<String, String> row : rows) {
            String guid = row.get("interactionGuid");
            Optional<Map<String, Object>> a = guid == null ? Optional.empty() : eightByEight.augmentationOf(guid);
            a.ifPresent(m -> variables(m).stream().filter(v -> isTrue(v.get("privacy")))
                    .forEach(v -> privateValues.add(String.valueOf(v.get("value")))));
        }
        assertThat(privateValues).hasSizeGreaterThan(5);

        Map<String, String> settings = settings(Duration.ofHours(6), "PT2H");
        Instant testStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (BridgeTestApp app = BridgeTestApp.start(settings)) {
            // with faults injected a poll may stop (two 401s in a row, a window not settled): the next one resumes
            WatermarkStore watermarks = app.bean("watermarkStore", WatermarkStore.class);
            int polls = 0;
            do {
                assertThat(app.pollNow("eightbyeight-interactions-poll", 180)).isTrue();
                polls++;
            } while (polls < 4 && watermarks.get(INTEGRATION).filter(w -> !w.isBefore(testStart)).isEmpty());

            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions(INTEGRATION);
            assertThat(stored.stream().map(PlayvoxFake.StoredInteraction::interactionId).collect(Collectors.toSet()))
                    .isEqualTo(expected);
            assertThat(stored).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));

            // metadata from the row and from Data Augmentation (none for a 404); comments: shown variables, wrap-up notes
            int withAugmentation = 0;
            int withoutAugmentation = 0;
            for (PlayvoxFake.StoredInteraction i : stored) {
                String guid = (String) i.metadata().get("interaction_guid");
                Map<String, String> row = byGuid.get(guid);
                assertThat(row).as(guid).isNotNull();
                assertThat(i.metadata()).containsEntry("agent_id", row.get("agentId"));
                Optional<Map<String, Object>> a = eightByEight.augmentationOf(guid);
                long expectedComments = (row.get("wrapUpNotes") == null || row.get("wrapUpNotes").isBlank() ? 0 : 1)
                        + (a.isPresent() && variables(a.get()).stream().anyMatch(v -> isTrue(v.get("display"))) ? 1 : 0);
                assertThat(i.comments()).as(guid).hasSize((int) expectedComments);
                if (a.isPresent()) {
                    withAugmentation++;
                    assertThat(i.metadata()).containsKey("augmentation_variables");
                    variables(a.get()).stream().filter(v -> v.get("name").equals("_customerTier")).findFirst()
                            .ifPresent(v -> assertThat(i.metadata()).containsEntry("customer_tier", v.get("value")));
                    if (variables(a.get()).stream().anyMatch(v -> v.get("name").equals("_SSN"))) {
                        assertThat((String) i.metadata().get("augmentation_variables"))
                                .contains("_SSN=" + EightByEightAugmentation.MASK);
                    }
                } else {
                    withoutAugmentation++;
                    assertThat(i.metadata()).doesNotContainKeys("augmentation_variables", "customer_tier",
                            "account_number", "amount_due", "csat");
                }
            }
            assertThat(withAugmentation).isPositive();
            assertThat(withoutAugmentation).isPositive();

            DeadLetterStore deadLetters = app.bean("deadLetterStore", DeadLetterStore.class);
            List<DeadLetter> letters = deadLetters.list(null, 10_000);
            assertThat(letters).hasSize((int) unmapped + malformed);
            assertThat(letters).filteredOn(d -> d.reason().startsWith("unmapped agent " + EightByEightFake.UNMAPPED_AGENT_ID))
                    .hasSizeGreaterThanOrEqualTo((int) unmapped)
                    .allSatisfy(d -> assertThat(d.payload()).startsWith("{\"row\":{"));
            assertThat(letters).anySatisfy(d -> assertThat(d.reason()).isEqualTo("missing interactionGuid"));
            assertThat(letters).allSatisfy(d -> assertThat(d.feed()).isEqualTo(INTEGRATION));

            // the protocol's hard parts were exercised: 401 renewal, retried 500s / cut answers, FAILED reports
            assertThat(eightByEight.injectedFaults().get("expired_token")).isPositive();
            assertThat(eightByEight.tokensIssued()).isGreaterThan(1);
            assertThat(eightByEight.injectedFaults().get("failed_report")).isPositive();
            assertThat(eightByEight.augmentationLimitRejections()).isZero();
            assertThat(watermarks.get(INTEGRATION).orElseThrow()).isAfterOrEqualTo(testStart);

            // privacy=true values: never in Playvox, in dead letters, or in the log
            StringBuilder sent = new StringBuilder();
            for (PlayvoxFake.StoredInteraction i : playvox.interactions(INTEGRATION)) {
                sent.append(i.metadata()).append('\n');
                i.comments().forEach(c -> sent.append(c.body()).append('\n'));
            }
            letters.forEach(d -> sent.append(d.reason()).append('\n').append(d.payload()).append('\n'));
            String logged = logText();
            assertThat(logged).contains("eightbyeight-interactions window [");
            for (String value : privateValues) {
                assertThat(sent.toString()).as("sent or dead-lettered").doesNotContain(value);
                assertThat(logged).as("logged").doesNotContain(value);
            }
            assertThat(logged).doesNotContain(SECRET).doesNotContain(ACTION_TOKEN);

            // a second poll over the same range (lookback P1D) sends nothing twice
            // (the same rows stay malformed: a row that lost its guid is a new dead letter each time, as it has no id)
            eightByEight.faults(EightByEightFake.Faults.none().withMalformedRowRate(0.06));
            int bulkRequests = playvox.bulkSizes().size();
            assertThat(app.pollNow("eightbyeight-interactions-poll", 180)).isTrue();
            assertThat(playvox.bulkSizes()).hasSize(bulkRequests);
            assertThat(playvox.duplicateReceipts()).isZero();
            assertThat(playvox.interactions(INTEGRATION)).hasSize(expected.size())
                    .allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
            assertThat(deadLetters.list(null, 10_000)).filteredOn(d -> d.interactionId() != null)
                    .hasSize((int) letters.stream().filter(d -> d.interactionId() != null).count());
        }
    }

    @Test
    void never_sends_more_than_100_data_augmentation_requests_in_any_minute() throws Exception {
        // 140 interactions in one poll: over 100 augmentation GETs, so the 101st must wait for the first to leave 61 s
        start8x8(140, Duration.ofHours(2), 0, Clock.systemUTC());
        Map<String, String> settings = settings(Duration.ofHours(2), "PT1H");
        long started = System.nanoTime();
        try (BridgeTestApp app = BridgeTestApp.start(settings)) {
            assertThat(app.pollNow("eightbyeight-interactions-poll", 240)).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            List<PlayvoxFake.StoredInteraction> stored = playvox.interactions(INTEGRATION);
            Set<String> visible = rows().stream()
                    .map(r -> EightByEightInteractionsTranslator.interactionId(r.get("interactionGuid")))
                    .collect(Collectors.toSet());
            assertThat(stored).hasSizeGreaterThan(110).allSatisfy(i -> {
                assertThat(i.receivedCount()).isEqualTo(1);
                assertThat(visible).contains(i.interactionId());
            });
            // each delivered interaction was asked of Data Augmentation (a 404 included): more than 100 requests
            long answered = stored.stream().filter(i -> i.metadata().containsKey("augmentation_variables")).count();
            assertThat(answered).isPositive().isLessThan(stored.size());
            // measured by the fake: each arrival is checked against the arrivals of the 60 s before it, per tenant
            assertThat(eightByEight.augmentationLimitRejections()).isZero();
            assertThat(app.bean("deadLetterStore", DeadLetterStore.class).count(null)).isZero();
            assertThat(took).isGreaterThan(Duration.ofSeconds(60));
        }
    }
}
