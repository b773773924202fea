package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Five9 digital-report rows, from a recorded getReportResultCsv answer, into Playvox interactions and comments. */
class Five9DigitalTranslatorTest {

    static IntegrationDefinition integration;
    static AgentDirectory agents;
    static List<Map<String, String>> rows;
    static Five9DigitalTranslator translator;

    @BeforeAll
    static void readFixtures() throws IOException {
        integration = IntegrationDefinitionLoader.load("integrations/five9-digital.yaml");
        agents = AgentDirectory.load("classpath:fixtures/five9/agents.csv");
        rows = Five9Fixtures.rows("getReportResultCsv-digital.xml", Five9Report.DIGITAL, Five9Fixtures.DIGITAL_RANGE);
        assertThat(rows).hasSize(4);
        translator = new Five9DigitalTranslator(integration, agents, Five9ReportTimes.PACIFIC, null);
    }

    static Map<String, String> row(int index, String... keyValues) {
        return Five9Fixtures.with(rows.get(index), keyValues);
    }

    @Test
    void derives_the_interaction_id_from_the_session_id_and_assigns_the_agent() {
        TranslatedInteraction chat = translator.translate(rows.get(0));

        assertThat(chat.interaction().interactionId()).isEqualTo("five9-digital-8C1F6A2B4D3E5F60000000000000002A");
        assertThat(chat.interaction().assigneeId()).isEqualTo("maria.rodriguez@tiendaandina.co");
    }

    @Test
    void types_the_metadata_in_the_order_of_the_integration_file() {
        assertThat(translator.translate(rows.get(1)).interaction().metadata()).containsExactly(
                Map.entry("session_id", "8C1F6A2B4D3E5F60000000000000002B"),
                Map.entry("session_timestamp", "2026-03-08T03:00:05-07:00"),
                Map.entry("media_type", "Email"),
                Map.entry("campaign", "Digital Care"),
                Map.entry("skill", "Email_EN"),
                Map.entry("agent_username", "joneil"),
                Map.entry("agent_name", "John O'Neil"),
                Map.entry("disposition", "Pending Customer"),
                Map.entry("customer_name", "Emily Carter"),
                Map.entry("customer_contact", "emily.carter@outlook.com"),
                Map.entry("subject", "Refund request, order #10422 <urgent> & more"),
                Map.entry("queue_wait_seconds", 130L),
                Map.entry("handle_seconds", 480L),
                Map.entry("messages", 3L),
                Map.entry("transfers", 0L));
    }

    @Test
    void writes_the_first_customer_message_and_the_notes_as_comments_in_that_order() {
        TranslatedInteraction chat = translator.translate(rows.get(0));

        assertThat(chat.comments()).containsExactly(
                new Comment("Hola, compré unos audífonos hace una semana y aún no llegan. ¿Me ayudan? 🙏",
                        CommentType.CUSTOMER_COMMENT, "sofia.hernandez@gmail.com",
                        OffsetDateTime.parse("2026-03-08T01:59:30-08:00")),
                new Comment("Cliente satisfecho 👍", CommentType.INTERNAL_NOTE, "maria.rodriguez@tiendaandina.co",
                        OffsetDateTime.parse("2026-03-08T03:12:00-07:00")));
    }

    @Test
    void keeps_a_multi_line_message_exactly_and_skips_empty_notes() {
        TranslatedInteraction email = translator.translate(rows.get(1));

        assertThat(email.comments()).singleElement().satisfies(c -> {
            assertThat(c.body()).isEqualTo("Hi,\r\nI was charged twice for order #10422 😕\r\nPlease refund one of the "
                    + "\"charges\".");
            assertThat(c.type()).isEqualTo(CommentType.CUSTOMER_COMMENT);
            assertThat(c.authorId()).isEqualTo("emily.carter@outlook.com");
        });
    }

    @Test
    void attributes_the_customer_message_to_the_agent_when_the_contact_is_not_an_e_mail_address() {
        TranslatedInteraction sms = translator.translate(rows.get(2));

        assertThat(sms.comments()).extracting(Comment::authorId)
                .containsExactly("valentina.nunez@tiendaandina.co", "valentina.nunez@tiendaandina.co");
        assertThat(sms.comments().get(1).addedAt()).isEqualTo(OffsetDateTime.parse("2026-03-08T03:25:00-07:00"));
    }

    @Test
    void refuses_a_session_at_a_time_of_the_skipped_hour() {
        assertThatThrownBy(() -> translator.translate(rows.get(3)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field session_timestamp: 'Sun, 08 Mar 2026 02:30:00' does not exist in the report's zone "
                        + "(the hour skipped when daylight saving starts)");
    }

    @Test
    void refuses_a_session_without_id_media_type_or_mapped_agent() {
        assertThatThrownBy(() -> translator.translate(row(0, "SESSION ID", "")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("missing SESSION ID");
        assertThatThrownBy(() -> translator.translate(row(0, "MEDIA TYPE", "")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("missing required field media_type (Digital Interaction Log column MEDIA TYPE)");
        assertThatThrownBy(() -> translator.translate(row(0, "AGENT", "sortiz", "AGENT NAME", "Sebastián Ortiz")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("unmapped agent sortiz (Sebastián Ortiz)");
        assertThatThrownBy(() -> translator.translate(row(0, "MESSAGES", "n/a")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("field messages: 'n/a' is not an integer");
    }

    @Test
    void dates_the_notes_at_the_start_when_the_handle_time_is_unknown() {
        TranslatedInteraction chat = translator.translate(row(0, "HANDLE TIME", ""));

        assertThat(chat.comments().get(1).addedAt()).isEqualTo(OffsetDateTime.parse("2026-03-08T01:59:30-08:00"));
        assertThat(chat.interaction().metadata()).doesNotContainKey("handle_seconds");
    }
}
