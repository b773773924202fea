package io.playvoxbridge.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * Wolkvox {@code chat_2} ("Conversations") records: the messages of the chats {@link Chat1RecordGenerator} makes,
 * so every message's {@code conn_id}, agent and customer agree with its chat_1 record.
 *
 * <p>Fields, in the order of https://www.wolkvox.com/en/apis-v2-2/2-conversations/ (api-facts 3): conn_id,
 * agent_name, customer_name, channel, from (AGENT or CUSTOMER), from_name, to_name ("chat bot" for the bot), date,
 * message, customer_id, feeling. Every value is a string.
 *
 * <p>A request returns the messages whose own {@code date} lies in {@code [date_ini, date_end]}, so a chat that starts
 * near the end of a window has messages in the next one. A message is visible from its date (plus {@code lateBy} when
 * its chat is late). Messages are served chat by chat (chats in start order, each chat's messages in date order):
 * the page says nothing of the order, and a client must not depend on it.
 */
final class Chat2RecordGenerator implements WolkvoxReport {

    /** The report's {@code api=} value. */
    static final String API = "chat_2";

    private final Chat1RecordGenerator chats;

    /** @param chats the chats whose messages this report serves */
    Chat2RecordGenerator(Chat1RecordGenerator chats) {
        this.chats = Objects.requireNonNull(chats);
    }

    @Override
    public String api() {
        return API;
    }

    /**
     * @param chatIndex the chat's index
     * @param message   the message's position in the chat, from 0
     * @return the message's key
     */
    static long key(long chatIndex, int message) {
        return chatIndex * Chat1RecordGenerator.MAX_MESSAGES + message;
    }

    @Override
    public void forEachVisible(Instant from, Instant toInclusive, Instant now, LongPredicate action) {
        RecordTimeline timeline = chats.timeline;
        long[] range = timeline.indexRange(from.minus(Chat1RecordGenerator.MAX_CHAT_DURATION), toInclusive, now);
        for (long i = range[0]; i < range[1]; i++) {
            Chat1RecordGenerator.Chat chat = chats.chat(i);
            long lateSeconds = timeline.late(i) ? timeline.lateBy().toSeconds() : 0;
            List<Chat1RecordGenerator.Message> messages = chat.messages();
            for (int m = 0; m < messages.size(); m++) {
                Instant date = chat.start().plusSeconds(messages.get(m).offsetSeconds());
                if (!date.isBefore(from) && !date.isAfter(toInclusive) && !date.plusSeconds(lateSeconds).isAfter(now)
                        && !action.test(key(i, m))) {
                    return;
                }
            }
        }
    }

    @Override
    public Map<String, String> record(long key) {
        Chat1RecordGenerator.Chat chat = chats.chat(key / Chat1RecordGenerator.MAX_MESSAGES);
        Chat1RecordGenerator.Message m = chat.messages().get((int) (key % Chat1RecordGenerator.MAX_MESSAGES));
        Map<String, String> r = new LinkedHashMap<>();
        r.put("conn_id", chat.connId());
        r.put("agent_name", chat.agent().name());
        r.put("customer_name", chat.customerName());
        r.put("channel", chat.channel());
        r.put("from", m.from());
        r.put("from_name", m.fromName());
        r.put("to_name", m.toName());
        r.put("date", chats.date(chat.start().plusSeconds(m.offsetSeconds())));
        r.put("message", m.text());
        r.put("customer_id", chat.customerId());
        r.put("feeling", m.feeling());
        return r;
    }
}
