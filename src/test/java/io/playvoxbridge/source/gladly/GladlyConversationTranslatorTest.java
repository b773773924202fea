package io.playvoxbridge.source.gladly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Closed Gladly conversations, from recorded events, items and agents, into Playvox interactions and comments. */
class GladlyConversationTranslatorTest {

    static final String CHAT = "9BcE2O0DQ2ynGHRmk9FeoA";
    static final String EMAIL = "HXRqKC5GSV-jAlq0-sxYTA";
    static final String SMS = "UMTZxwzJRyejwOj4NDfjeg";
    static final String PHONE = "pOVVdzweSumI4bFxjlT8LA";
    static final ObjectMapper JSON = new ObjectMapper();

    static IntegrationDefinition integration;
    static AgentDirectory directory;
    static GladlyAgents agents;
    static List<GladlyConversationEvent> closes;
    static GladlyConversationTranslator translator;

    @BeforeAll
    static void readFixtures() throws IOException {
        integration = IntegrationDefinitionLoader.load("integrations/gladly-conversations.yaml");
        directory = AgentDirectory.load("classpath:fixtures/gladly/agents.csv");
        agents = GladlyAgents.of(GladlyAgentsTest.recordedAgents());
        GladlyClosedConversations window = new GladlyClosedConversations();
        GladlyClosedConversationsTest.recordedEvents().forEach(window::accept);
        closes = window.closed();
        translator = new GladlyConversationTranslator(integration, directory, agents, null);
    }

    static GladlyConversationEvent close(String conversation) {
        return closes.stream().filter(e -> e.conversationId().equals(conversation)).findFirst().orElseThrow();
    }

    static JsonNode items(String conversation) throws IOException {
        try (InputStream in = GladlyConversationTranslatorTest.class
                .getResourceAsStream("/fixtures/gladly/items-" + conversation + ".json")) {
            return JSON.readTree(in);
        }
    }

    static TranslatedInteraction translate(String conversation) throws IOException {
        return translator.translate(close(conversation), items(conversation), false);
    }

    @Test
    void the_integration_file_loads_and_every_source_is_a_gladly_field() {
        assertThat(integration.name()).isEqualTo("gladly-conversations");
        assertThat(integration.metadata()).extracting(f -> f.source())
                .allMatch(GladlyConversationTranslator.SOURCE_FIELDS::contains);
        assertThat(integration.field("closed_at")).hasValueSatisfying(f -> assertThat(f.required()).isTrue());
    }

    @Test
    void derives_one_interaction_id_per_conversation() throws IOException {
        assertThat(translate(CHAT).interaction().interactionId()).isEqualTo("gladly-conv-9BcE2O0DQ2ynGHRmk9FeoA");
        assertThat(GladlyConversationTranslator.interactionId("a/b")).startsWith("gladly-conv-sha256-").hasSize(59);
        assertThat(GladlyConversationTranslator.interactionId("x".repeat(57))).startsWith("gladly-conv-sha256-");
        assertThat(GladlyConversationTranslator.interactionId("x".repeat(56))).hasSize(68).startsWith("gladly-conv-xx");
        assertThatThrownBy(() -> GladlyConversationTranslator.interactionId(" "))
                .isInstanceOf(InvalidRecordException.class).hasMessage("missing conversationId");
    }

    @Test
    void a_reclosed_conversation_keeps_the_interaction_id_of_its_first_close() throws IOException {
        GladlyConversationEvent firstClose = GladlyClosedConversationsTest.recordedEvents().stream()
                .filter(e -> e.id().equals("Y2xvc2VkRXZlbnQtQi0wMDE")).findFirst().orElseThrow();

        TranslatedInteraction first = translator.translate(firstClose, items(EMAIL), false);
        TranslatedInteraction last = translate(EMAIL);

        assertThat(first.interaction().interactionId()).isEqualTo(last.interaction().interactionId())
                .isEqualTo("gladly-conv-HXRqKC5GSV-jAlq0-sxYTA");
        assertThat(first.comments()).hasSize(2);
        assertThat(last.comments()).hasSize(5);
        assertThat(first.interaction().metadata()).containsEntry("times_closed", 1L);
        assertThat(last.interaction().metadata()).containsEntry("times_closed", 2L);
    }

    @Test
    void assigns_the_gladly_email_of_the_agent_unless_the_directory_names_another_user() throws IOException {
        assertThat(translate(CHAT).interaction().assigneeId()).as("e-mail from GET /api/v1/agents")
                .isEqualTo("amy.agent@company.com");
        assertThat(translate(EMAIL).interaction().assigneeId()).as("directory row by agent id").isEqualTo("mjnunez");
        assertThat(translate(SMS).interaction().assigneeId()).as("directory row by Gladly e-mail; the agent of the "
                + "last agent item, the close having none").isEqualTo("cruiz");
    }

    @Test
    void types_the_metadata_in_the_order_of_the_integration_file() throws IOException {
        assertThat(translate(CHAT).interaction().metadata()).containsExactly(
                entry("conversation_id", CHAT),
                entry("closed_at", "2026-11-21T14:12:55.87Z"),
                entry("started_at", "2026-11-21T14:02:10.41Z"),
                entry("channel", "CHAT"),
                entry("agent_name", "Amy Agent"),
                entry("agent_id", "WmeA3Y51Q5ayCAaZ1AotIA"),
                entry("inbox_id", "E1nArq1uQAees_DogHB0MA"),
                entry("customer_id", "OOrlNMXeS72gs_WEX2TtMg"),
                entry("closed_by", "AGENT"),
                entry("message_count", 3L),
                entry("customer_messages", 1L),
                entry("agent_messages", 1L),
                entry("note_count", 1L),
                entry("times_closed", 1L),
                entry("topic_ids", "uu4t00vITaKQ3bVjU2UrGQ,Z_Oto7j-Sy2DlQdnZBDdDw"),
                entry("items_limited", false));
    }

    @Test
    void keeps_the_offset_of_a_close_sent_in_another_zone() {
        GladlyConversationEvent close = new GladlyConversationEvent("e", GladlyConversationEvent.CLOSED,
                OffsetDateTime.parse("2026-11-21T15:40:00.000-05:00"), "IBBcbj2ARXWwvUGV_LbfEQ", null, "AGENT",
                "WmeA3Y51Q5ayCAaZ1AotIA", "WmeA3Y51Q5ayCAaZ1AotIA", null, "{}");

        TranslatedInteraction t = translator.translate(close, JSON.createArrayNode(), true);

        assertThat(t.interaction().metadata()).containsEntry("closed_at", "2026-11-21T15:40:00-05:00")
                .containsEntry("items_limited", true).containsEntry("message_count", 0L)
                .doesNotContainKeys("started_at", "channel", "topic_ids", "inbox_id");
        assertThat(t.comments()).isEmpty();
    }

    @Test
    void turns_chat_messages_and_notes_into_comments_in_time_order_up_to_the_close() throws IOException {
        List<Comment> comments = translate(CHAT).comments();

        assertThat(comments).extracting(Comment::type).containsExactly(CommentType.CUSTOMER_COMMENT,
                CommentType.INTERNAL_NOTE, CommentType.AGENT_COMMENT, CommentType.INTERNAL_NOTE);
        assertThat(comments).extracting(Comment::body).containsExactly(
                "Hola 👋 ¿me ayudan a cambiar la dirección de envío del pedido #48213?",
                "¿Sobre qué es tu consulta?",
                "¡Claro! Ya actualicé la dirección a <b>Calle 45 # 12-30</b>. ¿Algo más? 😊",
                "Cliente pidió cambio de dirección; verificado con logística.");
        assertThat(comments).extracting(Comment::authorId).containsOnly("amy.agent@company.com");
        assertThat(comments.get(0).addedAt()).isEqualTo(OffsetDateTime.parse("2026-11-21T14:02:10.41Z"));
        assertThat(comments).extracting(Comment::body).noneMatch(b -> b.contains("cuándo llega"));
    }

    @Test
    void attributes_emails_to_their_senders_and_to_the_agents_playvox_user() throws IOException {
        List<Comment> comments = translate(EMAIL).comments();

        assertThat(comments).extracting(Comment::type).containsExactly(CommentType.CUSTOMER_COMMENT,
                CommentType.AGENT_COMMENT, CommentType.CUSTOMER_COMMENT, CommentType.CUSTOMER_COMMENT,
                CommentType.AGENT_COMMENT);
        assertThat(comments).extracting(Comment::authorId).containsExactly("martha.williams@gmail.com", "mjnunez",
                "martha.williams@gmail.com", "accounts@marthas-shop.example", "mjnunez");
        assertThat(translate(EMAIL).interaction().metadata()).containsEntry("subject", "Damaged order #77102")
                .containsEntry("channel", "EMAIL").containsEntry("customer_messages", 3L)
                .containsEntry("agent_messages", 2L);
    }

    @Test
    void skips_empty_messages_and_items_that_are_not_messages() throws IOException {
        TranslatedInteraction sms = translate(SMS);

        assertThat(sms.comments()).extracting(Comment::body).containsExactly(
                "I haven't received my order yet. Can you check on the status?", "It ships tomorrow 🚚");
        assertThat(sms.comments()).extracting(Comment::authorId).containsOnly("cruiz");
        assertThat(sms.interaction().metadata()).containsEntry("channel", "SMS").containsEntry("message_count", 3L)
                .containsEntry("agent_name", "Carlos Ruiz").containsEntry("agent_id", "sHuXx-U3QqOmhvFusJGeBw")
                .containsEntry("inbox_id", "vZgCEQlDR6aQz_0HeWZ9_Q");
    }

    @Test
    void refuses_a_conversation_whose_agent_gladly_no_longer_lists() throws IOException {
        assertThatThrownBy(() -> translate(PHONE)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("unmapped agent dEaCtIvAtEdAgEnT000001 (not in GET /api/v1/agents nor in the agent directory)");
    }

    @Test
    void gives_an_unmapped_conversation_to_the_default_assignee_with_the_call_summary_as_a_note() throws IOException {
        GladlyConversationTranslator withDefault = new GladlyConversationTranslator(integration, directory, agents,
                " qa.lead@company.com ");

        TranslatedInteraction phone = withDefault.translate(close(PHONE), items(PHONE), false);

        assertThat(phone.interaction().assigneeId()).isEqualTo("qa.lead@company.com");
        assertThat(phone.comments()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(CommentType.INTERNAL_NOTE);
            assertThat(c.body()).startsWith("The customer calls to exchange an item.");
            assertThat(c.authorId()).isEqualTo("qa.lead@company.com");
        });
        assertThat(phone.interaction().metadata()).containsEntry("channel", "VOICE")
                .containsEntry("closed_by", "AUTOMATION").doesNotContainKey("agent_name");
    }

    @Test
    void refuses_a_conversation_closed_without_any_agent() {
        GladlyConversationEvent close = new GladlyConversationEvent("e", GladlyConversationEvent.CLOSED,
                OffsetDateTime.parse("2026-11-21T15:00:00Z"), "noAgent", null, "AUTOMATION", "rule", null, "inbox", "{}");

        assertThatThrownBy(() -> translator.translate(close, JSON.createArrayNode(), false))
                .isInstanceOf(InvalidRecordException.class).hasMessage("conversation noAgent closed without an agent");
    }

    @Test
    void refuses_items_that_are_not_an_array_of_timestamped_objects() throws IOException {
        GladlyConversationEvent close = close(CHAT);
        ArrayNode missing = (ArrayNode) items(CHAT);
        ((ObjectNode) missing.get(2)).remove("timestamp");
        ArrayNode bad = (ArrayNode) items(CHAT);
        ((ObjectNode) bad.get(2)).put("timestamp", "yesterday");

        assertThatThrownBy(() -> translator.translate(close, JSON.readTree("{\"errors\":[]}"), false))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("items of conversation 9BcE2O0DQ2ynGHRmk9FeoA: expected a JSON array");
        assertThatThrownBy(() -> translator.translate(close, JSON.readTree("[1]"), false))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("items of conversation 9BcE2O0DQ2ynGHRmk9FeoA: element 0 is not a JSON object");
        assertThatThrownBy(() -> translator.translate(close, missing, false))
                .isInstanceOf(InvalidRecordException.class).hasMessage("item 9lQDrx-HTz-JMoP2T4CtZA: missing timestamp");
        assertThatThrownBy(() -> translator.translate(close, bad, false))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("item 9lQDrx-HTz-JMoP2T4CtZA: timestamp 'yesterday' is not an ISO-8601 date-time with an offset");
    }

    @Test
    void sorts_items_sent_out_of_order_by_timestamp() throws IOException {
        ArrayNode reversed = JSON.createArrayNode();
        JsonNode items = items(CHAT);
        for (int i = items.size() - 1; i >= 0; i--) {
            reversed.add(items.get(i));
        }

        assertThat(translator.translate(close(CHAT), reversed, false).comments())
                .isEqualTo(translate(CHAT).comments());
    }

    @Test
    void refuses_a_conversation_without_a_required_value_or_with_a_value_outside_a_list() throws IOException {
        GladlyConversationTranslator subjectRequired = new GladlyConversationTranslator(
                IntegrationDefinitionLoader.load("classpath:fixtures/gladly/integration-subject-required.yaml"),
                directory, agents, null);
        GladlyConversationTranslator emailOnly = new GladlyConversationTranslator(
                IntegrationDefinitionLoader.load("classpath:fixtures/gladly/integration-channel-email-only.yaml"),
                directory, agents, null);

        assertThatThrownBy(() -> subjectRequired.translate(close(CHAT), items(CHAT), false))
                .isInstanceOf(InvalidRecordException.class).hasMessage("missing required field subject (gladly subject)");
        assertThat(subjectRequired.translate(close(EMAIL), items(EMAIL), false).interaction().metadata())
                .containsEntry("subject", "Damaged order #77102");
        assertThatThrownBy(() -> emailOnly.translate(close(CHAT), items(CHAT), false))
                .isInstanceOf(InvalidRecordException.class).hasMessage("field channel: 'CHAT' is not one of [EMAIL]");
    }

    @Test
    void refuses_an_integration_whose_source_a_conversation_does_not_have() {
        IntegrationDefinition wrong =
                IntegrationDefinitionLoader.load("classpath:fixtures/gladly/integration-unknown-source.yaml");

        assertThatThrownBy(() -> new GladlyConversationTranslator(wrong, directory, agents, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field closed_at has source 'date_creation'");
    }

    @Test
    void custom_channel_messages_use_their_text_or_caption() throws IOException {
        ArrayNode items = (ArrayNode) JSON.readTree("""
                [{"id":"c1","timestamp":"2026-11-21T14:00:00Z","initiator":{"id":"cust","type":"CUSTOMER"},
                  "content":{"type":"CUSTOM_CHANNEL_MESSAGE","customChannelId":"cc","companyAddress":"a",
                             "customerAddress":"b","sessionId":"s","content":{"text":"hola desde el canal"},
                             "status":{"value":"DELIVERED"}}},
                 {"id":"c2","timestamp":"2026-11-21T14:01:00Z","initiator":{"id":"WmeA3Y51Q5ayCAaZ1AotIA","type":"AGENT"},
                  "content":{"type":"CUSTOM_CHANNEL_MESSAGE","content":{"caption":"factura adjunta",
                             "files":[{"url":"https://files.example/f.pdf"}]}}},
                 {"id":"c3","timestamp":"2026-11-21T14:02:00Z","initiator":{"id":"WmeA3Y51Q5ayCAaZ1AotIA","type":"AGENT"},
                  "content":{"type":"CUSTOM_CHANNEL_MESSAGE","content":{"files":[{"url":"https://files.example/g.png"}]}}},
                 {"id":"c4","timestamp":"2026-11-21T14:03:00Z","initiator":{"id":"x","type":"AGENT"},
                  "content":{"type":"FUTURE_ITEM_TYPE","content":"not a known item"}}]
                """);

        TranslatedInteraction t = translator.translate(close(CHAT), items, false);

        assertThat(t.comments()).extracting(Comment::body).containsExactly("hola desde el canal", "factura adjunta");
        assertThat(t.comments()).extracting(Comment::type)
                .containsExactly(CommentType.CUSTOMER_COMMENT, CommentType.AGENT_COMMENT);
        assertThat(t.interaction().metadata()).containsEntry("channel", "CUSTOM_CHANNEL");
    }
}
