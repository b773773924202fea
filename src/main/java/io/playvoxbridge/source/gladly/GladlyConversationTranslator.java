package io.playvoxbridge.source.gladly;

import com.fasterxml.jackson.databind.JsonNode;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataValueConverter;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates one closed Gladly conversation into a Playvox interaction and its comments: the
 * {@code CONVERSATION/CLOSED} event, the conversation's items ({@code GET /api/v1/conversations/{id}/items}) and the
 * agents ({@code GET /api/v1/agents}, through {@link GladlyAgents}). See docs/feeds/gladly.md for the field-by-field
 * mapping.
 *
 * <p>Inputs (api-facts 6; GLADLY-OAS https://developer.gladly.com/rest/ "List items in conversation", "Get item",
 * "List Agents", "Conversation Closed"): items are {@code {id, conversationId, customerId, timestamp,
 * initiator{id,type}, responder?, content{type, ...}}}, at most 1000 per answer (header {@code Gladly-Limited-Data}
 * when the conversation has more).
 *
 * <p>Output (api-facts 1.5 and 1.6, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems):
 * <ul>
 *   <li>{@code interaction_id}: {@code gladly-conv-<conversationId>} (the same for every close of a conversation: a
 *       reopened and re-closed conversation is one interaction), or {@code gladly-conv-sha256-<40 hex>} when the id
 *       is not {@code [A-Za-z0-9_-]} or would pass 68 characters;</li>
 *   <li>{@code assignee_id}: the conversation's agent ({@code context.assignee.agentId} of the close, else the
 *       initiator of the last agent item) resolved by {@link #playvoxUser}, else the default assignee, else the
 *       record is refused;</li>
 *   <li>metadata: each field of the integration from its {@code source}, one of {@link #SOURCE_FIELDS};</li>
 *   <li>comments, in item time order, up to the close ({@code timestamp <=} the event's): messages of the customer
 *       (and of {@code EXTERNAL} e-mail participants) as customer_comment, of an agent as agent_comment, of
 *       {@code AUTOMATION}, {@code API} or {@code INTERNAL} initiators as internal_note; {@code CONVERSATION_NOTE}
 *       as internal_note; a phone call's or voicemail's {@code recordingSummary.summary} (status READY) as
 *       internal_note. Status changes, topic changes, customer activities, tasks and unknown types are not comments.
 *       Bodies are kept exactly; empty ones are skipped.</li>
 * </ul>
 * Stateless apart from the agent cache; thread-safe.
 */
public final class GladlyConversationTranslator {

    /** The {@code source} of Gladly agents in the agent directory ({@code agent_key}: agent id or Gladly e-mail). */
    public static final String AGENT_SOURCE = "gladly";
    /** Prefix of every interaction id this translator makes. */
    public static final String ID_PREFIX = "gladly-conv-";
    /** Prefix of interaction ids made from a hash of the conversation id. */
    public static final String HASHED_ID_PREFIX = "gladly-conv-sha256-";

    /** Item content types that are messages, and the channel each stands for in metadata {@code channel}. */
    static final Map<String, String> MESSAGE_CHANNELS = Map.of(
            "CHAT_MESSAGE", "CHAT",
            "EMAIL", "EMAIL",
            "SMS", "SMS",
            "FACEBOOK_MESSAGE", "FB_MESSENGER",
            "INSTAGRAM_DIRECT", "INSTAGRAM_DIRECT",
            "WHATSAPP", "WHATSAPP",
            "TWITTER", "TWITTER",
            "CUSTOM_CHANNEL_MESSAGE", "CUSTOM_CHANNEL");
    /** Item content types of voice contacts; their channel is {@code VOICE}. */
    static final Set<String> VOICE_TYPES = Set.of("PHONE_CALL", "VOICEMAIL");

    /** The vendor fields an integration's metadata may take as {@code source}. */
    public static final List<String> SOURCE_FIELDS = List.of("conversation_id", "customer_id", "closed_at",
            "close_event_id", "closed_by", "inbox_id", "agent_id", "agent_name", "agent_email", "started_at", "channel",
            "subject", "message_count", "customer_messages", "agent_messages", "note_count", "times_closed",
            "topic_ids", "items_limited");

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:.]+");
    /** A display-name address, {@code Martha Williams <martha@example.com>}: group 1 is the address. */
    private static final Pattern NAMED_ADDRESS = Pattern.compile(".*<([^<>]+)>\\s*");
    private static final Set<String> CUSTOMER_SIDE = Set.of("CUSTOMER", "EXTERNAL");

    private final IntegrationDefinition integration;
    private final AgentDirectory directory;
    private final GladlyAgents agents;
    private final String defaultAssignee;

    /**
     * @param integration           the feed's Playvox integration; each field's {@code source} must be one of
     *                              {@link #SOURCE_FIELDS}
     * @param directory             the agent directory (rows with source {@value #AGENT_SOURCE} override Gladly's
     *                              e-mails)
     * @param agents                Gladly's agents
     * @param defaultAssigneeOrNull the Playvox user for conversations whose agent cannot be resolved; null or blank to
     *                              refuse them instead
     * @throws IllegalArgumentException when a metadata field's source is not one of {@link #SOURCE_FIELDS}
     */
    public GladlyConversationTranslator(IntegrationDefinition integration, AgentDirectory directory,
                                        GladlyAgents agents, String defaultAssigneeOrNull) {
        this.integration = Objects.requireNonNull(integration, "integration");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.defaultAssignee = defaultAssigneeOrNull == null || defaultAssigneeOrNull.isBlank()
                ? null : defaultAssigneeOrNull.strip();
        for (MetadataField field : integration.metadata()) {
            if (!SOURCE_FIELDS.contains(field.source())) {
                throw new IllegalArgumentException(integration.location() + ": field " + field.fieldId()
                        + " has source '" + field.source() + "', which a Gladly conversation does not have; use one of "
                        + SOURCE_FIELDS);
            }
        }
    }

    /**
     * Translates one closed conversation.
     *
     * @param closed       its {@code CONVERSATION/CLOSED} event (the last of the window, see
     *                     {@link GladlyClosedConversations})
     * @param items        the answer of {@code GET /api/v1/conversations/{id}/items}: a JSON array
     * @param itemsLimited whether that answer had {@code Gladly-Limited-Data: true} (more than 1000 items)
     * @return the interaction and its comments (possibly none)
     * @throws InvalidRecordException with the dead-letter reason, e.g. {@code unmapped agent sHuXx-U3QqOmhvFusJGeBw},
     *                                {@code conversation 9BcE closed without an agent},
     *                                {@code item 9lQD: timestamp 'yesterday' is not an ISO-8601 date-time with an
     *                                offset}, {@code items of conversation 9BcE: expected a JSON array},
     *                                {@code missing required field subject (gladly subject)} or a value that does not
     *                                fit its field
     */
    public TranslatedInteraction translate(GladlyConversationEvent closed, JsonNode items, boolean itemsLimited) {
        Objects.requireNonNull(closed, "closed");
        String conversation = closed.conversationId();
        String interactionId = interactionId(conversation);
        List<Item> timeline = timeline(closed, items);

        String agentId = closed.agentId() != null ? closed.agentId() : lastAgent(timeline);
        String assignee = assignee(conversation, agentId);
        Optional<GladlyAgents.Agent> agent = agents.agent(agentId);

        Map<String, String> source = new LinkedHashMap<>();
        source.put("conversation_id", conversation);
        source.put("customer_id", closed.customerId());
        source.put("closed_at", closed.timestamp().toString());
        source.put("close_event_id", closed.id());
        source.put("closed_by", closed.initiatorType());
        source.put("inbox_id", closed.inboxId());
        source.put("agent_id", agentId);
        source.put("agent_name", agent.map(GladlyAgents.Agent::name).orElse(null));
        source.put("agent_email", agent.map(GladlyAgents.Agent::emailAddress).orElse(null));
        source.put("items_limited", Boolean.toString(itemsLimited));

        List<Comment> comments = new ArrayList<>();
        Summary summary = new Summary();
        for (Item item : timeline) {
            summary.add(item);
            comment(item, assignee).ifPresent(comments::add);
        }
        summary.into(source);

        Map<String, Object> metadata = new LinkedHashMap<>();
        for (MetadataField field : integration.metadata()) {
            Object value = MetadataValueConverter.convert(field, source.get(field.source()), ZoneOffset.UTC);
            if (value == null && field.required()) {
                throw new InvalidRecordException("missing required field " + field.fieldId() + " (gladly "
                        + field.source() + ")");
            }
            if (value != null) {
                metadata.put(field.fieldId(), value);
            }
        }
        return new TranslatedInteraction(new Interaction(interactionId, assignee, metadata), comments);
    }

    /**
     * The stable Playvox {@code interaction_id} of a Gladly conversation.
     *
     * @param conversationId Gladly's conversation id, used exactly as sent
     * @return {@code gladly-conv-<id>} when the id is {@code [A-Za-z0-9_-]+} and the result fits in 68 characters,
     *         else {@code gladly-conv-sha256-} and the first 40 hex digits of SHA-256 of the id's UTF-8 bytes
     * @throws InvalidRecordException {@code missing conversationId} when it is null or blank
     */
    public static String interactionId(String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw new InvalidRecordException("missing conversationId");
        }
        String plain = ID_PREFIX + conversationId;
        boolean fits = plain.length() <= Interaction.MAX_INTERACTION_ID_LENGTH;
        if (fits && SAFE_ID.matcher(conversationId).matches()) {
            return plain;
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        String hex = HexFormat.of().formatHex(sha256.digest(conversationId.getBytes(StandardCharsets.UTF_8)));
        return HASHED_ID_PREFIX + hex.substring(0, 40);
    }

    /**
     * The Playvox user of a Gladly agent: the agent directory's row {@code gladly,<agent id>,...}, else its row
     * {@code gladly,<agent's Gladly e-mail>,...}, else the agent's Gladly e-mail ({@code emailAddress} of
     * {@code GET /api/v1/agents}) itself.
     *
     * @param agentId a Gladly agent id, or null
     * @return the Playvox e-mail or username, or empty when none of the three exists
     */
    public Optional<String> playvoxUser(String agentId) {
        if (agentId == null || agentId.isBlank()) {
            return Optional.empty();
        }
        Optional<String> byId = directory.playvoxUser(AGENT_SOURCE, agentId);
        if (byId.isPresent()) {
            return byId;
        }
        Optional<String> email = agents.email(agentId);
        if (email.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(directory.playvoxUser(AGENT_SOURCE, email.get()).orElse(email.get()));
    }

    private String assignee(String conversation, String agentId) {
        Optional<String> user = playvoxUser(agentId);
        if (user.isPresent()) {
            return user.get();
        }
        if (defaultAssignee != null) {
            return defaultAssignee;
        }
        throw new InvalidRecordException(agentId == null
                ? "conversation " + conversation + " closed without an agent"
                : "unmapped agent " + agentId + " (not in GET /api/v1/agents nor in the agent directory)");
    }

    /** One item of the timeline, checked. */
    private record Item(int index, String id, OffsetDateTime timestamp, String initiatorType, String initiatorId,
                        String type, JsonNode content) {
    }

    /** The items up to the close, in time order (stable for equal timestamps). */
    private static List<Item> timeline(GladlyConversationEvent closed, JsonNode items) {
        if (items == null || !items.isArray()) {
            throw new InvalidRecordException("items of conversation " + closed.conversationId()
                    + ": expected a JSON array");
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode node = items.get(i);
            if (!node.isObject()) {
                throw new InvalidRecordException("items of conversation " + closed.conversationId() + ": element " + i
                        + " is not a JSON object");
            }
            String id = Objects.requireNonNullElse(GladlyConversationEvent.text(node, "id"), "#" + i);
            String stamp = GladlyConversationEvent.text(node, "timestamp");
            if (stamp == null) {
                throw new InvalidRecordException("item " + id + ": missing timestamp");
            }
            OffsetDateTime timestamp = GladlyConversationEvent.dateTime("item " + id + ": timestamp", stamp);
            if (timestamp.isAfter(closed.timestamp())) {
                continue;
            }
            JsonNode initiator = node.path("initiator");
            JsonNode content = node.path("content");
            out.add(new Item(i, id, timestamp, GladlyConversationEvent.text(initiator, "type"),
                    GladlyConversationEvent.text(initiator, "id"), GladlyConversationEvent.text(content, "type"),
                    content));
        }
        out.sort(Comparator.comparing((Item it) -> it.timestamp().toInstant()).thenComparingInt(Item::index));
        return out;
    }

    private static String lastAgent(List<Item> timeline) {
        String agent = null;
        for (Item item : timeline) {
            if ("AGENT".equals(item.initiatorType()) && item.initiatorId() != null && item.type() != null
                    && (MESSAGE_CHANNELS.containsKey(item.type()) || "CONVERSATION_NOTE".equals(item.type()))) {
                agent = item.initiatorId();
            }
        }
        return agent;
    }

    private Optional<Comment> comment(Item item, String assignee) {
        String type = item.type();
        if (type == null) {
            return Optional.empty();
        }
        String body;
        CommentType kind;
        String author;
        if (MESSAGE_CHANNELS.containsKey(type)) {
            body = messageText(item.content());
            String initiator = item.initiatorType();
            if (CUSTOMER_SIDE.contains(initiator)) {
                kind = CommentType.CUSTOMER_COMMENT;
                author = customerAuthor(item, assignee);
            } else if ("AGENT".equals(initiator)) {
                kind = CommentType.AGENT_COMMENT;
                author = playvoxUser(item.initiatorId()).orElse(assignee);
            } else {
                kind = CommentType.INTERNAL_NOTE;
                author = assignee;
            }
        } else if ("CONVERSATION_NOTE".equals(type)) {
            body = GladlyConversationEvent.text(item.content(), "body");
            kind = CommentType.INTERNAL_NOTE;
            author = "AGENT".equals(item.initiatorType()) ? playvoxUser(item.initiatorId()).orElse(assignee) : assignee;
        } else if (VOICE_TYPES.contains(type)) {
            JsonNode summary = item.content().path("recordingSummary");
            body = "READY".equals(GladlyConversationEvent.text(summary, "status"))
                    ? GladlyConversationEvent.text(summary, "summary") : null;
            kind = CommentType.INTERNAL_NOTE;
            author = assignee;
        } else {
            return Optional.empty();
        }
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Comment(body, kind, author, item.timestamp()));
    }

    /** The text of a message: {@code content.content}, or for a custom channel its {@code text} or {@code caption}. */
    private static String messageText(JsonNode content) {
        JsonNode text = content.path("content");
        if (text.isObject()) {
            String plain = GladlyConversationEvent.text(text, "text");
            return plain != null ? plain : GladlyConversationEvent.text(text, "caption");
        }
        return text.isTextual() ? text.asText() : null;
    }

    /** The sender's address of an e-mail ({@code from}, also in {@code Name <address>} form), else the assignee. */
    private static String customerAuthor(Item item, String assignee) {
        String from = "EMAIL".equals(item.type()) ? GladlyConversationEvent.text(item.content(), "from") : null;
        if (from == null) {
            return assignee;
        }
        var named = NAMED_ADDRESS.matcher(from);
        String address = named.matches() ? named.group(1).strip() : from.strip();
        return EMAIL.matcher(address).matches() ? address : assignee;
    }

    /** Counts and firsts over the timeline, for the metadata sources. */
    private static final class Summary {
        private String startedAt;
        private String channel;
        private String subject;
        private int messages;
        private int customerMessages;
        private int agentMessages;
        private int notes;
        private int closes;
        private final Set<String> topics = new LinkedHashSet<>();

        void add(Item item) {
            String type = item.type();
            if (startedAt == null) {
                startedAt = item.timestamp().toString();
            }
            if (type == null) {
                return;
            }
            if (channel == null && (MESSAGE_CHANNELS.containsKey(type) || VOICE_TYPES.contains(type))) {
                channel = VOICE_TYPES.contains(type) ? "VOICE" : MESSAGE_CHANNELS.get(type);
            }
            if (MESSAGE_CHANNELS.containsKey(type)) {
                messages++;
                if (CUSTOMER_SIDE.contains(item.initiatorType())) {
                    customerMessages++;
                } else if ("AGENT".equals(item.initiatorType())) {
                    agentMessages++;
                }
                if (subject == null && "EMAIL".equals(type)) {
                    subject = GladlyConversationEvent.text(item.content(), "subject");
                }
            } else if ("CONVERSATION_NOTE".equals(type)) {
                notes++;
            } else if ("CONVERSATION_STATUS_CHANGE".equals(type)
                    && "CLOSED".equals(GladlyConversationEvent.text(item.content(), "status"))) {
                closes++;
            } else if ("TOPIC_CHANGE".equals(type)) {
                item.content().path("addedTopicIds").forEach(t -> topics.add(t.asText()));
                item.content().path("removedTopicIds").forEach(t -> topics.remove(t.asText()));
            }
        }

        void into(Map<String, String> source) {
            source.put("started_at", startedAt);
            source.put("channel", channel);
            source.put("subject", subject);
            source.put("message_count", Integer.toString(messages));
            source.put("customer_messages", Integer.toString(customerMessages));
            source.put("agent_messages", Integer.toString(agentMessages));
            source.put("note_count", Integer.toString(notes));
            source.put("times_closed", Integer.toString(Math.max(1, closes)));
            source.put("topic_ids", topics.isEmpty() ? null : String.join(",", topics));
        }
    }
}
