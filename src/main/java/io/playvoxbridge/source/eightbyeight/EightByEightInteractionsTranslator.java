package io.playvoxbridge.source.eightbyeight;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.playvox.InteractionIds;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataType;
import io.playvoxbridge.playvox.MetadataValueConverter;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates one 8x8 interaction (a detailed report row plus its Data Augmentation variables) into a Playvox
 * interaction and its comments.
 *
 * <p>Input: {@link EightByEightInteractionRecord}: a row of {@code GET /detailed-reports/{id}/data} (api-facts 4.2,
 * https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report; columns of
 * {@link EightByEightApi#DETAILED_COLUMNS}) and the answer of {@code GET /api/v1/interaction/data/guid/{guid}}
 * (api-facts 4.1, https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api), whose
 * private values are already masked.
 *
 * <p>Output (api-facts 1.5 and 1.6, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems):
 * <ul>
 *   <li>{@code interaction_id}: {@code 8x8-<interactionGuid>} when that is at most 68 characters of
 *       {@code [A-Za-z0-9._-]}, else {@code 8x8-sha256-<first 40 hex digits of SHA-256(guid)>};</li>
 *   <li>{@code assignee_id}: the Playvox user of {@code agentId} in the agent directory (source
 *       {@value #AGENT_SOURCE}), else of {@code agentName}, else the default assignee;</li>
 *   <li>metadata: each field of the integration from its {@code source}: a row column ({@code startTime}), an
 *       augmentation field or variable ({@code augmentation._amount}, {@code augmentation.channel}), or
 *       {@value #OTHER_VARIABLES_SOURCE}: every variable no other field names, as {@code name=value} joined by
 *       {@code "; "}. A private variable is only ever its mask: a string field gets {@code ***}, a field of another
 *       type gets no value;</li>
 *   <li>comments, in order, empty ones skipped, author the assignee: the variables 8x8 shows the agent
 *       ({@code display=true}) as one internal note at startTime ({@code <label>: <value>} per line, private ones
 *       masked), then {@code wrapUpNotes} as an internal note at endTime (else startTime).</li>
 * </ul>
 * Stateless and thread-safe. Logs (DEBUG) only counts and ids, never a variable's value.
 */
public final class EightByEightInteractionsTranslator {

    /** The {@code source} of 8x8 agents in the agent directory. */
    public static final String AGENT_SOURCE = "eightbyeight";
    /** Prefix of every interaction id this translator makes. */
    public static final String ID_PREFIX = "8x8-";
    /** Prefix of interaction ids made from a hash of the guid. */
    public static final String HASHED_ID_PREFIX = ID_PREFIX + InteractionIds.HASH_MARK;
    /** Prefix of the integration file's sources that name augmentation fields and variables. */
    public static final String AUGMENTATION_PREFIX = "augmentation.";
    /** The source of the field that collects the variables no other field names. */
    public static final String OTHER_VARIABLES_SOURCE = "augmentation.*";
    /** First line of the comment of the variables shown to the agent. */
    public static final String SHOWN_TO_AGENT = "Shown to the agent when the interaction was offered:";

    private static final Logger LOG = LoggerFactory.getLogger(EightByEightInteractionsTranslator.class);

    private final IntegrationDefinition integration;
    private final AgentDirectory agents;
    private final ZoneId zone;
    private final String defaultAssignee;
    private final Set<String> namedSources;

    /**
     * @param integration           the feed's Playvox integration (its metadata fields and their sources)
     * @param agents                the agent directory
     * @param zone                  the zone of any time without an offset (report times carry one)
     * @param defaultAssigneeOrNull the Playvox user for agents not in the directory; null or blank to refuse such
     *                              records instead
     */
    public EightByEightInteractionsTranslator(IntegrationDefinition integration, AgentDirectory agents, ZoneId zone,
                                              String defaultAssigneeOrNull) {
        this.integration = Objects.requireNonNull(integration, "integration");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.defaultAssignee = defaultAssigneeOrNull == null || defaultAssigneeOrNull.isBlank()
                ? null : defaultAssigneeOrNull.strip();
        this.namedSources = integration.metadata().stream().map(MetadataField::source).collect(Collectors.toSet());
    }

    /**
     * Translates one interaction.
     *
     * @param record the row and its augmentation (or none)
     * @return the interaction and its comments (0 to 2)
     * @throws InvalidRecordException with the dead-letter reason: {@code missing interactionGuid},
     *                                {@code unmapped agent <agentId> (<agentName>)}, {@code missing required field
     *                                <field_id> (<source>)}, or a value that does not fit its field, e.g.
     *                                {@code field talk_time_ms: 'n/a' is not an integer}; a private value is never
     *                                part of a reason
     */
    public TranslatedInteraction translate(EightByEightInteractionRecord record) {
        Objects.requireNonNull(record, "record");
        Map<String, String> row = record.row();
        EightByEightAugmentation augmentation = record.augmentation();
        String interactionId = interactionId(row.get("interactionGuid"));
        String assignee = assignee(row.get("agentId"), row.get("agentName"));

        Map<String, String> sources = new LinkedHashMap<>(row);
        List<EightByEightAugmentation.Variable> variables = augmentation == null ? List.of() : augmentation.variables();
        if (augmentation != null) {
            sources.putAll(augmentation.sourceFields());
        }
        Set<String> privateSources = variables.stream().filter(EightByEightAugmentation.Variable::privacy)
                .map(v -> AUGMENTATION_PREFIX + v.name()).collect(Collectors.toSet());

        Map<String, Object> metadata = new LinkedHashMap<>();
        for (MetadataField field : integration.metadata()) {
            String raw = field.source().equals(OTHER_VARIABLES_SOURCE) ? otherVariables(variables)
                    : sources.get(field.source());
            boolean masked = privateSources.contains(field.source());
            Object value = masked && field.type() != MetadataType.STRING ? null
                    : MetadataValueConverter.convert(field, raw, zone);
            if (value != null) {
                metadata.put(field.fieldId(), value);
            } else if (field.required()) {
                throw new InvalidRecordException("missing required field " + field.fieldId() + " (" + field.source()
                        + (masked ? ", a private 8x8 variable" : "") + ")");
            }
        }

        OffsetDateTime start = MetadataValueConverter.toOffsetDateTime("startTime", row.get("startTime"), zone);
        OffsetDateTime end = MetadataValueConverter.toOffsetDateTime("endTime", row.get("endTime"), zone);
        List<Comment> comments = new ArrayList<>(2);
        String shown = variables.stream().filter(EightByEightAugmentation.Variable::display)
                .map(v -> v.label() + ": " + (v.value() == null ? "" : v.value()))
                .collect(Collectors.joining("\n"));
        if (!shown.isEmpty()) {
            comments.add(new Comment(SHOWN_TO_AGENT + "\n" + shown, CommentType.INTERNAL_NOTE, assignee, start));
        }
        String notes = row.get("wrapUpNotes");
        if (notes != null && !notes.isBlank()) {
            comments.add(new Comment(notes, CommentType.INTERNAL_NOTE, assignee, end != null ? end : start));
        }
        LOG.debug("8x8 interaction {}: {} augmentation variable(s), {} private (masked)", interactionId,
                variables.size(), privateSources.size());
        return new TranslatedInteraction(new Interaction(interactionId, assignee, metadata), comments);
    }

    /**
     * The stable Playvox {@code interaction_id} of an 8x8 interaction: {@code 8x8-<guid>} when it fits in 68
     * characters and the guid is {@code [A-Za-z0-9._-]+}, else {@code 8x8-sha256-} and the first 40 hex digits of
     * SHA-256 of the guid's UTF-8 bytes (51 characters).
     *
     * @param guid the row's {@code interactionGuid}, used exactly as sent
     * @return the id
     * @throws InvalidRecordException {@code missing interactionGuid} if it is null or blank
     */
    public static String interactionId(String guid) {
        return InteractionIds.stable(ID_PREFIX, guid, "interactionGuid");
    }

    private String assignee(String agentId, String agentName) {
        for (String key : new String[] {agentId, agentName}) {
            if (key != null && !key.isBlank()) {
                var user = agents.playvoxUser(AGENT_SOURCE, key.strip());
                if (user.isPresent()) {
                    return user.get();
                }
            }
        }
        if (defaultAssignee != null) {
            return defaultAssignee;
        }
        boolean noId = agentId == null || agentId.isBlank();
        boolean noName = agentName == null || agentName.isBlank();
        if (noId && noName) {
            throw new InvalidRecordException("unmapped agent (empty agentId and agentName)");
        }
        throw new InvalidRecordException("unmapped agent " + (noId ? "(empty agentId)" : agentId)
                + (noName ? "" : " (" + agentName + ")"));
    }

    /** The variables no metadata field names, as {@code name=value; ...}; null when there are none. */
    private String otherVariables(List<EightByEightAugmentation.Variable> variables) {
        String joined = variables.stream()
                .filter(v -> !namedSources.contains(AUGMENTATION_PREFIX + v.name()))
                .map(v -> v.name() + "=" + (v.value() == null ? "" : v.value()))
                .collect(Collectors.joining("; "));
        return joined.isEmpty() ? null : joined;
    }
}
