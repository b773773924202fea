package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PersonalDataPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the Playvox user ({@code assignee_id}, api-facts 1.5: "should match email or username in playvox") of the
 * agent of a Wolkvox record, trying several of the record's agent fields in turn against the agent directory
 * (source {@value #AGENT_SOURCE}; see {@link AgentDirectory}).
 *
 * <p>The first field, in the order given, whose non-blank value is an {@code agent_key} of the directory wins.
 * When none is, the default assignee is used if there is one, else the record is refused. Immutable and
 * thread-safe.
 */
public final class WolkvoxAssignees {

    /** The {@code source} of Wolkvox agents in the agent directory. */
    public static final String AGENT_SOURCE = "wolkvox";

    private final AgentDirectory agents;
    private final String defaultAssignee;

    /**
     * @param agents                the agent directory
     * @param defaultAssigneeOrNull the Playvox user for agents not in the directory; null or blank to refuse such
     *                              records instead
     */
    public WolkvoxAssignees(AgentDirectory agents, String defaultAssigneeOrNull) {
        this.agents = Objects.requireNonNull(agents, "agents");
        this.defaultAssignee = defaultAssigneeOrNull == null || defaultAssigneeOrNull.isBlank()
                ? null : defaultAssigneeOrNull.strip();
    }

    /**
     * @param record    the vendor record
     * @param keyFields the agent fields to try, most reliable first, e.g. {@code agent_id, agent_dni, agent_name}
     * @param personal  the feed's personal-data policy: its fields appear masked in the error, whatever their rule
     * @return the Playvox user of the first field that the directory knows, else the default assignee
     * @throws InvalidRecordException when no field matches and there is no default assignee:
     *                                {@code unmapped agent (agent_id 77, agent_dni ******4567, agent_name Ana)}
     *                                (blank fields left out), or {@code unmapped agent (empty agent_id and agent_name)}
     */
    public String resolve(Map<String, String> record, List<String> keyFields, PersonalDataPolicy personal) {
        for (String field : keyFields) {
            String key = record.get(field);
            if (key != null && !key.isBlank()) {
                Optional<String> user = agents.playvoxUser(AGENT_SOURCE, key.strip());
                if (user.isPresent()) {
                    return user.get();
                }
            }
        }
        if (defaultAssignee != null) {
            return defaultAssignee;
        }
        List<String> shown = new ArrayList<>();
        for (String field : keyFields) {
            String key = record.get(field);
            if (key != null && !key.isBlank()) {
                shown.add(field + " " + (personal.isPersonal(field) ? PersonalDataPolicy.mask(key) : key.strip()));
            }
        }
        throw new InvalidRecordException(shown.isEmpty()
                ? "unmapped agent (empty " + joinAnd(keyFields) + ")"
                : "unmapped agent (" + String.join(", ", shown) + ")");
    }

    private static String joinAnd(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
