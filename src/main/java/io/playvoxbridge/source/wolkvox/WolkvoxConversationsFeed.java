package io.playvoxbridge.source.wolkvox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of the Wolkvox {@code chat_1} + {@code chat_2} feed ({@code routes/sources/wolkvox-conversations.camel.yaml}):
 * one chat, one interaction, its messages its comments ({@link WolkvoxConversationTranslator}).
 *
 * <p>Per window {@code [from, to)} the route asks (api-facts 3):
 * <ol>
 *   <li>{@code api=chat_1} for {@code [from, to]} (https://www.wolkvox.com/en/apis-v2-2/1-chats-en/): the chats that
 *       started in the window ({@link #query}, read whole by {@link #chats});</li>
 *   <li>{@code api=chat_2} for {@code [from, to + longest chat]} (https://www.wolkvox.com/en/apis-v2-2/2-conversations/):
 *       chat_2 dates each message by its own time, so the messages of a chat that starts near the end of the window
 *       come after it ({@link #messagesQuery}). The answer is streamed; only the messages of the window's chats are
 *       kept ({@link #conversations}), the others (chats of the windows before) are counted and dropped.</li>
 * </ol>
 * Each chat then travels as one record: the chat_1 fields plus {@value #MESSAGES_KEY}, the JSON array of its
 * messages in date order ({@link WolkvoxConversationJoin}). A dead letter stores that record, so a replay translates
 * the chat with the same messages.
 *
 * <p>Lookback: a chat shows in chat_1 only once it has ended (the sandbox does so; WV-CHAT1 is silent), dated by its
 * start, so a chat that started before the watermark may appear after the poll that covered its start: the feed's
 * lookback must be at least the longest chat (checked at start).
 *
 * <p>Personal data: what is sent and what a dead letter stores both follow the feed's {@link PersonalDataPolicy}
 * ({@code wolkvox.conversations.personal-data.*}, kept by default): a masked field is stored masked, a dropped one
 * not stored, in the chat and in its messages.
 */
public final class WolkvoxConversationsFeed extends WolkvoxReportFeed {

    /** The feed id: the watermark key and the {@code bridgeFeed} property. */
    public static final String FEED = "wolkvox-conversations";
    /** The key of a chat record that holds the JSON array of its chat_2 messages. */
    public static final String MESSAGES_KEY = "__chat_2_messages__";
    /** Exchange property holding the window's chat_1 records between the two requests. */
    public static final String CHATS_PROPERTY = "wolkvoxChats";

    private static final Logger LOG = LoggerFactory.getLogger(WolkvoxConversationsFeed.class);

    private final WolkvoxConversationTranslator translator;
    private final PersonalDataPolicy personal;
    private final WolkvoxEnvelopeReader reader;
    private final Duration longestChat;

    /**
     * @param planner       window planning and watermark
     * @param integration   the feed's integration file (integrations/wolkvox-conversations.yaml)
     * @param translator    chat and messages to interaction and comments
     * @param personal      the feed's personal-data policy (the translator's)
     * @param reader        streams the records of an answer
     * @param longestChat   how far past a window chat_2 is asked for ({@code wolkvox.conversations.longest-chat})
     * @param setup         Playvox integration setup (run before the first window)
     * @param reconciler    settles in-doubt batches before each poll
     * @param tracker       window accounting
     * @param settleTimeout longest wait for a window's records to settle before giving up on committing it
     * @param json          to write and read the messages of a record
     */
    public WolkvoxConversationsFeed(FeedWindowPlanner planner, IntegrationDefinition integration,
                                    WolkvoxConversationTranslator translator, PersonalDataPolicy personal,
                                    WolkvoxEnvelopeReader reader, Duration longestChat,
                                    PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                                    Duration settleTimeout, ObjectMapper json) {
        super(FEED, WolkvoxConversationTranslator.REPORT, planner, integration, setup, reconciler, tracker,
                settleTimeout, json);
        this.translator = translator;
        this.personal = personal;
        this.reader = reader;
        this.longestChat = longestChat;
    }

    /**
     * @param window the window
     * @return {@code api=chat_2&date_ini=<window start>&date_end=<window end + longest chat>}
     */
    public String messagesQuery(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        return query(WolkvoxConversationTranslator.MESSAGES_REPORT, window.localFrom().toLocalDateTime(),
                localEnd(window).plus(longestChat));
    }

    /**
     * @param answer the spooled chat_1 answer, or null for an empty window
     * @return the window's chat_1 records, in Wolkvox's order
     * @throws IOException when the answer is not a Wolkvox envelope
     */
    public List<Map<String, String>> chats(Path answer) throws IOException {
        List<Map<String, String>> chats = new ArrayList<>();
        Iterator<Map<String, String>> records = reader.records(answer);
        try {
            records.forEachRemaining(chats::add);
        } finally {
            if (records instanceof Closeable c) {
                c.close();
            }
        }
        return chats;
    }

    /**
     * Joins the window's chats with their messages.
     *
     * @param answer the spooled chat_2 answer, or null when there is no message
     * @param chats  the window's chat_1 records ({@value #CHATS_PROPERTY})
     * @return one record per chat, in the chats' order: its fields plus {@value #MESSAGES_KEY}
     * @throws IOException when the answer is not a Wolkvox envelope
     */
    public List<Map<String, String>> conversations(Path answer,
                                                   @ExchangeProperty(CHATS_PROPERTY) List<Map<String, String>> chats)
            throws IOException {
        Set<String> wanted = new HashSet<>();
        chats.forEach(c -> wanted.add(WolkvoxConversationJoin.connId(c)));
        List<Map<String, String>> messages = new ArrayList<>();
        int others = 0;
        Iterator<Map<String, String>> records = reader.records(answer);
        try {
            while (records.hasNext()) {
                Map<String, String> message = records.next();
                if (wanted.contains(WolkvoxConversationJoin.connId(message))) {
                    messages.add(message);
                } else {
                    others++;
                }
            }
        } finally {
            if (records instanceof Closeable c) {
                c.close();
            }
        }
        LOG.debug("{}: {} chat(s), {} message(s) of them, {} message(s) of chats of other windows", FEED,
                chats.size(), messages.size(), others);
        List<Map<String, String>> out = new ArrayList<>(chats.size());
        for (WolkvoxConversation c : WolkvoxConversationJoin.join(chats, messages).conversations()) {
            Map<String, String> record = new LinkedHashMap<>(c.chat());
            if (!record.containsKey(WolkvoxEnvelopeReader.INVALID_KEY)) {
                record.put(MESSAGES_KEY, toJson(c.messages()));
            }
            out.add(record);
        }
        return out;
    }

    /**
     * @param record a chat record
     * @return {@code wolkvox-chat1-<conn_id>}; null when it has no conn_id
     */
    @Override
    public String interactionIdOf(Map<String, String> record) {
        String connId = record.get("conn_id");
        return connId == null || connId.isBlank() ? null : WolkvoxConversationTranslator.interactionId(record);
    }

    /**
     * @throws InvalidRecordException as {@link WolkvoxConversationTranslator#translate}, or when
     *                                {@value #MESSAGES_KEY} is not a JSON array of objects
     */
    @Override
    protected TranslatedInteraction translateRecord(Map<String, String> record) {
        Map<String, String> chat = new LinkedHashMap<>(record);
        String messages = chat.remove(MESSAGES_KEY);
        return translator.translate(new WolkvoxConversation(chat, messages(messages)));
    }

    /**
     * @return the record as the policy lets it leave: fields to mask masked, fields to drop left out, in the chat
     *         and in each of its messages
     */
    @Override
    protected Map<String, String> storedCopy(Map<String, String> record) {
        Map<String, String> copy = applyPolicy(record);
        String messages = record.get(MESSAGES_KEY);
        if (messages != null) {
            try {
                copy.put(MESSAGES_KEY, toJson(messages(messages).stream().map(this::applyPolicy).toList()));
            } catch (InvalidRecordException e) {
                copy.put(MESSAGES_KEY, messages);
            }
        }
        return copy;
    }

    private Map<String, String> applyPolicy(Map<String, String> record) {
        Map<String, String> copy = new LinkedHashMap<>();
        record.forEach((field, value) -> {
            if (!personal.isPersonal(field)) {
                copy.put(field, value);
            } else if (personal.rule(field) != PersonalDataPolicy.Rule.DROP) {
                copy.put(field, personal.apply(field, value));
            }
        });
        return copy;
    }

    private List<Map<String, String>> messages(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        JsonNode node;
        try {
            node = json().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(MESSAGES_KEY + " is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isArray()) {
            throw new InvalidRecordException(MESSAGES_KEY + " is not a JSON array of chat_2 messages");
        }
        List<Map<String, String>> out = new ArrayList<>(node.size());
        int n = 0;
        for (JsonNode element : node) {
            n++;
            if (!element.isObject()) {
                throw new InvalidRecordException(WolkvoxConversationTranslator.MESSAGES_REPORT + " message " + n
                        + " is not a JSON object: " + element);
            }
            out.add(WolkvoxEnvelopeReader.record(element));
        }
        return out;
    }
}
