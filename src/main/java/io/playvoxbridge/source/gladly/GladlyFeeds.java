package io.playvoxbridge.source.gladly;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.FeedWiring;
import io.playvoxbridge.feed.DeliveryLogIdempotentRepository;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.playvox.IntegrationDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;

/**
 * Binds the beans of the Gladly feed that runs ({@link ActiveFeeds}): {@code gladly-conversations} (closed
 * conversations from the events API, their items as comments). Settings: {@code gladly.base-url},
 * {@code gladly.username}, {@code gladly.api-token} (HTTP Basic), {@code gladly.requests-per-second},
 * {@code gladly.agents.max-age}, and {@code gladly.conversations.*}. Follows api-facts 6, GLADLY-OAS
 * https://developer.gladly.com/rest/; docs/feeds/gladly.md has the routes, settings and mapping.
 *
 * <p>Beans: {@code gladlyApi} (requests and answers), {@code gladlyRequestGate} (header-driven pacing),
 * {@code gladlyItemsAggregation}, {@code gladlyConversationsFeed}.
 */
public final class GladlyFeeds {

    /** Gladly's limit: requests a second per organization, all tokens together (api-facts 6). */
    public static final int GLADLY_REQUESTS_PER_SECOND = 10;
    /** Default longest window: one events request per hour of events. */
    public static final Duration DEFAULT_MAX_WINDOW = Duration.ofHours(1);
    /** How old the agent list may be before an unknown agent id loads it again (a new agent). */
    public static final Duration UNKNOWN_AGENT_RETRY = Duration.ofMinutes(1);

    private GladlyFeeds() {
    }

    /**
     * @param w the shared wiring
     * @throws BridgeConfigurationException naming the key of a bad Gladly setting
     */
    public static void configure(FeedWiring w) {
        BridgeSettings s = w.settings();
        s.url("gladly.base-url");
        String user = s.required("gladly.username");
        String token = s.required("gladly.api-token");
        s.integer("gladly.requests-per-second", GLADLY_REQUESTS_PER_SECOND, 1, GLADLY_REQUESTS_PER_SECOND);
        GladlyRequestGate gate = new GladlyRequestGate(new GladlyRateLimitPacer(w.clock()), w.clock());
        w.registry().bind("gladlyRequestGate", gate);
        w.registry().bind("gladlyApi", new GladlyApi(user, token, gate, w.statusCheck(), w.json()));
        w.registry().bind("gladlyItemsAggregation", new GladlyItemsAggregation());

        var conversations = w.active(GladlyConversationsFeed.FEED);
        if (conversations.isEmpty()) {
            return;
        }
        ActiveFeeds.Feed feed = conversations.get();
        String key = feed.key();
        IntegrationDefinition integration = w.integration(feed);
        Duration maxWindow = s.duration(key + ".max-window", DEFAULT_MAX_WINDOW);
        if (maxWindow.isZero() || maxWindow.compareTo(GladlyConversationsFeed.EVENTS_REACH) > 0) {
            throw new BridgeConfigurationException(key + ".max-window: " + maxWindow
                    + " must be positive and at most PT24H (the events API's reach)");
        }
        Duration agentsMaxAge = s.duration("gladly.agents.max-age", Duration.ofMinutes(30));
        if (agentsMaxAge.isZero()) {
            throw new BridgeConfigurationException("gladly.agents.max-age: must be positive");
        }
        s.cron(key + ".cron");
        Optional<LocalDateTime> startAt = s.localDateTime(key + ".start-at");
        // windows end EVENTS_LAG before now: events are up to 15 s behind real time
        FeedWindowPlanner planner = new FeedWindowPlanner(feed.id(), startAt, ZoneOffset.UTC,
                s.duration(key + ".lookback", Duration.ofMinutes(10)), maxWindow, w.watermarks(),
                GladlyConversationsFeed.plannerClock(w.clock()));

        ProducerTemplate template = w.camel().createProducerTemplate();
        GladlyAgents agents = new GladlyAgents(() -> loadAgents(template), w.clock()::instant, agentsMaxAge,
                UNKNOWN_AGENT_RETRY);
        GladlyConversationTranslator translator = new GladlyConversationTranslator(integration, w.agents(), agents,
                w.defaultAssignee().orElse(null));
        DeliveryLogIdempotentRepository deliveryLog = w.registry().lookupByNameAndType(
                "deliveryLogIdempotentRepository", DeliveryLogIdempotentRepository.class);
        Optional<Instant> start = startAt.map(t -> t.toInstant(ZoneOffset.UTC));
        w.registry().bind("gladlyConversationsFeed", new GladlyConversationsFeed(planner, integration, translator,
                w.setup(), w.reconciler(), w.tracker(), w.settleTimeout(), w.watermarks(), start, w.deadLetters(),
                deliveryLog, w.json(), w.clock()));
    }

    /** {@code GET /api/v1/agents} through the request route (pacing, retries). */
    private static List<GladlyAgents.Agent> loadAgents(ProducerTemplate template) {
        Exchange result = template.request("direct:gladly-request",
                e -> e.getMessage().setHeader(Exchange.HTTP_PATH, GladlyApi.AGENTS_PATH));
        if (result.getException() != null) {
            Exception error = result.getException();
            throw error instanceof RuntimeException r ? r : new RuntimeCamelException(error);
        }
        return GladlyAgents.parse(result.getMessage().getBody(com.fasterxml.jackson.databind.JsonNode.class));
    }
}
