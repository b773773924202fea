package io.playvoxbridge.source.wolkvox;

import static io.playvoxbridge.source.wolkvox.WolkvoxFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wolkvox chats (chat_1) with their messages (chat_2), from recorded responses, into interactions and comments. */
class WolkvoxConversationTranslatorTest {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    static final String PREFIX = WolkvoxConversationTranslator.PERSONAL_DATA_PREFIX;
    static final String ANA = "ana.perez@tiendaandina.co";

    static IntegrationDefinition integration;
    static AgentDirectory agents;
    static List<WolkvoxConversation> conversations;
    static WolkvoxConversationTranslator translator;

    @BeforeAll
    static void readFixtures() {
        integration = IntegrationDefinitionLoader.load("integrations/wolkvox-conversations.yaml");
        agents = AgentDirectory.load("classpath:fixtures/wolkvox/agents-by-key.csv");
        conversations = WolkvoxConversationJoin.join(WolkvoxFixtures.records("chat_1-response.json"),
                WolkvoxFixtures.records("chat_2-response.json")).conversations();
        assertThat(conversations).hasSize(4);
        translator = translator(Map.of(), null);
    }

    static WolkvoxConversationTranslator translator(Map<String, String> settings, String defaultAssignee) {
        return new WolkvoxConversationTranslator(integration, agents, BOGOTA, defaultAssignee,
                PersonalDataPolicy.fromSettings(PREFIX, WolkvoxConversationTranslator.PERSONAL_DATA_DEFAULTS, settings));
    }

    static WolkvoxConversation conversation(int index, String... chatKeyValues) {
        WolkvoxConversation c = conversations.get(index);
        return new WolkvoxConversation(with(c.chat(), chatKeyValues), c.messages());
    }

    static WolkvoxConversation withMessage(int index, int message, String... keyValues) {
        WolkvoxConversation c = conversations.get(index);
        List<Map<String, String>> messages = new ArrayList<>(c.messages());
        messages.set(message, with(messages.get(message), keyValues));
        return new WolkvoxConversation(c.chat(), messages);
    }

    static OffsetDateTime at(String localBogota) {
        return OffsetDateTime.parse(localBogota.replace(' ', 'T') + "-05:00");
    }

    @Test
    void loads_the_integration_file() {
        assertThat(integration.name()).isEqualTo("wolkvox-conversations");
        assertThat(integration.field("chat_date")).get().matches(f -> f.required() && f.source().equals("date"));
    }

    @Test
    void derives_the_interaction_id_from_conn_id_and_finds_the_agent_by_id_then_name() {
        assertThat(conversations.subList(0, 3)).extracting(c -> translator.translate(c).interaction())
                .extracting(i -> i.interactionId() + " " + i.assigneeId())
                .containsExactly("wolkvox-chat1-7001234 " + ANA, "wolkvox-chat1-7001240 jmunoz",
                        "wolkvox-chat1-7001311 mary.oconnor@tiendaandina.co");
    }

    @Test
    void types_the_metadata_in_the_order_of_the_integration_file() {
        Map<String, Object> metadata = translator.translate(conversations.get(0)).interaction().metadata();

        assertThat(metadata).containsExactly(
                Map.entry("chat_date", "2026-11-21T09:30:05-05:00"),
                Map.entry("conn_id", "7001234"),
                Map.entry("channel", "whatsapp"),
                Map.entry("agent_id", "1001"),
                Map.entry("agent_name", "Ana Pérez"),
                Map.entry("skill_id", "8"),
                Map.entry("customer_name", "Laura Gómez"),
                Map.entry("customer_email", "laura.gomez@correo.com.co"),
                Map.entry("customer_phone", "573001234567"),
                Map.entry("customer_id", "1032456789"),
                Map.entry("customer_chars", 182L),
                Map.entry("agent_chars", 240L),
                Map.entry("time_on_agent", "00:06:10"),
                Map.entry("chat_duration", 412L),
                Map.entry("cod_act", "102"),
                Map.entry("cod_description", "Estado de envío"),
                Map.entry("asa", "00:00:35"),
                Map.entry("last_participant", "AGENT"));
    }

    @Test
    void writes_the_messages_as_comments_in_date_order_with_bot_messages_as_internal_notes() {
        TranslatedInteraction chat = translator.translate(conversations.get(0));

        assertThat(chat.comments()).containsExactly(
                new Comment("[chat bot] ¡Hola! Soy el asistente virtual de Tienda Andina. ¿En qué te puedo ayudar?"
                        + " 1. Pedidos 2. Pagos", CommentType.INTERNAL_NOTE, ANA, at("2026-11-21 09:30:05")),
                new Comment("[to chat bot] 1", CommentType.INTERNAL_NOTE, ANA, at("2026-11-21 09:30:20")),
                new Comment("Mi pedido #A-2231 no ha llegado 😟", CommentType.CUSTOMER_COMMENT,
                        "laura.gomez@correo.com.co", at("2026-11-21 09:31:10")),
                new Comment("Hola Laura, soy Ana. Ya reviso tu pedido.", CommentType.AGENT_COMMENT, ANA,
                        at("2026-11-21 09:31:10")),
                new Comment("Tu pedido sale hoy en la tarde.\nNúmero de guía: <b>TA-99812</b> 🚚",
                        CommentType.AGENT_COMMENT, ANA, at("2026-11-21 09:36:15")),
                new Comment("¡Gracias! 😊", CommentType.CUSTOMER_COMMENT, "laura.gomez@correo.com.co",
                        at("2026-11-21 09:37:02")),
                new Comment("Cliente VIP: ofrecer envío gratis en la próxima compra.", CommentType.INTERNAL_NOTE, ANA,
                        at("2026-11-21 09:37:02")));
    }

    @Test
    void skips_blank_messages_and_attributes_the_customer_to_the_agent_without_an_e_mail_address() {
        TranslatedInteraction chat = translator.translate(conversations.get(1));

        assertThat(chat.comments()).extracting(Comment::type, Comment::authorId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CommentType.CUSTOMER_COMMENT, "jmunoz"),
                org.assertj.core.groups.Tuple.tuple(CommentType.AGENT_COMMENT, "jmunoz"));
    }

    @Test
    void makes_an_interaction_without_comments_of_a_chat_without_messages() {
        TranslatedInteraction chat = translator.translate(conversations.get(2));

        assertThat(chat.comments()).isEmpty();
        assertThat(chat.interaction().metadata()).containsEntry("customer_chars", 0L)
                .doesNotContainKeys("cod_act", "last_participant", "customer_phone");
    }

    @Test
    void dates_the_agent_note_of_a_chat_without_messages_at_the_chat_date() {
        TranslatedInteraction chat = translator.translate(conversation(2, "comments", "Sin respuesta del cliente"));

        assertThat(chat.comments()).containsExactly(new Comment("Sin respuesta del cliente", CommentType.INTERNAL_NOTE,
                "mary.oconnor@tiendaandina.co", at("2026-11-22 08:00:00")));
    }

    @Test
    void recognises_the_chat_bot_written_with_an_underscore_or_capitals() {
        assertThat(WolkvoxConversationTranslator.isChatBot("chat_bot")).isTrue();
        assertThat(WolkvoxConversationTranslator.isChatBot(" Chat Bot ")).isTrue();
        assertThat(WolkvoxConversationTranslator.isChatBot("chatbot Ana")).isFalse();
        assertThat(WolkvoxConversationTranslator.isChatBot(null)).isFalse();
        assertThat(translator.translate(withMessage(0, 1, "to_name", "CHAT_BOT")).comments().get(1).body())
                .isEqualTo("[to chat bot] 1");
    }

    @Test
    void masks_or_drops_the_customer_data_when_configured_and_then_never_uses_the_e_mail_as_author() {
        WolkvoxConversationTranslator masking = translator(Map.of(PREFIX + "customer_email", "mask",
                PREFIX + "customer_phone", "drop"), null);

        TranslatedInteraction chat = masking.translate(conversations.get(0));

        assertThat(chat.interaction().metadata()).containsEntry("customer_email", "*********************m.co")
                .doesNotContainKey("customer_phone").containsEntry("customer_name", "Laura Gómez");
        assertThat(chat.comments()).filteredOn(c -> c.type() == CommentType.CUSTOMER_COMMENT)
                .extracting(Comment::authorId).containsOnly(ANA);
    }

    @Test
    void refuses_an_unmapped_agent() {
        assertThatThrownBy(() -> translator.translate(conversations.get(3)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent (agent_id 2099, agent_name Pedro Nuevo)");
        assertThat(translator(Map.of(), "qa.lead@tiendaandina.co").translate(conversations.get(3)).comments())
                .extracting(Comment::authorId)
                .containsExactly("andrea.salazar@correo.com.co", "qa.lead@tiendaandina.co");
    }

    @Test
    void refuses_a_message_from_neither_agent_nor_customer() {
        assertThatThrownBy(() -> translator.translate(withMessage(0, 3, "from", "SYSTEM")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("chat_2 message 4 of conn_id 7001234: from 'SYSTEM' is not AGENT or CUSTOMER");
    }

    @Test
    void refuses_a_message_with_an_impossible_date() {
        assertThatThrownBy(() -> translator.translate(withMessage(0, 2, "date", "2026-02-30 09:31:10")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("chat_2 message 3 of conn_id 7001234: field date: '2026-02-30 09:31:10' is not a valid"
                        + " date-time (yyyy-MM-dd HH:mm:ss)");
    }

    @Test
    void refuses_a_chat_without_conn_id_or_date_or_with_a_bad_number() {
        assertThatThrownBy(() -> translator.translate(conversation(0, "conn_id", "")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("missing conn_id");
        assertThatThrownBy(() -> translator.translate(conversation(0, "date", null)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing required field chat_date (chat_1 date)");
        assertThatThrownBy(() -> translator.translate(conversation(0, "chat_duration", "6m 52s")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field chat_duration: '6m 52s' is not an integer");
    }
}
