package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.playvox.MetadataValueConverter;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Translates one Wolkvox chat ({@code chat_1} record) and its conversation messages ({@code chat_2} records, see
 * {@link WolkvoxConversationJoin}) into a Playvox interaction and its comments.
 *
 * <p>Input (api-facts 3): the chat_1 record (https://www.wolkvox.com/en/apis-v2-2/1-chats-en/: conn_id, channel,
 * date, customer_name, customer_email, customer_phone, customer_chars, agent_id, agent_name, agent_chars,
 * time_on_agent, chat_duration, cod_act, description_cod_act, comments, customer_id, skill_id, ASA, last
 * participant) and its chat_2 records in date order (https://www.wolkvox.com/en/apis-v2-2/2-conversations/: conn_id,
 * agent_name, customer_name, channel, from (AGENT or CUSTOMER), from_name, to_name ("chat bot" for a bot), date,
 * message, customer_id, feeling). Every value a string, dates {@code yyyy-MM-dd HH:mm:ss} in the operation's zone.
 *
 * <p>Output (api-facts 1.5 and 1.6, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems):
 * <ul>
 *   <li>{@code interaction_id}: {@code wolkvox-chat1-<conn_id>} ({@link WolkvoxInteractionId});</li>
 *   <li>{@code assignee_id}: through the agent directory, trying chat_1's {@code agent_id} then {@code agent_name},
 *       else the default assignee;</li>
 *   <li>metadata: each field of the integration from its chat_1 {@code source}, after the personal-data policy
 *       (customer_name, customer_email, customer_phone, customer_id: kept by default, as chat_4 keeps its
 *       addresses);</li>
 *   <li>comments, one per non-blank chat_2 message, in the given order, added at the message's date: a message from
 *       or to the chat bot ({@code from_name} or {@code to_name} "chat bot", also written "chat_bot", any case) is an
 *       internal_note whose body starts {@code [chat bot] } (sent by the bot) or {@code [to chat bot] } (sent to it);
 *       otherwise {@code from} AGENT is an agent_comment and CUSTOMER a customer_comment. Bodies are kept exactly.
 *       Then chat_1's {@code comments} (the agent's note), if any, as an internal_note added at the last message's
 *       date (the chat's date when it has none).</li>
 *   <li>Authors: the assignee, except a customer_comment, whose author is chat_1's {@code customer_email} when it is
 *       an e-mail address kept in clear by the policy (as chat_4 does with {@code from}).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class WolkvoxConversationTranslator {

    /** The chats report. */
    public static final String REPORT = "chat_1";
    /** The messages report. */
    public static final String MESSAGES_REPORT = "chat_2";
    /** Prefix of every interaction id this translator makes. */
    public static final String ID_PREFIX = "wolkvox-chat1-";
    /** The chat_1 agent fields tried against the agent directory: the stable number first, then the name. */
    public static final List<String> AGENT_KEYS = List.of("agent_id", "agent_name");
    /** Prefix of the personal-data settings of this feed: {@code wolkvox.conversations.personal-data.<field>}. */
    public static final String PERSONAL_DATA_PREFIX = "wolkvox.conversations.personal-data.";
    /** The personal-data fields of chat_1 and their default rule: kept, as the chat_4 feed keeps its addresses. */
    public static final Map<String, PersonalDataPolicy.Rule> PERSONAL_DATA_DEFAULTS;
    /** Body prefix of an internal note the chat bot sent. */
    public static final String FROM_BOT = "[chat bot] ";
    /** Body prefix of an internal note sent to the chat bot. */
    public static final String TO_BOT = "[to chat bot] ";

    static {
        Map<String, PersonalDataPolicy.Rule> defaults = new LinkedHashMap<>();
        for (String field : List.of("customer_name", "customer_email", "customer_phone", "customer_id")) {
            defaults.put(field, PersonalDataPolicy.Rule.KEEP);
        }
        PERSONAL_DATA_DEFAULTS = Collections.unmodifiableMap(defaults);
    }

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:.]+");

    private final WolkvoxMetadata metadata;
    private final WolkvoxAssignees assignees;
    private final ZoneId zone;
    private final PersonalDataPolicy personal;

    /**
     * @param integration           the feed's Playvox integration (integrations/wolkvox-conversations.yaml)
     * @param agents                the agent directory
     * @param zone                  the zone of Wolkvox's dates (the operation's local zone), e.g. America/Bogota
     * @param defaultAssigneeOrNull the Playvox user for agents not in the directory; null or blank to refuse such
     *                              records instead
     * @param personal              what to do with the customer's fields, e.g.
     *                              {@code PersonalDataPolicy.fromSettings(PERSONAL_DATA_PREFIX, PERSONAL_DATA_DEFAULTS, settings)}
     * @throws IllegalArgumentException if a metadata field of a personal-data source is not an optional string
     */
    public WolkvoxConversationTranslator(IntegrationDefinition integration, AgentDirectory agents, ZoneId zone,
                                         String defaultAssigneeOrNull, PersonalDataPolicy personal) {
        this.metadata = new WolkvoxMetadata(integration, zone, REPORT, personal);
        this.assignees = new WolkvoxAssignees(agents, defaultAssigneeOrNull);
        this.zone = zone;
        this.personal = personal;
    }

    /**
     * Translates one chat and its messages.
     *
     * @param conversation the chat_1 record and its chat_2 records in date order
     * @return the interaction and its comments (none when the chat has no message and no note)
     * @throws InvalidRecordException with the dead-letter reason: {@code missing conn_id}; {@code unmapped agent
     *                                (agent_id 12, agent_name Ana)}; {@code missing required field chat_date (chat_1
     *                                date)}; a value that does not fit its field; or a message that cannot be a
     *                                comment, e.g. {@code chat_2 message 3 of conn_id 123: from 'SYSTEM' is not AGENT
     *                                or CUSTOMER}, {@code chat_2 message 2 of conn_id 123: field date: '2026-02-30
     *                                10:00:00' is not a valid date-time (yyyy-MM-dd HH:mm:ss)}
     */
    public TranslatedInteraction translate(WolkvoxConversation conversation) {
        Objects.requireNonNull(conversation, "conversation");
        Map<String, String> chat = conversation.chat();
        String interactionId = interactionId(chat);
        String assignee = assignees.resolve(chat, AGENT_KEYS, personal);
        String customerAuthor = customerAuthor(chat, assignee);

        List<Comment> comments = new ArrayList<>(conversation.messages().size() + 1);
        OffsetDateTime last = MetadataValueConverter.toOffsetDateTime("date", chat.get("date"), zone);
        int number = 0;
        for (Map<String, String> message : conversation.messages()) {
            number++;
            try {
                OffsetDateTime at = MetadataValueConverter.toOffsetDateTime("date", message.get("date"), zone);
                last = at != null ? at : last;
                String body = message.get("message");
                if (body == null || body.isBlank()) {
                    continue;
                }
                comments.add(comment(message, body, at, assignee, customerAuthor));
            } catch (InvalidRecordException e) {
                throw new InvalidRecordException(MESSAGES_REPORT + " message " + number + " of conn_id "
                        + conversation.connId() + ": " + e.getMessage());
            }
        }
        String note = chat.get("comments");
        if (note != null && !note.isBlank()) {
            comments.add(new Comment(note, CommentType.INTERNAL_NOTE, assignee, last));
        }
        return new TranslatedInteraction(new Interaction(interactionId, assignee, metadata.of(chat)), comments);
    }

    /**
     * @param chat a chat_1 record
     * @return its interaction id, {@code wolkvox-chat1-<conn_id>} (hashed when conn_id is long or unusual)
     * @throws InvalidRecordException {@code missing conn_id}
     */
    public static String interactionId(Map<String, String> chat) {
        return WolkvoxInteractionId.of(ID_PREFIX, "conn_id", chat.get("conn_id"));
    }

    /**
     * @param name a chat_2 {@code from_name} or {@code to_name}
     * @return whether it names the chat bot: "chat bot" or "chat_bot", any case, surrounding blanks ignored
     */
    public static boolean isChatBot(String name) {
        return name != null && name.strip().replace('_', ' ').toLowerCase(Locale.ROOT).equals("chat bot");
    }

    private static Comment comment(Map<String, String> message, String body, OffsetDateTime at, String assignee,
                                   String customerAuthor) {
        if (isChatBot(message.get("from_name"))) {
            return new Comment(FROM_BOT + body, CommentType.INTERNAL_NOTE, assignee, at);
        }
        if (isChatBot(message.get("to_name"))) {
            return new Comment(TO_BOT + body, CommentType.INTERNAL_NOTE, assignee, at);
        }
        String from = message.get("from") == null ? "" : message.get("from").strip().toUpperCase(Locale.ROOT);
        return switch (from) {
            case "AGENT" -> new Comment(body, CommentType.AGENT_COMMENT, assignee, at);
            case "CUSTOMER" -> new Comment(body, CommentType.CUSTOMER_COMMENT, customerAuthor, at);
            default -> throw new InvalidRecordException("from '" + Objects.toString(message.get("from"), "")
                    + "' is not AGENT or CUSTOMER");
        };
    }

    private String customerAuthor(Map<String, String> chat, String assignee) {
        String email = chat.get("customer_email");
        if (email != null && personal.rule("customer_email") == PersonalDataPolicy.Rule.KEEP
                && EMAIL.matcher(email.strip()).matches()) {
            return email.strip();
        }
        return assignee;
    }
}
