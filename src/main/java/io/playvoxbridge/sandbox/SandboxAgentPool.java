package io.playvoxbridge.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The agents the Wolkvox fake's survey and chat reports draw from: the mapped names of the sandbox directory and the
 * unmapped one, each with a stable {@code agent_id} (1001, 1002... in directory order; 1999 for the unmapped agent)
 * and {@code agent_dni} (ten digits derived from the name). The directory lists names only, so the bridge finds these
 * agents by {@code agent_name}, after trying the id and the dni. Immutable.
 */
final class SandboxAgentPool {

    /** The {@code agent_id} of the unmapped agent. */
    static final String UNMAPPED_AGENT_ID = "1999";

    /** One agent as Wolkvox reports name it. */
    record Agent(String id, String dni, String name) {
    }

    private final List<Agent> mapped;
    private final Agent unmapped;

    /**
     * @param mappedNames  agent names of the directory, non-empty
     * @param unmappedName the agent name absent from the directory
     */
    SandboxAgentPool(List<String> mappedNames, String unmappedName) {
        if (mappedNames.isEmpty()) {
            throw new IllegalArgumentException("no mapped agents");
        }
        List<Agent> agents = new ArrayList<>();
        for (int k = 0; k < mappedNames.size(); k++) {
            agents.add(new Agent(Integer.toString(1001 + k), dni(mappedNames.get(k)), mappedNames.get(k)));
        }
        this.mapped = List.copyOf(agents);
        this.unmapped = new Agent(UNMAPPED_AGENT_ID, dni(unmappedName), Objects.requireNonNull(unmappedName));
    }

    /**
     * @param timeline     the report's timeline (its seeded draws)
     * @param index        record index
     * @param unmappedRate share 0..1 of records given to the unmapped agent
     * @param salt         the report's salt for this draw
     * @return the record's agent
     */
    Agent pick(RecordTimeline timeline, long index, double unmappedRate, long salt) {
        if (timeline.unit(index, salt) < unmappedRate) {
            return unmapped;
        }
        return mapped.get((int) (timeline.unit(index, salt + 1) * mapped.size()));
    }

    private static String dni(String name) {
        long n = Math.floorMod(RecordTimeline.mix64(name.hashCode()), 9_000_000_000L);
        return String.format(Locale.ROOT, "%010d", 1_000_000_000L + n);
    }
}
