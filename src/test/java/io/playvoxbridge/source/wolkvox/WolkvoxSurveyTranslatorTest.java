package io.playvoxbridge.source.wolkvox;

import static io.playvoxbridge.source.wolkvox.WolkvoxFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataType;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wolkvox diagram_4 survey responses, from a recorded response, into Playvox interactions. */
class WolkvoxSurveyTranslatorTest {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    static final String PREFIX = WolkvoxSurveyTranslator.PERSONAL_DATA_PREFIX;

    static IntegrationDefinition integration;
    static AgentDirectory agents;
    static List<Map<String, String>> records;
    static WolkvoxSurveyTranslator translator;

    @BeforeAll
    static void readFixtures() {
        integration = IntegrationDefinitionLoader.load("integrations/wolkvox-survey.yaml");
        agents = AgentDirectory.load("classpath:fixtures/wolkvox/agents-by-key.csv");
        records = WolkvoxFixtures.records("diagram_4-response.json");
        assertThat(records).hasSize(5);
        translator = translator(Map.of(), null);
    }

    static WolkvoxSurveyTranslator translator(Map<String, String> settings, String defaultAssignee) {
        return new WolkvoxSurveyTranslator(integration, agents, BOGOTA, defaultAssignee,
                PersonalDataPolicy.fromSettings(PREFIX, WolkvoxSurveyTranslator.PERSONAL_DATA_DEFAULTS, settings));
    }

    @Test
    void loads_the_integration_file_with_a_datetime_and_ten_answer_fields() {
        assertThat(integration.name()).isEqualTo("wolkvox-survey");
        assertThat(integration.field("survey_date")).get().extracting(MetadataField::type).isEqualTo(MetadataType.DATETIME);
        assertThat(integration.metadata()).filteredOn(f -> f.source().matches("q\\d+")).extracting(MetadataField::fieldId)
                .containsExactly("answer_one", "answer_two", "answer_three", "answer_four", "answer_five", "answer_six",
                        "answer_seven", "answer_eight", "answer_nine", "answer_ten");
        assertThat(translator.declaredQuestions()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void derives_the_interaction_id_from_conn_id() {
        assertThat(records.subList(0, 4)).extracting(r -> translator.translate(r).interaction().interactionId())
                .containsExactly("wolkvox-survey-2026112109411200123", "wolkvox-survey-2026112110050000456",
                        "wolkvox-survey-2026112113584100789", "wolkvox-survey-2026112208000000012");
        assertThat(WolkvoxSurveyTranslator.interactionId(with(records.get(0), "conn_id", "llamada 12/ñ")))
                .matches("wolkvox-survey-sha256-[0-9a-f]{40}");
    }

    @Test
    void finds_the_agent_by_agent_id_then_agent_dni_then_agent_name() {
        assertThat(records.subList(0, 4)).extracting(r -> translator.translate(r).interaction().assigneeId())
                .containsExactly("ana.perez@tiendaandina.co", "carlos.ruiz@tiendaandina.co", "jmunoz",
                        "mary.oconnor@tiendaandina.co");
        assertThat(translator.translate(with(records.get(3), "agent_id", "")).interaction().assigneeId())
                .as("without agent_id, the name's row").isEqualTo("m.oconnor.by.name@tiendaandina.co");
    }

    @Test
    void types_the_metadata_in_the_order_of_the_integration_file_with_personal_data_masked() {
        Map<String, Object> metadata = translator.translate(records.get(0)).interaction().metadata();

        assertThat(metadata).containsExactly(
                Map.entry("survey_date", "2026-11-21T09:41:12-05:00"),
                Map.entry("conn_id", "2026112109411200123"),
                Map.entry("agent_id", "1001"),
                Map.entry("agent_name", "Ana Pérez"),
                Map.entry("agent_dni", "****7654"),
                Map.entry("skill_id", "201"),
                Map.entry("skill_name", "Servicio al cliente"),
                Map.entry("ani", "******4567"),
                Map.entry("customer_id", "******6789"),
                Map.entry("type_interaction", "inbound"),
                Map.entry("result", "Completed"),
                Map.entry("elapsed_time", "95"),
                Map.entry("feeling", "positive"),
                Map.entry("voice_message", "https://wv0040.wolkvox.com/recordings/survey/2026112109411200123.wav"),
                Map.entry("voice_message_duration", "12"),
                Map.entry("answer_one", "5"),
                Map.entry("answer_two", "4"),
                Map.entry("answer_three", "1"));
    }

    @Test
    void has_no_comments() {
        assertThat(records.subList(0, 4)).allSatisfy(r -> assertThat(translator.translate(r).comments()).isEmpty());
    }

    @Test
    void leaves_absent_and_blank_answers_and_values_out() {
        Map<String, Object> metadata = translator.translate(records.get(1)).interaction().metadata();

        assertThat(metadata).containsEntry("answer_one", "3")
                .doesNotContainKeys("answer_two", "answer_three", "customer_id", "voice_message", "feeling");
        assertThat(translator.translate(records.get(2)).interaction().metadata())
                .containsEntry("answer_five", "9").doesNotContainKey("answer_six");
    }

    @Test
    void keeps_or_drops_personal_data_as_configured() {
        WolkvoxSurveyTranslator keeping = translator(Map.of(PREFIX + "ani", "keep", PREFIX + "customer_id", "drop",
                PREFIX + "agent_dni", "drop"), null);

        Map<String, Object> metadata = keeping.translate(records.get(2)).interaction().metadata();

        assertThat(metadata).containsEntry("ani", "+57 310 555 0199").doesNotContainKeys("customer_id", "agent_dni");
        assertThat(translator.translate(records.get(2)).interaction().metadata())
                .containsEntry("ani", "************0199").containsEntry("customer_id", "*********.456");
    }

    @Test
    void finds_the_agent_by_agent_dni_even_when_it_is_dropped_from_the_metadata() {
        WolkvoxSurveyTranslator dropping = translator(Map.of(PREFIX + "agent_dni", "drop"), null);

        TranslatedInteraction t = dropping.translate(records.get(1));

        assertThat(t.interaction().assigneeId()).isEqualTo("carlos.ruiz@tiendaandina.co");
        assertThat(t.interaction().metadata()).doesNotContainKey("agent_dni");
    }

    @Test
    void refuses_an_unmapped_agent_naming_its_keys_with_the_dni_masked() {
        assertThatThrownBy(() -> translator.translate(records.get(4)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent (agent_id 2099, agent_dni ****1222, agent_name Pedro Nuevo)")
                .message().doesNotContain("79111222");
        assertThatThrownBy(() -> translator.translate(with(records.get(4), "agent_id", "", "agent_dni", null,
                "agent_name", " ")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent (empty agent_id, agent_dni and agent_name)");
    }

    @Test
    void assigns_an_unmapped_agent_to_the_default_assignee() {
        TranslatedInteraction t = translator(Map.of(), "qa.lead@tiendaandina.co").translate(records.get(4));

        assertThat(t.interaction().assigneeId()).isEqualTo("qa.lead@tiendaandina.co");
        assertThat(t.interaction().metadata()).containsEntry("agent_dni", "****1222");
    }

    @Test
    void refuses_an_answer_to_a_question_the_integration_does_not_declare() {
        assertThatThrownBy(() -> translator.translate(with(records.get(0), "q11", "3")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("diagram_4 answer q11 '3' has no metadata field (integrations/wolkvox-survey.yaml declares"
                        + " q1..q10; add a field with source q11)");
        assertThatThrownBy(() -> translator.translate(with(records.get(0), "Q2", "4")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("diagram_4 answer Q2 '4' has no metadata field");
        assertThat(translator.translate(with(records.get(0), "q11", " ")).interaction().metadata())
                .as("a blank answer to an undeclared question is nothing lost").containsEntry("answer_three", "1");
    }

    @Test
    void counts_the_declared_questions_from_the_integration_file() {
        List<MetadataField> fewer = new ArrayList<>(integration.metadata());
        fewer.removeIf(f -> f.source().matches("q([3-9]|10)"));
        IntegrationDefinition twoQuestions = new IntegrationDefinition("two", "two questions", 60, fewer, "two.yaml");
        WolkvoxSurveyTranslator small = new WolkvoxSurveyTranslator(twoQuestions, agents, BOGOTA, null,
                PersonalDataPolicy.of(WolkvoxSurveyTranslator.PERSONAL_DATA_DEFAULTS));

        assertThat(small.translate(records.get(1)).interaction().metadata()).containsEntry("answer_one", "3");
        assertThatThrownBy(() -> small.translate(records.get(0)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("diagram_4 answer q3 '1' has no metadata field (two.yaml declares q1..q2; add a field"
                        + " with source q3)");
    }

    @Test
    void refuses_a_record_without_conn_id() {
        assertThatThrownBy(() -> translator.translate(with(records.get(0), "conn_id", " ")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing conn_id");
    }

    @Test
    void refuses_a_record_without_a_date_or_with_an_impossible_one() {
        assertThatThrownBy(() -> translator.translate(with(records.get(0), "date", "")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing required field survey_date (diagram_4 date)");
        assertThatThrownBy(() -> translator.translate(with(records.get(0), "date", "2026-02-30 10:00:00")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field survey_date: '2026-02-30 10:00:00' is not a valid date-time (yyyy-MM-dd HH:mm:ss)");
    }

    @Test
    void refuses_an_integration_that_would_send_personal_data_as_a_number_or_require_it() {
        List<MetadataField> fields = new ArrayList<>(integration.metadata());
        fields.replaceAll(f -> f.source().equals("ani")
                ? new MetadataField("ani", MetadataType.INTEGER, "ani", false, List.of(), f.availableIn()) : f);
        IntegrationDefinition numeric = new IntegrationDefinition("n", "n", 60, fields, "numeric.yaml");

        assertThatThrownBy(() -> new WolkvoxSurveyTranslator(numeric, agents, BOGOTA, null,
                PersonalDataPolicy.of(WolkvoxSurveyTranslator.PERSONAL_DATA_DEFAULTS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numeric.yaml: metadata field ani holds personal data (ani), so it must be an optional string");
    }
}
