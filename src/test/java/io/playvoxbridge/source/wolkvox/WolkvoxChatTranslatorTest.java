package io.playvoxbridge.source.wolkvox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wolkvox chat_4 records, from a recorded response, into Playvox interactions and comments. */
class WolkvoxChatTranslatorTest {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    static IntegrationDefinition integration;
    static AgentDirectory agents;
    static List<Map<String, String>> records;

    static WolkvoxChatTranslator translator;

    @BeforeAll
    static void readFixtures() throws IOException {
        integration = IntegrationDefinitionLoader.load("integrations/wolkvox-chat.yaml");
        agents = AgentDirectory.load("classpath:fixtures/wolkvox/agents.csv");
        try (InputStream in = WolkvoxChatTranslatorTest.class.getResourceAsStream("/fixtures/wolkvox/chat_4-response.json")) {
            ObjectMapper json = new ObjectMapper();
            JsonNode envelope = json.readTree(in);
            assertThat(envelope.get("code").asInt()).isEqualTo(200);
            records = json.convertValue(envelope.get("data"), new TypeReference<List<Map<String, String>>>() { });
        }
        assertThat(records).hasSize(5);
        translator = new WolkvoxChatTranslator(integration, agents, BOGOTA, null);
    }

    /** A copy of fixture record {@code index} (0-based) with some fields replaced. */
    static Map<String, String> record(int index, String... keyValues) {
        Map<String, String> copy = new HashMap<>(records.get(index));
        for (int i = 0; i < keyValues.length; i += 2) {
            copy.put(keyValues[i], keyValues[i + 1]);
        }
        return copy;
    }

    @Test
    void derives_the_interaction_id_from_case_id() {
        assertThat(records.subList(0, 4)).extracting(r -> translator.translate(r).interaction().interactionId())
                .containsExactly("wolkvox-chat4-458812", "wolkvox-chat4-FB-99310", "wolkvox-chat4-IG_77821.3",
                        "wolkvox-chat4-TW-1862034567890123456");
    }

    @Test
    void assigns_the_playvox_user_of_the_agent() {
        assertThat(records.subList(0, 4)).extracting(r -> translator.translate(r).interaction().assigneeId())
                .containsExactly("ana.perez@tiendaandina.co", "carlos.ruiz@tiendaandina.co", "jmunoz",
                        "mary.oconnor@tiendaandina.co");
    }

    @Test
    void types_the_metadata_in_the_order_of_the_integration_file() {
        Map<String, Object> metadata = translator.translate(records.get(0)).interaction().metadata();

        assertThat(metadata).containsExactly(
                Map.entry("channel", "Email"),
                Map.entry("case_id", "458812"),
                Map.entry("date_creation", "2026-11-21T09:30:05-05:00"),
                Map.entry("close_date", "2026-11-21T10:02:44-05:00"),
                Map.entry("agent_name", "Ana Pérez"),
                Map.entry("skill_id", "101"),
                Map.entry("subject", "Re: ¿Dónde está mi pedido? #A-2231"),
                Map.entry("from_address", "laura.gomez@correo.com.co"),
                Map.entry("to_address", "soporte@tiendaandina.co"),
                Map.entry("evaluation_survey", 5L),
                Map.entry("cod_act", "12"),
                Map.entry("cod_description", "Consulta de pedido"),
                Map.entry("attachments", "https://files.wolkvox.com/att/458812/factura_A-2231.pdf"));
        assertThat(translator.translate(records.get(0)).interaction().toJson())
                .containsEntry("interaction_id", "wolkvox-chat4-458812")
                .containsEntry("assignee_id", "ana.perez@tiendaandina.co");
    }

    @Test
    void leaves_empty_values_out_of_the_metadata() {
        Map<String, Object> metadata = translator.translate(records.get(1)).interaction().metadata();

        assertThat(metadata).containsOnlyKeys("channel", "case_id", "date_creation", "agent_name", "skill_id",
                "from_address", "to_address");
        assertThat(metadata).doesNotContainKeys("evaluation_survey", "close_date", "subject");
    }

    @Test
    void writes_the_customer_message_the_answer_and_the_note_as_comments_in_that_order() {
        TranslatedInteraction email = translator.translate(records.get(0));

        assertThat(email.comments()).containsExactly(
                new Comment(records.get(0).get("body"), CommentType.CUSTOMER_COMMENT, "laura.gomez@correo.com.co",
                        OffsetDateTime.parse("2026-11-21T09:30:05-05:00")),
                new Comment("Hola Laura, tu pedido sale hoy en la tarde. ¡Gracias por tu paciencia! 🚚",
                        CommentType.AGENT_COMMENT, "ana.perez@tiendaandina.co",
                        OffsetDateTime.parse("2026-11-21T10:02:44-05:00")),
                new Comment("Cliente VIP: ofrecer envío gratis en la próxima compra.", CommentType.INTERNAL_NOTE,
                        "ana.perez@tiendaandina.co", OffsetDateTime.parse("2026-11-21T10:02:44-05:00")));
        assertThat(email.comments().get(0).body())
                .startsWith("<html><body><p>Hola,</p>")
                .contains("<b>#A-2231</b> no ha llegado 😟");
        assertThat(email.comments().get(1).toJson()).containsEntry("added_at", "2026-11-21T10:02:44-05:00");
    }

    @Test
    void skips_empty_comments() {
        assertThat(translator.translate(records.get(1)).comments())
                .extracting(Comment::type).containsExactly(CommentType.CUSTOMER_COMMENT);
        assertThat(translator.translate(records.get(2)).comments())
                .extracting(Comment::type).containsExactly(CommentType.CUSTOMER_COMMENT, CommentType.AGENT_COMMENT);
        assertThat(translator.translate(record(1, "body", "  \n ")).comments()).isEmpty();
    }

    @Test
    void attributes_the_customer_message_to_the_agent_when_from_is_not_an_e_mail_address() {
        assertThat(translator.translate(records.get(1)).comments().get(0).authorId())
                .isEqualTo("carlos.ruiz@tiendaandina.co");
        assertThat(translator.translate(records.get(2)).comments().get(0).authorId()).isEqualTo("jmunoz");
        assertThat(translator.translate(record(2, "from", " camila.rojas@mail.com ")).comments().get(0).authorId())
                .isEqualTo("camila.rojas@mail.com");
    }

    @Test
    void dates_the_answer_at_creation_when_the_case_is_not_closed() {
        TranslatedInteraction open = translator.translate(record(1, "answer", "Sí, ¡la tenemos! 😊",
                "comments", "Revisar inventario"));

        assertThat(open.comments()).extracting(Comment::addedAt).containsOnly(
                OffsetDateTime.parse("2026-11-21T11:15:00-05:00"));
    }

    @Test
    void keeps_comment_bodies_exactly_with_line_breaks_emoji_and_english() {
        TranslatedInteraction tweet = translator.translate(records.get(3));

        assertThat(tweet.comments()).extracting(Comment::body).containsExactly(
                "My order arrived damaged. Not happy. @TiendaAndina",
                "Sorry to hear that, Mike! We've sent you a DM to arrange a replacement.",
                "Escalated to logistics (ticket LOG-5521).");
        assertThat(translator.translate(records.get(2)).comments().get(0).body()).isEqualTo("Me encantó el servicio 😍💯");
    }

    @Test
    void refuses_a_record_of_an_unmapped_agent() {
        assertThatThrownBy(() -> translator.translate(records.get(4)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent Pedro Nuevo");
    }

    @Test
    void refuses_a_record_without_an_agent_name() {
        assertThatThrownBy(() -> translator.translate(record(0, "agent_name", "")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent (empty agent_name)");
        Map<String, String> noAgent = record(0);
        noAgent.remove("agent_name");
        assertThatThrownBy(() -> translator.translate(noAgent))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent (empty agent_name)");
    }

    @Test
    void assigns_an_unmapped_agent_to_the_default_assignee() {
        WolkvoxChatTranslator withDefault = new WolkvoxChatTranslator(integration, agents, BOGOTA, "qa.lead@tiendaandina.co");

        TranslatedInteraction invoice = withDefault.translate(records.get(4));

        assertThat(invoice.interaction().assigneeId()).isEqualTo("qa.lead@tiendaandina.co");
        assertThat(invoice.interaction().interactionId()).isEqualTo("wolkvox-chat4-458990");
        assertThat(invoice.comments()).containsExactly(new Comment(
                "Hello,\r\n\r\nPlease find attached invoice #7781 for November.\r\n\r\nBest regards,\r\nAccounts team",
                CommentType.CUSTOMER_COMMENT, "billing@proveedor-andes.com",
                OffsetDateTime.parse("2026-11-22T16:20:00-05:00")));
        assertThat(withDefault.translate(records.get(0)).interaction().assigneeId())
                .isEqualTo("ana.perez@tiendaandina.co");
    }

    @Test
    void hashes_a_long_case_id_into_a_stable_id_of_at_most_68_characters() {
        String longCaseId = "CASE-" + "9".repeat(195);
        assertThat(longCaseId).hasSize(200);

        String id = translator.translate(record(0, "case_id", longCaseId)).interaction().interactionId();

        assertThat(id).hasSizeLessThanOrEqualTo(68).matches("wolkvox-chat4-sha256-[0-9a-f]{40}");
        assertThat(WolkvoxChatTranslator.interactionId(longCaseId)).isEqualTo(id);
        assertThat(WolkvoxChatTranslator.interactionId(longCaseId + "0")).isNotEqualTo(id);
    }

    @Test
    void hashes_a_case_id_with_characters_outside_the_safe_set() {
        assertThat(WolkvoxChatTranslator.interactionId("caso 12/ñ"))
                .matches("wolkvox-chat4-sha256-[0-9a-f]{40}");
        assertThat(WolkvoxChatTranslator.interactionId("Año-1"))
                .matches("wolkvox-chat4-sha256-[0-9a-f]{40}");
        assertThat(WolkvoxChatTranslator.interactionId("abc.DEF_1-2")).isEqualTo("wolkvox-chat4-abc.DEF_1-2");
    }

    @Test
    void keeps_a_case_id_that_just_fits_and_hashes_one_character_more() {
        assertThat(WolkvoxChatTranslator.interactionId("7".repeat(54))).isEqualTo("wolkvox-chat4-" + "7".repeat(54));
        assertThat(WolkvoxChatTranslator.interactionId("7".repeat(55))).startsWith("wolkvox-chat4-sha256-");
    }

    @Test
    void hashes_the_utf_8_bytes_with_sha_256() {
        // printf 'abc ' | sha256sum  ->  5488613c42b0d34d60f7aa9e94be317a3ee102a2bbd91ccc73cc79fbc2269955
        assertThat(WolkvoxChatTranslator.interactionId("abc "))
                .isEqualTo("wolkvox-chat4-sha256-5488613c42b0d34d60f7aa9e94be317a3ee102a2");
    }

    @Test
    void refuses_a_record_without_case_id() {
        assertThatThrownBy(() -> translator.translate(record(0, "case_id", " ")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing case_id");
    }

    @Test
    void refuses_an_impossible_date_naming_the_field() {
        assertThatThrownBy(() -> translator.translate(record(0, "date_creation", "2026-02-30 10:00:00")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field date_creation: '2026-02-30 10:00:00' is not a valid date-time (yyyy-MM-dd HH:mm:ss)");
        assertThatThrownBy(() -> translator.translate(record(0, "close_date", "2026-11-31 10:00:00")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("field close_date: '2026-11-31 10:00:00'");
    }

    @Test
    void refuses_a_record_missing_a_required_field() {
        assertThatThrownBy(() -> translator.translate(record(0, "channel", "")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing required field channel (chat_4 channel)");
        assertThatThrownBy(() -> translator.translate(record(0, "date_creation", "")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing required field date_creation (chat_4 date_creation)");
    }

    @Test
    void refuses_a_value_that_does_not_fit_its_field() {
        assertThatThrownBy(() -> translator.translate(record(0, "channel", "whatsapp")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field channel: 'whatsapp' is not one of [Email, facebook_page, instagram, twitter]");
        assertThatThrownBy(() -> translator.translate(record(0, "evaluation_survey", "abc")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field evaluation_survey: 'abc' is not an integer");
    }
}
