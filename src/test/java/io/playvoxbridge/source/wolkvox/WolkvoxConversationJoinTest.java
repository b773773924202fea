package io.playvoxbridge.source.wolkvox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** chat_2 messages grouped under their chat_1 chat by conn_id, in date order. */
class WolkvoxConversationJoinTest {

    static final List<Map<String, String>> CHATS = WolkvoxFixtures.records("chat_1-response.json");
    static final List<Map<String, String>> MESSAGES = WolkvoxFixtures.records("chat_2-response.json");

    static Map<String, String> message(String connId, String date, String text) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("conn_id", connId);
        m.put("date", date);
        m.put("message", text);
        return m;
    }

    static Map<String, String> chat(String connId) {
        return Map.of("conn_id", connId);
    }

    static List<String> texts(WolkvoxConversation conversation) {
        return conversation.messages().stream().map(m -> m.get("message")).toList();
    }

    @Test
    void gives_each_chat_its_messages_in_date_order() {
        WolkvoxConversationJoin.Result result = WolkvoxConversationJoin.join(CHATS, MESSAGES);

        assertThat(result.conversations()).extracting(WolkvoxConversation::connId)
                .containsExactly("7001234", "7001240", "7001311", "7001400");
        assertThat(result.conversations()).extracting(c -> c.messages().size()).containsExactly(6, 3, 0, 2);
        WolkvoxConversation first = result.conversations().get(0);
        assertThat(first.chat()).isEqualTo(CHATS.get(0));
        assertThat(first.messages()).extracting(m -> m.get("date")).isSorted();
        assertThat(first.messages()).allSatisfy(m -> assertThat(m.get("conn_id")).isEqualTo("7001234"));
        assertThat(texts(result.conversations().get(1))).containsExactly(
                "Buenas, ¿tienen la chaqueta impermeable en talla M? 🧥", "¡Hola Juan Camilo! Sí, la tenemos en talla M 🙌",
                "   ");
    }

    @Test
    void keeps_the_order_of_messages_sent_in_the_same_second() {
        WolkvoxConversation first = WolkvoxConversationJoin.join(CHATS, MESSAGES).conversations().get(0);

        assertThat(texts(first).subList(2, 4)).containsExactly("Mi pedido #A-2231 no ha llegado 😟",
                "Hola Laura, soy Ana. Ya reviso tu pedido.");
    }

    @Test
    void keeps_a_chat_without_messages_as_a_conversation_with_none() {
        WolkvoxConversationJoin.Result result = WolkvoxConversationJoin.join(CHATS, List.of());

        assertThat(result.conversations()).hasSize(4).allSatisfy(c -> assertThat(c.messages()).isEmpty());
        assertThat(result.unmatched()).isEmpty();
    }

    @Test
    void returns_the_messages_of_no_given_chat_apart() {
        Map<String, String> noConnId = message(null, "2026-11-21 09:00:00", "sin conn_id");
        List<Map<String, String>> messages = new ArrayList<>(MESSAGES);
        messages.add(noConnId);

        WolkvoxConversationJoin.Result result = WolkvoxConversationJoin.join(CHATS, messages);

        assertThat(result.unmatched()).extracting(m -> m.get("message")).containsExactly("Gracias, hasta luego",
                "sin conn_id");
    }

    @Test
    void gives_the_same_result_whatever_the_order_of_the_messages() {
        List<Map<String, String>> shuffled = new ArrayList<>(MESSAGES);
        Collections.shuffle(shuffled, new Random(7));
        List<Map<String, String>> sorted = new ArrayList<>(MESSAGES);
        sorted.sort((a, b) -> a.get("date").compareTo(b.get("date")));

        var fromShuffled = WolkvoxConversationJoin.join(CHATS, shuffled).conversations();
        var fromSorted = WolkvoxConversationJoin.join(CHATS, sorted).conversations();

        for (int i = 0; i < CHATS.size(); i++) {
            assertThat(fromShuffled.get(i).messages()).extracting(m -> m.get("date"))
                    .isEqualTo(fromSorted.get(i).messages().stream().map(m -> m.get("date")).toList());
        }
        assertThat(fromShuffled.get(1)).isEqualTo(fromSorted.get(1));
    }

    @Test
    void matches_conn_ids_with_surrounding_blanks_and_puts_unreadable_dates_last() {
        List<Map<String, String>> messages = List.of(
                message(" 42 ", "2026-11-21 10:00:05", "second"),
                message("42", "not a date", "unreadable"),
                message("42", null, "no date"),
                message("42", "2026-11-21 10:00:01", "first"));

        WolkvoxConversation c = WolkvoxConversationJoin.join(List.of(chat("42 ")), messages).conversations().get(0);

        assertThat(texts(c)).containsExactly("first", "second", "unreadable", "no date");
    }

    @Test
    void gives_two_rows_of_the_same_chat_the_same_messages() {
        var result = WolkvoxConversationJoin.join(List.of(chat("42"), chat("42"), chat("")),
                List.of(message("42", "2026-11-21 10:00:01", "hola"), message("", "2026-11-21 10:00:01", "nadie")));

        assertThat(result.conversations()).extracting(c -> texts(c))
                .containsExactly(List.of("hola"), List.of("hola"), List.of());
        assertThat(result.unmatched()).extracting(m -> m.get("message")).containsExactly("nadie");
    }
}
