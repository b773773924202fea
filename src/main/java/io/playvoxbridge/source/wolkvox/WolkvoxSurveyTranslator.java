package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates one Wolkvox {@code diagram_4} record (intelligent survey detail: one survey response) into a Playvox
 * interaction without comments.
 *
 * <p>Input: one element of the {@code data} array of
 * {@code GET https://wv{server}.wolkvox.com/api/v2/reports_manager.php?api=diagram_4} (api-facts 3,
 * https://www.wolkvox.com/en/apis-v2-2/4-smart-survey-details/), every value a string: agent_id, agent_name,
 * agent_dni, skill_id, skill_name, date, conn_id, ani, customer_id, q1..qN (the answers; N varies per survey),
 * voice_message_duration, type_interaction, result, time, voice_message, feeling. Dates are
 * {@code yyyy-MM-dd HH:mm:ss} in the operation's zone.
 *
 * <p>Output (api-facts 1.5, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems):
 * <ul>
 *   <li>{@code interaction_id}: {@code wolkvox-survey-<conn_id>} ({@link WolkvoxInteractionId});</li>
 *   <li>{@code assignee_id}: through the agent directory (source {@code wolkvox}), trying {@code agent_id}, then
 *       {@code agent_dni}, then {@code agent_name} ({@link #AGENT_KEYS}), else the default assignee;</li>
 *   <li>metadata: each field of the integration from its {@code source}, after the {@link PersonalDataPolicy}
 *       ({@code ani}, {@code customer_id}, {@code agent_dni}; masked unless configured otherwise). The answers: the
 *       integration declares one field per question it carries ({@code source: q1}, {@code q2}, ...); an absent or
 *       blank answer leaves its field out, and a record with a non-blank answer to a question no field declares is
 *       refused, so an answer is never lost silently;</li>
 *   <li>no comments: the voice message is metadata (a survey response is not a conversation).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class WolkvoxSurveyTranslator {

    /** The report this translator reads. */
    public static final String REPORT = "diagram_4";
    /** Prefix of every interaction id this translator makes. */
    public static final String ID_PREFIX = "wolkvox-survey-";
    /**
     * The agent fields tried against the agent directory, in this order: {@code agent_id} is Wolkvox's own stable
     * number for the agent and is not personal data; {@code agent_dni} is unique to a person but is personal data
     * (a directory keyed by it holds national id numbers); {@code agent_name} is what chat_4 rows already use, but a
     * name can be spelt differently or shared.
     */
    public static final List<String> AGENT_KEYS = List.of("agent_id", "agent_dni", "agent_name");
    /** Prefix of the personal-data settings of this feed: {@code wolkvox.survey.personal-data.<field>}. */
    public static final String PERSONAL_DATA_PREFIX = "wolkvox.survey.personal-data.";
    /** The personal-data fields of diagram_4 and their default rule: all masked. */
    public static final Map<String, PersonalDataPolicy.Rule> PERSONAL_DATA_DEFAULTS;

    static {
        Map<String, PersonalDataPolicy.Rule> defaults = new LinkedHashMap<>();
        defaults.put("ani", PersonalDataPolicy.Rule.MASK);
        defaults.put("customer_id", PersonalDataPolicy.Rule.MASK);
        defaults.put("agent_dni", PersonalDataPolicy.Rule.MASK);
        PERSONAL_DATA_DEFAULTS = Collections.unmodifiableMap(defaults);
    }

    private static final Pattern QUESTION = Pattern.compile("q([1-9][0-9]{0,5})", Pattern.CASE_INSENSITIVE);

    private final WolkvoxMetadata metadata;
    private final IntegrationDefinition integration;
    private final WolkvoxAssignees assignees;
    private final PersonalDataPolicy personal;
    private final TreeSet<Integer> declaredQuestions = new TreeSet<>();
    private final Set<String> declaredSources = new HashSet<>();

    /**
     * @param integration           the feed's Playvox integration (integrations/wolkvox-survey.yaml)
     * @param agents                the agent directory
     * @param zone                  the zone of Wolkvox's dates (the operation's local zone), e.g. America/Bogota
     * @param defaultAssigneeOrNull the Playvox user for agents not in the directory; null or blank to refuse such
     *                              records instead
     * @param personal              what to do with ani, customer_id and agent_dni, e.g.
     *                              {@code PersonalDataPolicy.fromSettings(PERSONAL_DATA_PREFIX, PERSONAL_DATA_DEFAULTS, settings)}
     * @throws IllegalArgumentException if a metadata field of a personal-data source is not an optional string
     */
    public WolkvoxSurveyTranslator(IntegrationDefinition integration, AgentDirectory agents, ZoneId zone,
                                   String defaultAssigneeOrNull, PersonalDataPolicy personal) {
        this.metadata = new WolkvoxMetadata(integration, zone, REPORT, personal);
        this.assignees = new WolkvoxAssignees(agents, defaultAssigneeOrNull);
        this.integration = integration;
        this.personal = personal;
        for (MetadataField field : integration.metadata()) {
            Matcher q = QUESTION.matcher(field.source());
            if (q.matches()) {
                declaredQuestions.add(Integer.parseInt(q.group(1)));
                declaredSources.add(field.source());
            }
        }
    }

    /**
     * Translates one diagram_4 record.
     *
     * @param record field name to string value, as Wolkvox sent it (absent and null values are empty)
     * @return the interaction; its comment list is empty
     * @throws InvalidRecordException with the dead-letter reason: {@code missing conn_id}; {@code diagram_4 answer
     *                                q11 '3' has no metadata field (integrations/wolkvox-survey.yaml declares q1..q10;
     *                                add a field with source q11)}; {@code unmapped agent (agent_id 77, agent_dni
     *                                ******4567, agent_name Ana)}; {@code missing required field survey_date
     *                                (diagram_4 date)}; or a value that does not fit its field. Personal data appears
     *                                masked in every reason.
     */
    public TranslatedInteraction translate(Map<String, String> record) {
        Objects.requireNonNull(record, "record");
        String interactionId = interactionId(record);
        checkAnswersDeclared(record);
        String assignee = assignees.resolve(record, AGENT_KEYS, personal);
        return new TranslatedInteraction(new Interaction(interactionId, assignee, metadata.of(record)), List.of());
    }

    /**
     * @param record a diagram_4 record
     * @return its interaction id, {@code wolkvox-survey-<conn_id>} (hashed when conn_id is long or unusual)
     * @throws InvalidRecordException {@code missing conn_id}
     */
    public static String interactionId(Map<String, String> record) {
        return WolkvoxInteractionId.of(ID_PREFIX, "conn_id", record.get("conn_id"));
    }

    /** @return the question numbers the integration has a field for, ascending */
    public List<Integer> declaredQuestions() {
        return List.copyOf(declaredQuestions);
    }

    private void checkAnswersDeclared(Map<String, String> record) {
        for (Map.Entry<String, String> entry : record.entrySet()) {
            Matcher q = QUESTION.matcher(entry.getKey());
            String answer = entry.getValue();
            if (q.matches() && answer != null && !answer.isBlank() && !declaredSources.contains(entry.getKey())) {
                throw new InvalidRecordException(REPORT + " answer " + entry.getKey() + " '" + shorten(answer)
                        + "' has no metadata field (" + integration.location() + " declares " + declared()
                        + "; add a field with source " + entry.getKey() + ")");
            }
        }
    }

    private String declared() {
        if (declaredQuestions.isEmpty()) {
            return "no question";
        }
        int first = declaredQuestions.first();
        int last = declaredQuestions.last();
        if (last - first + 1 == declaredQuestions.size()) {
            return first == last ? "q" + first : "q" + first + "..q" + last;
        }
        List<String> names = new ArrayList<>();
        declaredQuestions.forEach(n -> names.add("q" + n));
        return String.join(", ", names);
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
