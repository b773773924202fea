package io.playvoxbridge.source.wolkvox;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pairs Wolkvox chats ({@code chat_1}, https://www.wolkvox.com/en/apis-v2-2/1-chats-en/) with their conversation
 * messages ({@code chat_2}, https://www.wolkvox.com/en/apis-v2-2/2-conversations/) by {@code conn_id}. Pure logic:
 * no I/O, no state.
 *
 * <ul>
 *   <li>Each chat becomes one {@link WolkvoxConversation}, in the order the chats were given; a chat with no message
 *       gets an empty list (it is still an interaction).</li>
 *   <li>Its messages are the chat_2 records whose {@code conn_id} equals the chat's (surrounding blanks ignored),
 *       sorted by {@code date} ({@code yyyy-MM-dd HH:mm:ss}); messages of the same second keep the order Wolkvox sent
 *       them in, and messages whose date cannot be read come last, in their order (the translator then refuses the
 *       chat, naming the date).</li>
 *   <li>Two chat_1 rows with the same {@code conn_id} both get the messages (they translate to the same
 *       interaction id, so the delivery log keeps one).</li>
 *   <li>Messages of no given chat (another window's chat, or no {@code conn_id}) are returned apart.</li>
 * </ul>
 */
public final class WolkvoxConversationJoin {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    /**
     * @param conversations one per chat, in the chats' order
     * @param unmatched     the messages of no given chat, in their order
     */
    public record Result(List<WolkvoxConversation> conversations, List<Map<String, String>> unmatched) {
        /** Copies the lists. */
        public Result {
            conversations = List.copyOf(conversations);
            unmatched = List.copyOf(unmatched);
        }
    }

    private WolkvoxConversationJoin() {
    }

    /**
     * @param chats    chat_1 records, field name to string value
     * @param messages chat_2 records of any order
     * @return the conversations and the unmatched messages
     */
    public static Result join(List<Map<String, String>> chats, Iterable<Map<String, String>> messages) {
        Set<String> wanted = new LinkedHashSet<>();
        chats.forEach(chat -> wanted.add(connId(chat)));
        wanted.remove("");
        Map<String, List<Map<String, String>>> byConnId = new HashMap<>();
        List<Map<String, String>> unmatched = new ArrayList<>();
        for (Map<String, String> message : messages) {
            String connId = connId(message);
            if (wanted.contains(connId)) {
                byConnId.computeIfAbsent(connId, k -> new ArrayList<>()).add(message);
            } else {
                unmatched.add(message);
            }
        }
        Comparator<Map<String, String>> byDate = Comparator.comparing(WolkvoxConversationJoin::date,
                Comparator.nullsLast(Comparator.naturalOrder()));
        byConnId.values().forEach(list -> list.sort(byDate));
        List<WolkvoxConversation> conversations = new ArrayList<>(chats.size());
        for (Map<String, String> chat : chats) {
            conversations.add(new WolkvoxConversation(chat, byConnId.getOrDefault(connId(chat), List.of())));
        }
        return new Result(conversations, unmatched);
    }

    /** @return the record's {@code conn_id}, stripped; empty when it has none */
    static String connId(Map<String, String> record) {
        String connId = record.get("conn_id");
        return connId == null ? "" : connId.strip();
    }

    private static LocalDateTime date(Map<String, String> message) {
        String date = message.get("date");
        if (date == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(date.strip(), DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
