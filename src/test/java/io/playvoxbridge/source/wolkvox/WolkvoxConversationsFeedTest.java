package io.playvoxbridge.source.wolkvox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The conversations feed's own steps: the chat_2 query past the window, the join into one record per chat, what a dead letter stores. */
class WolkvoxConversationsFeedTest {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    static final ObjectMapper JSON = new ObjectMapper();

    static WolkvoxConversationsFeed feed(Map<String, PersonalDataPolicy.Rule> rules) {
        IntegrationDefinition integration = IntegrationDefinitionLoader.load("integrations/wolkvox-conversations.yaml");
        AgentDirectory agents = AgentDirectory.load("classpath:fixtures/wolkvox/agents-by-key.csv");
        Map<String, PersonalDataPolicy.Rule> all = new LinkedHashMap<>(WolkvoxConversationTranslator.PERSONAL_DATA_DEFAULTS);
        all.putAll(rules);
        PersonalDataPolicy policy = PersonalDataPolicy.of(all);
        WolkvoxConversationTranslator translator = new WolkvoxConversationTranslator(integration, agents, BOGOTA,
                "qa.lead@acme.com", policy);
        return new WolkvoxConversationsFeed(null, integration, translator, policy, new WolkvoxEnvelopeReader(JSON),
                Duration.ofMinutes(45), null, null, null, Duration.ofSeconds(1), JSON);
    }

    static Map<String, String> chat(String connId) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("conn_id", connId);
        c.put("date", "2026-11-21 09:00:00");
        c.put("agent_id", "12");
        c.put("agent_name", "Ana");
        c.put("customer_email", "cliente@example.com");
        c.put("customer_phone", "3001234567");
        return c;
    }

    static Map<String, String> message(String connId, String date, String from, String text) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("conn_id", connId);
        m.put("from", from);
        m.put("from_name", from.equals("AGENT") ? "Ana" : "Cliente");
        m.put("to_name", from.equals("AGENT") ? "Cliente" : "Ana");
        m.put("date", date);
        m.put("message", text);
        m.put("customer_id", "1098765432");
        return m;
    }

    static Path answer(List<Map<String, String>> records) throws Exception {
        Path file = Files.createTempFile("chat2-", ".json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("code", 200, "data", records)));
        return file;
    }

    @Test
    void asks_chat_2_past_the_window_by_the_longest_chat() {
        FeedWindow w = new FeedWindow("wolkvox-conversations", Instant.parse("2026-11-21T14:00:00Z"),
                Instant.parse("2026-11-21T14:05:00Z"), BOGOTA);
        assertThat(feed(Map.of()).messagesQuery(w)).isEqualTo("api=chat_2&date_ini=20261121090000&date_end=20261121095000");
        assertThat(feed(Map.of()).query(w)).isEqualTo("api=chat_1&date_ini=20261121090000&date_end=20261121090500");
    }

    @Test
    void joins_each_chat_with_its_messages_in_date_order_and_drops_messages_of_other_chats() throws Exception {
        WolkvoxConversationsFeed feed = feed(Map.of());
        List<Map<String, String>> records = feed.conversations(answer(List.of(
                message("7", "2026-11-21 09:02:00", "AGENT", "second"),
                message("6", "2026-11-21 09:00:30", "CUSTOMER", "of an earlier chat"),
                message("7", "2026-11-21 09:01:00", "CUSTOMER", "first"))), List.of(chat("7"), chat("8")));
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get(WolkvoxConversationsFeed.MESSAGES_KEY)).contains("first").contains("second")
                .doesNotContain("earlier");
        assertThat(records.get(0).get(WolkvoxConversationsFeed.MESSAGES_KEY).indexOf("first"))
                .isLessThan(records.get(0).get(WolkvoxConversationsFeed.MESSAGES_KEY).indexOf("second"));
        assertThat(records.get(1).get(WolkvoxConversationsFeed.MESSAGES_KEY)).isEqualTo("[]");

        FeedWindow w = new FeedWindow("wolkvox-conversations", Instant.parse("2026-11-21T14:00:00Z"),
                Instant.parse("2026-11-21T14:05:00Z"), BOGOTA);
        CamelContext camel = new DefaultCamelContext();
        FeedRecord r = feed.translate(records.get(0), w, new DefaultExchange(camel));
        assertThat(r.interactionId()).isEqualTo("wolkvox-chat1-7");
        assertThat(r.comments()).extracting(c -> c.body()).containsExactly("first", "second");
    }

    @Test
    void a_dead_letter_stores_the_chat_and_its_messages_as_the_rules_send_them() throws Exception {
        WolkvoxConversationsFeed feed = feed(Map.of("customer_phone", PersonalDataPolicy.Rule.MASK,
                "customer_id", PersonalDataPolicy.Rule.DROP));
        Map<String, String> record = feed.conversations(answer(List.of(
                message("7", "2026-11-21 09:01:00", "SYSTEM", "not a sender"))), List.of(chat("7"))).get(0);
        FeedWindow w = new FeedWindow("wolkvox-conversations", Instant.parse("2026-11-21T14:00:00Z"),
                Instant.parse("2026-11-21T14:05:00Z"), BOGOTA);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> feed.translate(record, w, exchange))
                .hasMessageContaining("from 'SYSTEM' is not AGENT or CUSTOMER");
        @SuppressWarnings("unchecked")
        Map<String, String> stored = exchange.getMessage().getBody(Map.class);
        assertThat(stored.get("customer_phone")).isEqualTo("******4567");
        assertThat(stored.get("customer_email")).isEqualTo("cliente@example.com");
        assertThat(stored.get(WolkvoxConversationsFeed.MESSAGES_KEY)).contains("not a sender")
                .doesNotContain("1098765432").doesNotContain("customer_id");
    }
}
