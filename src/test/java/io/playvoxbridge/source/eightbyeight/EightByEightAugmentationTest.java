package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.source.eightbyeight.EightByEightAugmentation.Variable;
import org.junit.jupiter.api.Test;

/** Data Augmentation answers (api-facts 4.1), read with every private value masked on arrival. */
class EightByEightAugmentationTest {

    @Test
    void reads_the_recorded_answer_masking_private_variables() {
        EightByEightAugmentation a = EightByEightAugmentation.parse(Fixtures.read("augmentation-response.json"));

        assertThat(a.interactionId()).isEqualTo("int-1628bb9dbf7-YUTGAUsGrJDvPC9DqMgJr01iy-phone-01-acme");
        assertThat(a.channel()).isEqualTo("+18005550100");
        assertThat(a.createTime()).isEqualTo("2026-11-21T14:30:05Z");
        assertThat(a.ani()).isEqualTo("+14155550134");
        assertThat(a.callerName()).isEqualTo("Emily Carter");
        assertThat(a.variables()).extracting(Variable::name).containsExactly("_queueId", "_SSN", "_amount", "_dueDate",
                "_customerTier", "_securityAnswer", "_csat", "_preferredLanguage");
        assertThat(a.variables().get(1)).isEqualTo(new Variable("_SSN", "***", true, false, null, null, true));
        assertThat(a.variables().get(2)).isEqualTo(new Variable("_amount", "110.55", false, true, "Amount Due",
                "currency", false));
        assertThat(a.variables().get(5).value()).isEqualTo(EightByEightAugmentation.MASK);
        assertThat(a.privateCount()).isEqualTo(2);
        assertThat(a.toString()).doesNotContain("078-05-1120", "Guayaba Nimbus 1977");
    }

    @Test
    void reads_the_older_pascal_case_answer_with_string_booleans() {
        EightByEightAugmentation a = EightByEightAugmentation.parse(Fixtures.read("augmentation-response-legacy.json"));

        assertThat(a.interactionId()).isEqualTo("int-1628bb9dbf7-YUTGAUsGrJDvPC9DqMgJr01iy-phone-01-acme");
        assertThat(a.ani()).isEqualTo("+14155550134");
        assertThat(a.createTime()).isEqualTo("2026-11-21 14:30:05");
        assertThat(a.variables()).extracting(Variable::name).containsExactly("_queueId", "_SSN", "_pinHint", "_amount");
        assertThat(a.variables()).extracting(Variable::privacy).containsExactly(false, true, true, false);
        assertThat(a.variables().get(0).ivr()).isTrue();
        assertThat(a.variables().get(3).display()).isTrue();
        assertThat(a.variables().get(3).value()).isEqualTo("110.55");
        assertThat(a.toString()).doesNotContain("078-05-1120", "Tucán Canela 1961");
    }

    @Test
    void masks_a_variable_whose_privacy_is_anything_but_false() {
        String answer = "{\"variables\":[{\"name\":\"_a\",\"value\":\"A1\",\"privacy\":\"yes\"},"
                + "{\"name\":\"_b\",\"value\":\"B1\",\"privacy\":1},{\"name\":\"_c\",\"value\":\"C1\",\"privacy\":false},"
                + "{\"name\":\"_d\",\"value\":\"D1\",\"privacy\":\"FALSE\"},{\"name\":\"_e\",\"value\":\"E1\",\"privacy\":null}]}";

        assertThat(EightByEightAugmentation.parse(answer).variables()).extracting(Variable::value)
                .containsExactly("***", "***", "C1", "D1", "E1");
    }

    @Test
    void a_private_variable_can_never_hold_its_value() {
        Variable built = new Variable("_SSN", "078-05-1120", true, false, null, null, true);

        assertThat(built.value()).isEqualTo("***");
        assertThat(built.toString()).doesNotContain("078-05-1120");
    }

    @Test
    void names_augmentation_sources_for_the_integration_file() {
        EightByEightAugmentation a = EightByEightAugmentation.parse(Fixtures.read("augmentation-response.json"));

        assertThat(a.sourceFields()).containsEntry("augmentation._amount", "110.55")
                .containsEntry("augmentation._SSN", "***").containsEntry("augmentation.channel", "+18005550100")
                .containsEntry("augmentation.callerName", "Emily Carter").doesNotContainValue("078-05-1120");
    }

    @Test
    void refuses_a_broken_answer_without_quoting_it() {
        assertThatThrownBy(() -> EightByEightAugmentation.parse("{\"variables\":[{\"name\":\"_SSN\",\"value\":078-05-1120}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("8x8 augmentation answer is not valid JSON (line 1, column")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("078", "1120"));
        assertThatThrownBy(() -> EightByEightAugmentation.parse("{\"variables\":[{\"value\":\"secret\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("8x8 augmentation answer: variable 0 has no name");
        assertThatThrownBy(() -> EightByEightAugmentation.parse("{\"variables\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an array");
        assertThatThrownBy(() -> EightByEightAugmentation.parse("[]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
        assertThat(EightByEightAugmentation.parse("{}").variables()).isEmpty();
    }
}
