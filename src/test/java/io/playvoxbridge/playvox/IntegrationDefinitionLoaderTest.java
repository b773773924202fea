package io.playvoxbridge.playvox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Integration definition files: loaded, defaulted, and checked against Playvox's rules before any call. */
class IntegrationDefinitionLoaderTest {

    static final String FIXTURES = "classpath:fixtures/playvox/integrations/";

    @Test
    void loads_the_wolkvox_chat_integration_of_the_project() {
        IntegrationDefinition chat = IntegrationDefinitionLoader.load("integrations/wolkvox-chat.yaml");

        assertThat(chat.name()).isEqualTo("wolkvox-chat");
        assertThat(chat.description()).isEqualTo("Wolkvox e-mail and social interactions (chat_4)");
        assertThat(chat.dataStorageMinutes()).isEqualTo(129600);
        assertThat(chat.location()).isEqualTo("integrations/wolkvox-chat.yaml");
        assertThat(chat.metadata()).extracting(MetadataField::fieldId).containsExactly(
                "channel", "case_id", "date_creation", "close_date", "agent_name", "skill_id", "subject",
                "from_address", "to_address", "evaluation_survey", "cod_act", "cod_description", "attachments");
        assertThat(chat.field("channel")).contains(new MetadataField("channel", MetadataType.LIST, "channel", true,
                List.of("Email", "facebook_page", "instagram", "twitter"), List.of("filters", "display")));
        assertThat(chat.field("from_address")).get().extracting(MetadataField::source).isEqualTo("from");
        assertThat(chat.field("to_address")).get().extracting(MetadataField::source).isEqualTo("to");
        assertThat(chat.field("evaluation_survey")).get().extracting(MetadataField::type).isEqualTo(MetadataType.INTEGER);
        assertThat(chat.metadata()).filteredOn(MetadataField::required)
                .extracting(MetadataField::fieldId).containsExactly("channel", "case_id", "date_creation");
        assertThat(chat.metadata()).extracting(MetadataField::source).doesNotContain("body", "answer", "comments");
    }

    @Test
    void loads_the_same_file_from_the_classpath() {
        IntegrationDefinition chat = IntegrationDefinitionLoader.load("classpath:integrations/wolkvox-chat.yaml");

        assertThat(chat.metadata()).hasSize(13);
    }

    @Test
    void applies_the_defaults_of_required_allowed_and_available_in() {
        IntegrationDefinition minimal = IntegrationDefinitionLoader.load(FIXTURES + "minimal-with-defaults.yaml");

        assertThat(minimal.dataStorageMinutes()).isEqualTo(60);
        assertThat(minimal.metadata()).containsExactly(new MetadataField("solved_at", MetadataType.DATETIME,
                "close_date", false, List.of(), List.of("filters", "display")));
        assertThat(minimal.field("nothing")).isEmpty();
    }

    @Test
    void writes_the_bodies_playvox_expects() {
        IntegrationDefinition chat = IntegrationDefinitionLoader.load("integrations/wolkvox-chat.yaml");

        assertThat(chat.toPlayvoxJson()).isEqualTo(Map.of("name", "wolkvox-chat",
                "description", "Wolkvox e-mail and social interactions (chat_4)",
                "settings", Map.of("data_storage_minutes", 129600)));
        assertThat(chat.field("channel").orElseThrow().toPlayvoxJson()).containsExactly(
                Map.entry("field_id", "channel"),
                Map.entry("type", "list"),
                Map.entry("allowed", List.of("Email", "facebook_page", "instagram", "twitter")),
                Map.entry("required", true),
                Map.entry("available_in", List.of("filters", "display")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty-name.yaml               | name must be a non-empty string
            missing-description.yaml      | description is missing
            storage-over-90-days.yaml     | settings.data_storage_minutes 129601 must be a whole number of minutes from 1 to 129600 (90 days)
            storage-zero.yaml             | settings.data_storage_minutes 0 must be a whole number of minutes from 1 to 129600
            storage-not-a-number.yaml     | settings.data_storage_minutes '90 days' must be a whole number of minutes
            no-metadata.yaml              | metadata must be a list of at least one field
            field-id-capitals.yaml        | metadata[2].field_id 'Channel' must be 3-30 characters of a-z and _
            field-id-too-short.yaml       | metadata[0].field_id 'id' must be 3-30 characters of a-z and _
            field-id-too-long.yaml        | metadata[2].field_id 'a_field_id_that_is_far_too_long' must be 3-30 characters of a-z and _
            field-id-with-digits.yaml     | metadata[2].field_id 'skill_2' must be 3-30 characters of a-z and _
            unknown-type.yaml             | metadata[2].type 'number' must be one of string, integer, float, list, boolean, datetime
            reserved-created-at.yaml      | metadata[1].field_id 'created_at' is reserved by Playvox
            reserved-updated-at.yaml      | metadata[2].field_id 'updated_at' is reserved by Playvox
            duplicate-field-id.yaml       | metadata[2].field_id 'case_id' is already used by metadata[0]
            no-datetime.yaml              | metadata must have at least one field of type datetime
            empty-source.yaml             | metadata[2].source must be a non-empty string
            missing-source.yaml           | metadata[2].source is missing
            list-without-allowed.yaml     | metadata[2].allowed must list at least one value for a list field
            list-with-empty-allowed.yaml  | metadata[2].allowed must list at least one value for a list field
            bad-available-in.yaml         | metadata[2].available_in[1] 'search' must be filters or display
            unknown-field-key.yaml        | metadata[1].label is not a known key (expected field_id, type, source, required, allowed, available_in)
            unknown-top-key.yaml          | integration_id is not a known key (expected name, description, settings, metadata)
            unknown-settings-key.yaml     | settings.delete_only_non_audited_interactions is not a known key
            required-not-boolean.yaml     | metadata[1].required 'si' must be true or false
            duplicate-yaml-key.yaml       | not valid YAML at line 3: Duplicate field 'name'
            not-yaml.yaml                 | not valid YAML
            """)
    void refuses_a_file_that_breaks_a_rule_naming_the_file_and_the_field(String fixture, String problem) {
        assertThatThrownBy(() -> IntegrationDefinitionLoader.load(FIXTURES + fixture))
                .isInstanceOf(IntegrationDefinitionException.class)
                .hasMessageContaining(FIXTURES + fixture + ": " + problem);
    }

    @Test
    void reports_every_problem_of_a_file_at_once() {
        assertThatThrownBy(() -> IntegrationDefinitionLoader.load(FIXTURES + "several-problems.yaml"))
                .isInstanceOfSatisfying(IntegrationDefinitionException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                FIXTURES + "several-problems.yaml: name must be a non-empty string",
                                FIXTURES + "several-problems.yaml: metadata[0].field_id 'Case' must be 3-30 characters of a-z and _",
                                FIXTURES + "several-problems.yaml: metadata[0].source must be a non-empty string",
                                FIXTURES + "several-problems.yaml: metadata[1].allowed must list at least one value for a list field",
                                FIXTURES + "several-problems.yaml: metadata must have at least one field of type datetime (Playvox requires one)"));
    }

    @Test
    void refuses_a_missing_file_naming_it() {
        assertThatThrownBy(() -> IntegrationDefinitionLoader.load("integrations/no-such-feed.yaml"))
                .isInstanceOf(IntegrationDefinitionException.class)
                .hasMessageStartingWith("integrations/no-such-feed.yaml: file not found");
        assertThatThrownBy(() -> IntegrationDefinitionLoader.load("classpath:no-such-feed.yaml"))
                .isInstanceOf(IntegrationDefinitionException.class)
                .hasMessage("classpath:no-such-feed.yaml: not found on the classpath");
    }

    @Test
    void names_types_as_the_api_does() {
        assertThat(MetadataType.DATETIME.apiName()).isEqualTo("datetime");
        assertThat(MetadataType.fromApiName("float")).isEqualTo(MetadataType.FLOAT);
        assertThatThrownBy(() -> MetadataType.fromApiName("Float")).isInstanceOf(IllegalArgumentException.class);
    }
}
