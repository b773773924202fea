package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataValueConverter;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Translates one Wolkvox {@code chat_4} record (interactions detail: e-mail and social channels) into a Playvox
 * interaction and its comments.
 *
 * <p>Input: one element of the {@code data} array of
 * {@code GET https://wv{server}.wolkvox.com/api/v2/reports_manager.php?api=chat_4} (api-facts 3,
 * https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/), every value a string: channel, agent_name, skill_id,
 * case_id, subject, from, to, body, answer, date_creation, close_date, evaluation_survey, cod_act, cod_description,
 * comments, attachments. Dates are {@code yyyy-MM-dd HH:mm:ss} in the operation's zone.
 *
 * <p>Output (api-facts 1.5 and 1.6, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems):
 * <ul>
 *   <li>{@code interaction_id}: {@code wolkvox-chat4-<case_id>} when that is at most 68 characters and case_id is
 *       {@code [A-Za-z0-9._-]+}, else {@code wolkvox-chat4-sha256-<first 40 hex digits of SHA-256(case_id)>};</li>
 *   <li>{@code assignee_id}: the Playvox user of {@code agent_name} in the agent directory (source {@code wolkvox}),
 *       else the default assignee;</li>
 *   <li>metadata: each field of the integration, converted from its {@code source} field by
 *       {@link MetadataValueConverter};</li>
 *   <li>comments, in this order, empty ones skipped: {@code body} as customer_comment (author: {@code from} when it is
 *       an e-mail address, else the assignee; added at date_creation), {@code answer} as agent_comment and
 *       {@code comments} as internal_note (author: the assignee; added at close_date, else date_creation). Bodies are
 *       kept exactly (HTML, emoji, accents).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class WolkvoxChatTranslator {

    /** The {@code source} of Wolkvox agents in the agent directory. */
    public static final String AGENT_SOURCE = "wolkvox";
    /** Prefix of every interaction id this translator makes. */
    public static final String ID_PREFIX = "wolkvox-chat4-";
    /** Prefix of interaction ids made from a hash of the case id. */
    public static final String HASHED_ID_PREFIX = "wolkvox-chat4-sha256-";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:.]+");

    private final IntegrationDefinition integration;
    private final AgentDirectory agents;
    private final ZoneId zone;
    private final String defaultAssignee;

    /**
     * @param integration           the feed's Playvox integration (its metadata fields and their chat_4 sources)
     * @param agents                the agent directory
     * @param zone                  the zone of Wolkvox's dates (the operation's local zone), e.g. America/Bogota
     * @param defaultAssigneeOrNull the Playvox user for agents not in the directory; null or blank to refuse such
     *                              records instead
     */
    public WolkvoxChatTranslator(IntegrationDefinition integration, AgentDirectory agents, ZoneId zone,
                                 String defaultAssigneeOrNull) {
        this.integration = Objects.requireNonNull(integration, "integration");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.defaultAssignee = defaultAssigneeOrNull == null || defaultAssigneeOrNull.isBlank()
                ? null : defaultAssigneeOrNull.strip();
    }

    /**
     * Translates one chat_4 record.
     *
     * @param record field name to string value, as Wolkvox sent it (absent and null values are empty)
     * @return the interaction and its comments (0 to 3)
     * @throws InvalidRecordException with the dead-letter reason: {@code missing case_id},
     *                                {@code unmapped agent <agent_name>}, {@code unmapped agent (empty agent_name)},
     *                                {@code missing required field <field_id> (chat_4 <source>)}, or a value that does
     *                                not fit its field, e.g. {@code field close_date: '2026-02-30 10:00:00' is not a
     *                                valid date-time (yyyy-MM-dd HH:mm:ss)}
     */
    public TranslatedInteraction translate(Map<String, String> record) {
        Objects.requireNonNull(record, "record");
        String interactionId = interactionId(record.get("case_id"));
        String assignee = assignee(record.get("agent_name"));

        Map<String, Object> metadata = new LinkedHashMap<>();
        for (MetadataField field : integration.metadata()) {
            Object value = MetadataValueConverter.convert(field, record.get(field.source()), zone);
            if (value != null) {
                metadata.put(field.fieldId(), value);
            } else if (field.required()) {
                throw new InvalidRecordException("missing required field " + field.fieldId()
                        + " (chat_4 " + field.source() + ")");
            }
        }

        OffsetDateTime created = MetadataValueConverter.toOffsetDateTime("date_creation", record.get("date_creation"), zone);
        OffsetDateTime closed = MetadataValueConverter.toOffsetDateTime("close_date", record.get("close_date"), zone);
        OffsetDateTime answeredAt = closed != null ? closed : created;
        List<Comment> comments = new ArrayList<>(3);
        addComment(comments, record.get("body"), CommentType.CUSTOMER_COMMENT,
                customerAuthor(record.get("from"), assignee), created);
        addComment(comments, record.get("answer"), CommentType.AGENT_COMMENT, assignee, answeredAt);
        addComment(comments, record.get("comments"), CommentType.INTERNAL_NOTE, assignee, answeredAt);

        return new TranslatedInteraction(new Interaction(interactionId, assignee, metadata), comments);
    }

    /**
     * The stable Playvox {@code interaction_id} of a chat_4 case: {@code wolkvox-chat4-<case_id>} when it fits in 68
     * characters and case_id is {@code [A-Za-z0-9._-]+}, else {@code wolkvox-chat4-sha256-} and the first 40 hex digits
     * of SHA-256 of case_id's UTF-8 bytes (61 characters).
     *
     * @param caseId chat_4's {@code case_id}, used exactly as sent
     * @return the id, 15 to 68 characters
     * @throws InvalidRecordException {@code missing case_id} if it is null or blank
     */
    public static String interactionId(String caseId) {
        return WolkvoxInteractionId.of(ID_PREFIX, "case_id", caseId);
    }

    private String assignee(String agentName) {
        if (agentName != null) {
            var user = agents.playvoxUser(AGENT_SOURCE, agentName);
            if (user.isPresent()) {
                return user.get();
            }
        }
        if (defaultAssignee != null) {
            return defaultAssignee;
        }
        throw new InvalidRecordException(agentName == null || agentName.isBlank()
                ? "unmapped agent (empty agent_name)" : "unmapped agent " + agentName);
    }

    private static String customerAuthor(String from, String assignee) {
        if (from != null && EMAIL.matcher(from.strip()).matches()) {
            return from.strip();
        }
        return assignee;
    }

    private static void addComment(List<Comment> comments, String body, CommentType type, String author,
                                   OffsetDateTime addedAt) {
        if (body != null && !body.isBlank()) {
            comments.add(new Comment(body, type, author, addedAt));
        }
    }
}
