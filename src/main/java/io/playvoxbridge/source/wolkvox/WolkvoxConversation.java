package io.playvoxbridge.source.wolkvox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Wolkvox chat with its messages: a {@code chat_1} record (https://www.wolkvox.com/en/apis-v2-2/1-chats-en/)
 * and the {@code chat_2} records of the same {@code conn_id} (https://www.wolkvox.com/en/apis-v2-2/2-conversations/),
 * as {@link WolkvoxConversationJoin} pairs them.
 *
 * @param chat     the chat_1 record, field name to string value
 * @param messages its chat_2 records in date order; empty when Wolkvox returned none
 */
public record WolkvoxConversation(Map<String, String> chat, List<Map<String, String>> messages) {

    /** Copies the record and the list (the maps inside keep their order; null values are allowed). */
    public WolkvoxConversation {
        Objects.requireNonNull(chat, "chat");
        chat = Collections.unmodifiableMap(new LinkedHashMap<>(chat));
        messages = messages.stream().map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m))).toList();
    }

    /** @return the chat's {@code conn_id}, stripped; empty when it has none */
    public String connId() {
        return WolkvoxConversationJoin.connId(chat);
    }
}
