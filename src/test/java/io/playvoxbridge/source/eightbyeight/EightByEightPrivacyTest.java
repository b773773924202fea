package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.feed.FeedRecordCodec;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataType;
import io.playvoxbridge.playvox.TranslatedInteraction;
import io.playvoxbridge.sandbox.EightByEightFake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A Data Augmentation variable marked private never appears in clear in what the bridge makes of it: the
 * interaction, its metadata, its comments, the dead-letter and in-flight JSON, exception reasons, or the log.
 */
class EightByEightPrivacyTest {

    /** The private values of augmentation-response.json. */
    static final List<String> PRIVATE = List.of("078-05-1120", "Guayaba Nimbus 1977");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ObjectMapper JSON = new ObjectMapper();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger bridge = (Logger) LoggerFactory.getLogger("io.playvoxbridge");
    private Level rootLevel;
    private Level bridgeLevel;

    @BeforeEach
    void captureEveryLogEvent() {
        rootLevel = root.getLevel();
        bridgeLevel = bridge.getLevel();
        root.setLevel(Level.ALL);
        bridge.setLevel(Level.ALL);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void restoreLogging() {
        root.detachAppender(log);
        root.setLevel(rootLevel);
        bridge.setLevel(bridgeLevel);
    }

    /** Everything the bridge wrote, as text: collected pieces plus every log line and its exception chain. */
    private String everything(List<String> pieces) {
        StringBuilder all = new StringBuilder(String.join("\n", pieces));
        for (ILoggingEvent event : log.list) {
            all.append('\n').append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                all.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
            }
        }
        return all.toString();
    }

    private static List<String> outputs(TranslatedInteraction t, EightByEightInteractionRecord record) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(t.toString());
        out.add(JSON.writeValueAsString(t.interaction().toJson()));
        for (Comment c : t.comments()) {
            out.add(JSON.writeValueAsString(c.toJson()));
        }
        out.add(record.toString());
        out.add(record.deadLetterJson());
        out.add(new FeedRecordCodec().write(List.of(new FeedRecord("eightbyeight-interactions",
                "eightbyeight-interactions", "w1", t.interaction(), t.comments(), record.deadLetterJson()))));
        return out;
    }

    @Test
    void a_private_value_never_appears_in_anything_made_from_the_recorded_answer() throws Exception {
        IntegrationDefinition integration = IntegrationDefinitionLoader.load("integrations/eightbyeight-interactions.yaml");
        AgentDirectory agents = AgentDirectory.load("classpath:fixtures/eightbyeight/agents.csv");
        List<Map<String, String>> rows = EightByEightDetailedRow.parsePage(Fixtures.read("detailed-report-page.json"))
                .stream().map(EightByEightDetailedRow::values).toList();
        String answer = Fixtures.read("augmentation-response.json");
        assertThat(answer).as("the recorded answer holds them in clear").contains(PRIVATE);

        EightByEightAugmentation augmentation = EightByEightAugmentation.parse(answer);
        EightByEightInteractionRecord record = new EightByEightInteractionRecord(rows.get(0), augmentation);
        TranslatedInteraction t = new EightByEightInteractionsTranslator(integration, agents, NEW_YORK, null)
                .translate(record);
        List<String> pieces = outputs(t, record);
        pieces.add(augmentation.toString());

        // failing paths: the reason of each dead letter, and the payload stored with it
        EightByEightInteractionRecord unmapped = new EightByEightInteractionRecord(rows.get(3), augmentation);
        pieces.add(assertThrowsReason(() -> new EightByEightInteractionsTranslator(integration, agents, NEW_YORK, null)
                .translate(unmapped)));
        pieces.add(unmapped.deadLetterJson());
        IntegrationDefinition privateRequired = new IntegrationDefinition("t", "t", 60, List.of(
                new MetadataField("start_time", MetadataType.DATETIME, "startTime", true, List.of(), List.of("display")),
                new MetadataField("ssn", MetadataType.INTEGER, "augmentation._SSN", true, List.of(), List.of("display")),
                new MetadataField("answer", MetadataType.BOOLEAN, "augmentation._securityAnswer", false, List.of(),
                        List.of("display"))), "test");
        pieces.add(assertThrowsReason(() -> new EightByEightInteractionsTranslator(privateRequired, agents, NEW_YORK, null)
                .translate(record)));
        pieces.add(assertThrowsReason(() -> EightByEightAugmentation.parse(answer.replace("\"078-05-1120\"", "078-05-1120"))));
        LoggerFactory.getLogger(EightByEightPrivacyTest.class).info("translated {} with {}", t, record);

        String all = everything(pieces);
        for (String secret : PRIVATE) {
            assertThat(all).as("private value %s", secret).doesNotContain(secret);
        }
        assertThat(all).as("the variables themselves did travel, masked")
                .contains("_SSN=***", "Security Answer: ***", "\"_SSN\"", "110.55", "Platinum ✨");
        assertThat(log.list).as("the translator's own debug line was captured")
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("2 private (masked)"));
    }

    private static String assertThrowsReason(Runnable action) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                caught[0] = e;
                throw e;
            }
        }).isInstanceOfAny(InvalidRecordException.class, IllegalArgumentException.class);
        StringBuilder text = new StringBuilder();
        for (Throwable t = caught[0]; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    @Test
    void a_private_value_served_by_the_sandbox_never_leaves_the_bridge() throws Exception {
        EightByEightFake fake = new EightByEightFake(EightByEightFake.Options.defaults().toBuilder()
                .historyRecords(120).augmentationMissingRate(0).build());
        fake.start(0);
        try {
            Instant now = Instant.now();
            EightByEightFake.Options o = EightByEightFake.Options.defaults();
            EightByEightSandboxClient client = new EightByEightSandboxClient(fake.apiBaseUrl(), fake.augmentationBaseUrl(),
                    o.clientId(), o.clientSecret(), o.tenantId(), o.actionToken(), Clock.systemUTC(), null);
            List<EightByEightDetailedRow> rows = client.report(
                    EightByEightReportRequest.forWindow(now.minus(Duration.ofDays(2)), now, NEW_YORK), 100);
            EightByEightInteractionsTranslator translator = new EightByEightInteractionsTranslator(
                    IntegrationDefinitionLoader.load("integrations/eightbyeight-interactions.yaml"),
                    AgentDirectory.load("classpath:sandbox/agents.csv"), NEW_YORK, null);
            List<String> pieces = new ArrayList<>();
            List<String> secrets = new ArrayList<>();
            for (EightByEightDetailedRow row : rows.subList(0, Math.min(rows.size(), 90))) {
                String guid = row.values().get("interactionGuid");
                secrets.addAll(privateValues(fake.augmentationOf(guid).orElseThrow()));
                EightByEightInteractionRecord record = new EightByEightInteractionRecord(row.values(),
                        EightByEightAugmentation.parse(client.augmentation(guid).body()));
                try {
                    pieces.addAll(outputs(translator.translate(record), record));
                } catch (InvalidRecordException e) {
                    pieces.add(e.getMessage());
                    pieces.add(record.deadLetterJson());
                }
            }

            String all = everything(pieces);
            assertThat(secrets).as("the sandbox served private values").hasSizeGreaterThan(20);
            for (String secret : secrets) {
                assertThat(all).as("private value %s", secret).doesNotContain(secret);
            }
        } finally {
            fake.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> privateValues(Map<String, Object> answer) {
        return ((List<Map<String, Object>>) answer.get("variables")).stream()
                .filter(v -> Boolean.TRUE.equals(v.get("privacy"))).map(v -> (String) v.get("value")).toList();
    }
}
