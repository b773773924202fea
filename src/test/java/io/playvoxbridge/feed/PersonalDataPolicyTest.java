package io.playvoxbridge.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.feed.PersonalDataPolicy.Rule;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keep, mask or drop each personal-data field, read from settings, and masks that hide enough. */
class PersonalDataPolicyTest {

    static final String PREFIX = "wolkvox.survey.personal-data.";
    static final Map<String, Rule> MASKED = new LinkedHashMap<>();

    static {
        MASKED.put("ani", Rule.MASK);
        MASKED.put("customer_id", Rule.MASK);
        MASKED.put("agent_dni", Rule.MASK);
    }

    @Test
    void masks_every_field_by_default() {
        PersonalDataPolicy policy = PersonalDataPolicy.fromSettings(PREFIX, MASKED, Map.of("other.key", "x"));

        assertThat(policy.apply("ani", "3001234567")).isEqualTo("******4567");
        assertThat(policy.apply("customer_id", "1032456789")).isEqualTo("******6789");
        assertThat(policy.apply("agent_dni", "52987654")).isEqualTo("****7654");
        assertThat(policy.fields()).containsExactly("ani", "customer_id", "agent_dni");
    }

    @Test
    void keeps_masks_or_drops_each_field_as_its_setting_says() {
        PersonalDataPolicy policy = PersonalDataPolicy.fromSettings(PREFIX, MASKED, Map.of(
                PREFIX + "ani", "keep", PREFIX + "customer_id", " DROP ", PREFIX + "agent_dni", "Mask"));

        assertThat(policy.apply("ani", "3001234567")).isEqualTo("3001234567");
        assertThat(policy.apply("customer_id", "1032456789")).isNull();
        assertThat(policy.apply("agent_dni", "52987654")).isEqualTo("****7654");
        assertThat(policy.rule("customer_id")).isEqualTo(Rule.DROP);
    }

    @Test
    void passes_fields_that_are_not_personal_data_unchanged() {
        PersonalDataPolicy policy = PersonalDataPolicy.fromSettings(PREFIX, MASKED, Map.of());

        assertThat(policy.isPersonal("agent_name")).isFalse();
        assertThat(policy.rule("agent_name")).isEqualTo(Rule.KEEP);
        assertThat(policy.apply("agent_name", "Ana Pérez")).isEqualTo("Ana Pérez");
        assertThat(policy.apply("ani", null)).isNull();
    }

    @Test
    void accepts_a_dash_for_an_underscore_and_a_blank_value_as_unset() {
        PersonalDataPolicy policy = PersonalDataPolicy.fromSettings(PREFIX, MASKED, Map.of(
                PREFIX + "customer-id", "keep", PREFIX + "ani", "  "));

        assertThat(policy.rule("customer_id")).isEqualTo(Rule.KEEP);
        assertThat(policy.rule("ani")).isEqualTo(Rule.MASK);
    }

    @Test
    void refuses_an_unknown_rule_naming_the_key() {
        assertThatThrownBy(() -> PersonalDataPolicy.fromSettings(PREFIX, MASKED, Map.of(PREFIX + "ani", "hide")))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessage("wolkvox.survey.personal-data.ani: 'hide' is not keep, mask or drop");
    }

    @Test
    void refuses_a_key_that_names_no_personal_data_field() {
        assertThatThrownBy(() -> PersonalDataPolicy.fromSettings(PREFIX, MASKED, Map.of(PREFIX + "anii", "keep")))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessage("wolkvox.survey.personal-data.anii: anii is not a personal-data field of this feed"
                        + " (expected one of [ani, customer_id, agent_dni])");
    }

    @Test
    void refuses_two_keys_for_the_same_field() {
        Map<String, String> settings = new HashMap<>();
        settings.put(PREFIX + "customer_id", "keep");
        settings.put(PREFIX + "customer-id", "drop");

        assertThatThrownBy(() -> PersonalDataPolicy.fromSettings(PREFIX, MASKED, settings))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessageContaining("sets the same field as");
    }

    @Test
    void reads_one_key_at_a_time_through_a_lookup() {
        Map<String, String> env = Map.of(PREFIX + "agent_dni", "drop");

        PersonalDataPolicy policy = PersonalDataPolicy.fromLookup(PREFIX, MASKED, key -> Optional.ofNullable(env.get(key)));

        assertThat(policy.rule("agent_dni")).isEqualTo(Rule.DROP);
        assertThat(policy.rule("ani")).isEqualTo(Rule.MASK);
        assertThatThrownBy(() -> PersonalDataPolicy.fromLookup(PREFIX, MASKED, key -> Optional.of("yes")))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessage("wolkvox.survey.personal-data.ani: 'yes' is not keep, mask or drop");
    }

    @Test
    void hides_short_values_whole_and_shows_at_most_the_last_four_characters() {
        assertThat(PersonalDataPolicy.mask("1234567")).isEqualTo("*******");
        assertThat(PersonalDataPolicy.mask("12345678")).isEqualTo("****5678");
        assertThat(PersonalDataPolicy.mask("+57 310 555 0199")).isEqualTo("************0199");
        assertThat(PersonalDataPolicy.mask(" 900111 ")).isEqualTo("******");
        assertThat(PersonalDataPolicy.mask("")).isEmpty();
        assertThat(PersonalDataPolicy.mask(null)).isNull();
    }

    @Test
    void counts_characters_not_utf_16_units() {
        assertThat(PersonalDataPolicy.mask("Peña😀😀😀😀")).isEqualTo("****😀😀😀😀");
        assertThat(PersonalDataPolicy.mask("😀😀")).isEqualTo("**");
    }

    @Test
    void masking_a_masked_value_changes_nothing() {
        String once = PersonalDataPolicy.mask("1032456789");

        assertThat(PersonalDataPolicy.mask(once)).isEqualTo(once);
        assertThat(PersonalDataPolicy.mask(PersonalDataPolicy.mask("12345"))).isEqualTo("*****");
    }

    @Test
    void redacts_a_record_for_logs_whatever_the_rules() {
        PersonalDataPolicy keepAll = PersonalDataPolicy.of(Map.of("ani", Rule.KEEP, "customer_id", Rule.DROP));
        Map<String, String> record = new LinkedHashMap<>();
        record.put("conn_id", "2026112109411200123");
        record.put("ani", "3001234567");
        record.put("customer_id", "");
        record.put("agent_dni", "52987654");

        assertThat(keepAll.redact(record)).containsExactly(Map.entry("conn_id", "2026112109411200123"),
                Map.entry("ani", "******4567"), Map.entry("customer_id", ""), Map.entry("agent_dni", "52987654"));
        assertThat(record).containsEntry("ani", "3001234567");
    }

    @Test
    void shows_rules_and_never_values() {
        PersonalDataPolicy policy = PersonalDataPolicy.fromSettings(PREFIX, MASKED, Map.of(PREFIX + "ani", "keep"));

        assertThat(policy).hasToString("PersonalDataPolicy{ani=KEEP, customer_id=MASK, agent_dni=MASK}");
    }
}
