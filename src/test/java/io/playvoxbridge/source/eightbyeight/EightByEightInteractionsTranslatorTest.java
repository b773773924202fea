package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataType;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 8x8 detailed report rows plus Data Augmentation variables, from recorded answers, into Playvox interactions. */
class EightByEightInteractionsTranslatorTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static IntegrationDefinition integration;
    static AgentDirectory agents;
    static List<Map<String, String>> rows;
    static EightByEightAugmentation augmentation;
    static EightByEightInteractionsTranslator translator;

    @BeforeAll
    static void readFixtures() {
        integration = IntegrationDefinitionLoader.load("integrations/eightbyeight-interactions.yaml");
        agents = AgentDirectory.load("classpath:fixtures/eightbyeight/agents.csv");
        rows = EightByEightDetailedRow.parsePage(Fixtures.read("detailed-report-page.json")).stream()
                .map(EightByEightDetailedRow::values).toList();
        augmentation = EightByEightAugmentation.parse(Fixtures.read("augmentation-response.json"));
        translator = new EightByEightInteractionsTranslator(integration, agents, NEW_YORK, null);
    }

    /** A copy of fixture row {@code index} with some columns replaced (null removes one). */
    static Map<String, String> row(int index, String... keyValues) {
        Map<String, String> copy = new HashMap<>(rows.get(index));
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                copy.remove(keyValues[i]);
            } else {
                copy.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return copy;
    }

    static TranslatedInteraction translate(Map<String, String> row, EightByEightAugmentation a) {
        return translator.translate(new EightByEightInteractionRecord(row, a));
    }

    @Test
    void loads_the_integration_file_of_the_feed() {
        assertThat(integration.name()).isEqualTo("eightbyeight-interactions");
        assertThat(integration.dataStorageMinutes()).isEqualTo(129_600);
        assertThat(integration.metadata()).hasSize(19);
        assertThat(integration.field("start_time").orElseThrow().type()).isEqualTo(MetadataType.DATETIME);
        assertThat(integration.field("augmentation_variables").orElseThrow().source())
                .isEqualTo(EightByEightInteractionsTranslator.OTHER_VARIABLES_SOURCE);
        assertThat(integration.metadata()).extracting(MetadataField::source).doesNotContain("ani", "callerName");
    }

    @Test
    void translates_a_row_with_its_augmentation_into_typed_metadata_in_file_order() {
        TranslatedInteraction t = translate(rows.get(0), augmentation);

        assertThat(t.interaction().interactionId()).isEqualTo("8x8-int-1628bb9dbf7-YUTGAUsGrJDvPC9DqMgJr01iy-phone-01-acme");
        assertThat(t.interaction().assigneeId()).isEqualTo("emma.wilson@acme-support.com");
        assertThat(t.interaction().metadata()).containsExactly(
                Map.entry("interaction_guid", "int-1628bb9dbf7-YUTGAUsGrJDvPC9DqMgJr01iy-phone-01-acme"),
                Map.entry("start_time", "2026-11-21T09:30:05-05:00"),
                Map.entry("end_time", "2026-11-21T09:41:17-05:00"),
                Map.entry("media_type", "Phone"),
                Map.entry("direction", "Inbound"),
                Map.entry("agent_id", "agfDAzC5NtSRuHol5GA4RT6A"),
                Map.entry("agent_name", "Emma Wilson"),
                Map.entry("queue_id", "201"),
                Map.entry("queue_name", "Billing"),
                Map.entry("channel_name", "Main Line +18005550100"),
                Map.entry("talk_time_ms", 571_000L),
                Map.entry("hold_time_ms", 45_000L),
                Map.entry("wrap_up_time_ms", 56_000L),
                Map.entry("wrap_up_code", "Billing question"),
                Map.entry("amount_due", 110.55),
                Map.entry("customer_tier", "Platinum ✨"),
                Map.entry("csat", 5L),
                Map.entry("augmentation_variables", "_queueId=201; _SSN=***; _dueDate=04 July 2019; "
                        + "_securityAnswer=***; _preferredLanguage=Español"));
    }

    @Test
    void makes_internal_notes_of_what_the_agent_was_shown_and_of_the_wrap_up_notes() {
        List<Comment> comments = translate(rows.get(0), augmentation).comments();

        assertThat(comments).containsExactly(
                new Comment("Shown to the agent when the interaction was offered:\nAmount Due: 110.55\n"
                        + "Due Date: 04 July 2019\nCustomer Tier: Platinum ✨\nSecurity Answer: ***\nIdioma: Español",
                        CommentType.INTERNAL_NOTE, "emma.wilson@acme-support.com",
                        OffsetDateTime.parse("2026-11-21T09:30:05-05:00")),
                new Comment("Customer disputed a double charge 😡 — refund case #4471 opened, answer within 48 h.",
                        CommentType.INTERNAL_NOTE, "emma.wilson@acme-support.com",
                        OffsetDateTime.parse("2026-11-21T09:41:17-05:00")));
    }

    @Test
    void translates_a_row_without_augmentation_matching_the_agent_by_name() {
        TranslatedInteraction t = translate(rows.get(1), null);

        assertThat(t.interaction().assigneeId()).isEqualTo("rgutierrez");
        assertThat(t.interaction().metadata()).containsEntry("queue_name", "Soporte Técnico")
                .doesNotContainKeys("wrap_up_code", "amount_due", "augmentation_variables", "csat");
        assertThat(t.comments()).isEmpty();
    }

    @Test
    void hashes_a_guid_too_long_for_interaction_id_and_dates_notes_at_the_start_without_an_end() {
        TranslatedInteraction t = translate(rows.get(2), null);
        String guid = rows.get(2).get("interactionGuid");

        assertThat(("8x8-" + guid).length()).isGreaterThan(68);
        assertThat(t.interaction().interactionId()).startsWith("8x8-sha256-").hasSize(51)
                .isEqualTo(EightByEightInteractionsTranslator.interactionId(guid));
        assertThat(t.interaction().assigneeId()).isEqualTo("li.na@acme-support.com");
        assertThat(t.interaction().metadata()).doesNotContainKey("end_time");
        assertThat(t.comments()).singleElement().satisfies(c ->
                assertThat(c.addedAt()).isEqualTo(OffsetDateTime.parse("2026-11-21T10:20:00-05:00")));
        assertThat(EightByEightInteractionsTranslator.interactionId("int-a b")).startsWith("8x8-sha256-");
    }

    @Test
    void refuses_an_unmapped_agent_naming_it_unless_a_default_assignee_is_set() {
        assertThatThrownBy(() -> translate(rows.get(3), null)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent agTEMP07sandboxUnmapped0 (Temp Agent 07)");
        assertThatThrownBy(() -> translate(row(3, "agentId", null, "agentName", " "), null))
                .hasMessage("unmapped agent (empty agentId and agentName)");
        assertThatThrownBy(() -> translate(row(3, "agentId", "", "agentName", "Nadie"), null))
                .hasMessage("unmapped agent (empty agentId) (Nadie)");

        EightByEightInteractionsTranslator withDefault =
                new EightByEightInteractionsTranslator(integration, agents, NEW_YORK, " qa.lead@acme-support.com ");
        assertThat(withDefault.translate(new EightByEightInteractionRecord(rows.get(3), null)).interaction().assigneeId())
                .isEqualTo("qa.lead@acme-support.com");
    }

    @Test
    void does_not_take_agents_of_another_source() {
        AgentDirectory wolkvoxOnly = AgentDirectory.load("classpath:fixtures/wolkvox/agents.csv");
        EightByEightInteractionsTranslator other =
                new EightByEightInteractionsTranslator(integration, wolkvoxOnly, NEW_YORK, null);

        assertThatThrownBy(() -> other.translate(new EightByEightInteractionRecord(rows.get(0), null)))
                .hasMessageStartingWith("unmapped agent agfDAzC5NtSRuHol5GA4RT6A");
    }

    @Test
    void refuses_bad_rows_with_a_reason_naming_field_and_value() {
        assertThatThrownBy(() -> translate(row(0, "interactionGuid", null), null)).hasMessage("missing interactionGuid");
        assertThatThrownBy(() -> translate(row(0, "interactionGuid", " "), null)).hasMessage("missing interactionGuid");
        assertThatThrownBy(() -> translate(row(0, "startTime", null), null))
                .hasMessage("missing required field start_time (startTime)");
        assertThatThrownBy(() -> translate(row(0, "startTime", "2026-02-30T09:30:05-05:00"), null))
                .hasMessage("field start_time: '2026-02-30T09:30:05-05:00' is not a valid date-time (yyyy-MM-dd HH:mm:ss)");
        assertThatThrownBy(() -> translate(row(0, "talkTime", "n/a"), null))
                .hasMessage("field talk_time_ms: 'n/a' is not an integer");
        assertThatThrownBy(() -> translate(row(0, "direction", "Sideways"), null))
                .hasMessage("field direction: 'Sideways' is not one of [Inbound, Outbound]");
        EightByEightAugmentation badAmount = EightByEightAugmentation.parse(
                "{\"variables\":[{\"name\":\"_amount\",\"value\":\"ciento diez\"}]}");
        assertThatThrownBy(() -> translate(rows.get(0), badAmount))
                .isInstanceOf(InvalidRecordException.class).hasMessage("field amount_due: 'ciento diez' is not a number");
    }

    @Test
    void sends_a_private_variable_only_as_its_mask_or_not_at_all() {
        IntegrationDefinition withPrivate = new IntegrationDefinition("t", "t", 60, List.of(
                new MetadataField("start_time", MetadataType.DATETIME, "startTime", true, List.of(), List.of("filters")),
                new MetadataField("ssn_text", MetadataType.STRING, "augmentation._SSN", false, List.of(), List.of("display")),
                new MetadataField("ssn_number", MetadataType.INTEGER, "augmentation._SSN", false, List.of(), List.of("display"))),
                "test");
        EightByEightInteractionsTranslator t = new EightByEightInteractionsTranslator(withPrivate, agents, NEW_YORK, null);

        Map<String, Object> metadata = t.translate(new EightByEightInteractionRecord(rows.get(0), augmentation))
                .interaction().metadata();

        assertThat(metadata).containsEntry("ssn_text", "***").doesNotContainKey("ssn_number");
        IntegrationDefinition required = new IntegrationDefinition("t", "t", 60, List.of(
                new MetadataField("start_time", MetadataType.DATETIME, "startTime", true, List.of(), List.of("filters")),
                new MetadataField("ssn_number", MetadataType.INTEGER, "augmentation._SSN", true, List.of(), List.of("display"))),
                "test");
        assertThatThrownBy(() -> new EightByEightInteractionsTranslator(required, agents, NEW_YORK, null)
                .translate(new EightByEightInteractionRecord(rows.get(0), augmentation)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing required field ssn_number (augmentation._SSN, a private 8x8 variable)");
    }
}
