package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Five9 Call Log rows, from a recorded getReportResultCsv answer, into Playvox interactions. */
class Five9CallLogTranslatorTest {

    static IntegrationDefinition integration;
    static AgentDirectory agents;
    static List<Map<String, String>> rows;
    static Five9CallLogTranslator translator;

    @BeforeAll
    static void readFixtures() throws IOException {
        integration = IntegrationDefinitionLoader.load("integrations/five9-call-log.yaml");
        agents = AgentDirectory.load("classpath:fixtures/five9/agents.csv");
        rows = Five9Fixtures.rows("getReportResultCsv-call-log.xml", Five9Report.CALL_LOG, Five9Fixtures.CALL_LOG_RANGE);
        assertThat(rows).hasSize(5);
        translator = new Five9CallLogTranslator(integration, agents, Five9ReportTimes.PACIFIC, null);
    }

    /** A copy of fixture row {@code index} with some cells replaced. */
    static Map<String, String> row(int index, String... keyValues) {
        return Five9Fixtures.with(rows.get(index), keyValues);
    }

    @Test
    void derives_the_interaction_id_from_the_call_id() {
        assertThat(translator.translate(rows.get(0)).interaction().interactionId()).isEqualTo("five9-call-300000000101");
        assertThat(translator.translate(rows.get(1)).interaction().interactionId()).isEqualTo("five9-call-300000000102");
    }

    @Test
    void assigns_the_playvox_user_of_the_five9_user_name() {
        assertThat(List.of(0, 1, 4)).extracting(i -> translator.translate(rows.get(i)).interaction().assigneeId())
                .containsExactly("maria.rodriguez@tiendaandina.co", "andres.pena@tiendaandina.co", "lgomez");
    }

    @Test
    void types_the_metadata_in_the_order_of_the_integration_file() {
        TranslatedInteraction call = translator.translate(rows.get(0));

        assertThat(call.interaction().metadata()).containsExactly(
                Map.entry("call_id", "300000000101"),
                Map.entry("call_timestamp", "2026-11-01T00:58:10-07:00"),
                Map.entry("campaign", "Soporte Inbound"),
                Map.entry("call_type", "Inbound"),
                Map.entry("agent_username", "mrodriguez"),
                Map.entry("agent_name", "María José Rodríguez"),
                Map.entry("disposition", "Resolved"),
                Map.entry("ani", "3055550147"),
                Map.entry("dnis", "8005550100"),
                Map.entry("customer_name", "Hernández, Sofía"),
                Map.entry("call_seconds", 402L),
                Map.entry("ivr_seconds", 35L),
                Map.entry("queue_wait_seconds", 62L),
                Map.entry("ring_seconds", 8L),
                Map.entry("talk_seconds", 277L),
                Map.entry("hold_seconds", 20L),
                Map.entry("park_seconds", 0L),
                Map.entry("after_call_work_seconds", 75L),
                Map.entry("transfers", 0L),
                Map.entry("conferences", 0L),
                Map.entry("holds", 1L),
                Map.entry("abandoned", false),
                Map.entry("recordings", 1L),
                Map.entry("cost", 0.0875));
        assertThat(call.comments()).isEmpty();
    }

    @Test
    void sends_each_time_of_the_repeated_hour_with_the_offset_it_had() {
        assertThat(List.of(1, 2, 3)).extracting(i -> translator.translate(row(i, "AGENT", "apena")).interaction()
                        .metadata().get("call_timestamp"))
                .containsExactly("2026-11-01T01:30:00-07:00", "2026-11-01T01:10:00-08:00", "2026-11-01T01:45:00-08:00");
    }

    @Test
    void reads_a_time_still_in_five9_form_with_the_earlier_offset() {
        Map<String, Object> metadata = translator.translate(row(0, "TIMESTAMP", "Sun, 01 Nov 2026 01:10:00"))
                .interaction().metadata();

        assertThat(metadata).containsEntry("call_timestamp", "2026-11-01T01:10:00-07:00");
    }

    @Test
    void counts_durations_of_an_hour_or_more_in_seconds() {
        assertThat(translator.translate(rows.get(4)).interaction().metadata())
                .containsEntry("call_seconds", 3723L).containsEntry("talk_seconds", 3531L)
                .containsEntry("holds", 2L).containsEntry("conferences", 1L);
    }

    @Test
    void refuses_a_call_of_an_unmapped_agent_naming_the_agent() {
        assertThatThrownBy(() -> translator.translate(rows.get(2)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent jdoe (John Doe)");
    }

    @Test
    void refuses_a_call_no_agent_took_unless_a_default_assignee_is_set() {
        assertThatThrownBy(() -> translator.translate(rows.get(3)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent (empty AGENT)");
        Five9CallLogTranslator withDefault = new Five9CallLogTranslator(integration, agents, Five9ReportTimes.PACIFIC,
                " qa.lead@tiendaandina.co ");

        TranslatedInteraction abandoned = withDefault.translate(rows.get(3));

        assertThat(abandoned.interaction().assigneeId()).isEqualTo("qa.lead@tiendaandina.co");
        assertThat(abandoned.interaction().metadata()).containsEntry("abandoned", true)
                .doesNotContainKeys("agent_username", "agent_name", "customer_name");
        assertThat(withDefault.translate(rows.get(2)).interaction().assigneeId()).isEqualTo("qa.lead@tiendaandina.co");
    }

    @Test
    void refuses_a_row_without_a_call_id() {
        assertThatThrownBy(() -> translator.translate(row(0, "CALL ID", " ")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("missing CALL ID");
    }

    @Test
    void refuses_a_row_without_its_required_timestamp() {
        assertThatThrownBy(() -> translator.translate(row(0, "TIMESTAMP", "")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing required field call_timestamp (Call Log column TIMESTAMP)");
    }

    @Test
    void refuses_values_that_do_not_fit_their_fields() {
        assertThatThrownBy(() -> translator.translate(row(0, "HOLDS", "n/a")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("field holds: 'n/a' is not an integer");
        assertThatThrownBy(() -> translator.translate(row(0, "TIMESTAMP", "Mon, 30 Feb 2026 10:00:00")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("field call_timestamp: 'Mon, 30 Feb 2026 10:00:00' is not a Five9 report time");
        assertThatThrownBy(() -> translator.translate(row(0, "ABANDONED", "maybe")))
                .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("field abandoned: 'maybe'");
        assertThatThrownBy(() -> translator.translate(row(0, "CALL TIME", "00:61:00")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("field call_seconds: '00:61:00' is not an integer");
    }

    @Test
    void refuses_a_malformed_row_with_the_reason_of_the_reader() {
        assertThatThrownBy(() -> translator.translate(row(0, Five9ReportCsv.PROBLEM_KEY,
                "line 7 has 24 cells, the header has 25")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("malformed Call Log row: line 7 has 24 cells, the header has 25");
    }

    @Test
    void hashes_a_long_or_unusual_call_id_into_a_stable_id_of_at_most_68_characters() {
        String longId = "9".repeat(80);

        String hashed = translator.translate(row(0, "CALL ID", longId)).interaction().interactionId();
        String spaced = translator.translate(row(0, "CALL ID", "3000 0001")).interaction().interactionId();

        assertThat(hashed).startsWith("five9-call-sha256-").hasSize(58)
                .isEqualTo(translator.translate(row(1, "CALL ID", longId)).interaction().interactionId());
        assertThat(spaced).startsWith("five9-call-sha256-").isNotEqualTo(hashed);
    }
}
