package io.playvoxbridge.source.gladly;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cache of Gladly's agent list, {@code GET /api/v1/agents}: an array of {@code {id, name, emailAddress}}
 * (api-facts 6; GLADLY-OAS https://developer.gladly.com/rest/ "List Agents": {@code emailAddress} is the agent's
 * login e-mail). It maps the agent ids that conversations and items carry ({@code context.assignee.agentId},
 * {@code initiator.id}) to the agent.
 *
 * <p>Pure: the list comes from a {@link Supplier} given by the caller (the route's HTTP call), the time from another
 * ({@code clock::instant}). Loading rules, so that one poll makes at most a few agent calls:
 * <ul>
 *   <li>the list is loaded at the first lookup, and again at the first lookup after it is older than
 *       {@code maxAge};</li>
 *   <li>an id missing from the list loads it again (a new agent) unless the list is younger than
 *       {@code unknownRetryAfter}; so a run of conversations of a deleted agent costs one reload, not one per
 *       conversation;</li>
 *   <li>when loading fails, the exception (the supplier's own, e.g. a 429 or 5xx for the route to retry) reaches the
 *       caller and the previous list stays in use for the next lookup.</li>
 * </ul>
 * Thread-safe.
 */
public final class GladlyAgents {

    /**
     * One agent.
     *
     * @param id           Gladly's agent id
     * @param name         first and last name, or null
     * @param emailAddress the agent's login e-mail, or null
     */
    public record Agent(String id, String name, String emailAddress) {
        /** Checks the id. */
        public Agent {
            Objects.requireNonNull(id, "id");
        }
    }

    private final Supplier<List<Agent>> loader;
    private final Supplier<Instant> now;
    private final Duration maxAge;
    private final Duration unknownRetryAfter;
    private Map<String, Agent> byId;
    private Instant loadedAt;
    private int loads;

    /**
     * @param loader            calls {@code GET /api/v1/agents} and returns {@link #parse(JsonNode)} of the answer
     * @param now               the current time, e.g. {@code clock::instant}
     * @param maxAge            how long a loaded list is used before it is loaded again, positive
     * @param unknownRetryAfter how old the list must be before an unknown id loads it again, {@code >= 0}
     */
    public GladlyAgents(Supplier<List<Agent>> loader, Supplier<Instant> now, Duration maxAge,
                        Duration unknownRetryAfter) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.now = Objects.requireNonNull(now, "now");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.unknownRetryAfter = Objects.requireNonNull(unknownRetryAfter, "unknownRetryAfter");
        if (maxAge.isNegative() || maxAge.isZero() || unknownRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxAge must be positive and unknownRetryAfter >= 0");
        }
    }

    /**
     * A fixed list that is never loaded again (tests, replays of a stored list).
     *
     * @param agents the agents
     * @return the cache
     */
    public static GladlyAgents of(List<Agent> agents) {
        List<Agent> copy = List.copyOf(agents);
        return new GladlyAgents(() -> copy, Instant::now, Duration.ofDays(36_500), Duration.ofDays(36_500));
    }

    /**
     * Reads the answer of {@code GET /api/v1/agents}. Elements without an {@code id} are skipped.
     *
     * @param answer the parsed JSON body
     * @return the agents in answer order
     * @throws IllegalArgumentException when the answer is not a JSON array
     */
    public static List<Agent> parse(JsonNode answer) {
        if (answer == null || !answer.isArray()) {
            throw new IllegalArgumentException("GET /api/v1/agents: expected a JSON array of agents, got "
                    + (answer == null ? "nothing" : answer.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        List<Agent> agents = new ArrayList<>();
        for (JsonNode a : answer) {
            String id = GladlyConversationEvent.text(a, "id");
            if (id != null) {
                agents.add(new Agent(id, GladlyConversationEvent.text(a, "name"),
                        GladlyConversationEvent.text(a, "emailAddress")));
            }
        }
        return agents;
    }

    /**
     * Looks an agent up, loading the list as the rules above say.
     *
     * @param agentId a Gladly agent id; null or blank gives empty without loading
     * @return the agent, or empty when the list (after a reload when due) does not hold it
     * @throws RuntimeException whatever the loader throws
     */
    public synchronized Optional<Agent> agent(String agentId) {
        if (agentId == null || agentId.isBlank()) {
            return Optional.empty();
        }
        Instant at = now.get();
        if (byId == null || !at.isBefore(loadedAt.plus(maxAge))) {
            load(at);
        }
        Agent agent = byId.get(agentId);
        if (agent == null && !at.isBefore(loadedAt.plus(unknownRetryAfter))) {
            load(at);
            agent = byId.get(agentId);
        }
        return Optional.ofNullable(agent);
    }

    /**
     * @param agentId a Gladly agent id
     * @return the agent's {@code emailAddress}, or empty when the agent is unknown or has none
     */
    public Optional<String> email(String agentId) {
        return agent(agentId).map(Agent::emailAddress).filter(e -> !e.isBlank());
    }

    /** @return how many times the list has been loaded */
    public synchronized int loads() {
        return loads;
    }

    private void load(Instant at) {
        List<Agent> agents = Objects.requireNonNull(loader.get(), "the agent loader returned null");
        Map<String, Agent> map = new HashMap<>();
        agents.forEach(a -> map.putIfAbsent(a.id(), a));
        byId = map;
        loadedAt = at;
        loads++;
    }
}
