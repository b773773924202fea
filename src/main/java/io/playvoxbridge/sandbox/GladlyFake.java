package io.playvoxbridge.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful in-JVM fake of the parts of Gladly's REST API that the conversations feed reads, served on 127.0.0.1 with
 * the JDK's HTTP server. Follows api-facts section 6 (GLADLY-OAS https://developer.gladly.com/rest/, as copied in
 * github.com/saitejach127/n8n-nodes-gladly {@code nodes/Gladly/openapi.json}; GLADLY-EX
 * https://github.com/gladly/rest-api-examples). What api-facts and GLADLY-OAS leave open is marked
 * <i>(assumption)</i>; docs/feeds/gladly.md lists the same.
 * <ul>
 *   <li><b>Auth</b>: HTTP Basic, user = the API user's agent e-mail, password = its API token. Anything else: 401
 *       {@code {"errors":[{"code":"unauthorized","detail":...}]}} <i>(body: assumption)</i>, before the rate
 *       limit.</li>
 *   <li><b>Rate limit, enforced</b>: {@link Options#requestsPerSecond()} (10) authenticated requests per clock second
 *       for the whole organization. Every authenticated answer carries {@code Ratelimit-Limit-Second} and
 *       {@code Ratelimit-Remaining-Second}; a request over the limit gets 429 with {@code Retry-After} (seconds to
 *       the next second, so 1) and {@code {"errors":[{"code":"rate_limited",...}]}} <i>(body, Retry-After value, and
 *       fixed one-second windows: assumption)</i> and does not count.</li>
 *   <li>{@code GET /api/v1/events?startAt=ISO&endAt=ISO&entities=X&entities=Y}: a JSONL stream
 *       ({@code application/x-jsonlines}), one event a line, sorted by timestamp ascending. {@code startAt} is
 *       required and must lie within the last 24 hours; {@code endAt} defaults to now; events are those with
 *       {@code startAt <= timestamp < endAt} <i>(bound inclusivity: assumption)</i> recorded at least
 *       {@link Options#eventLag()} ago ("up to 15 seconds behind real-time"). At least one entity is required; known
 *       entities: AGENT_AVAILABILITY, AGENT_STATUS, CONTACT, CONVERSATION, CUSTOMER, PAYMENT_REQUEST, TASK. Only
 *       {@code CONVERSATION} has events here: CONVERSATION/CREATED, CONVERSATION_ASSIGNEE/UPDATED,
 *       CONVERSATION/NOTE_CREATED, CONVERSATION/CLOSED, CONVERSATION/REOPENED <i>(that the CONVERSATION entity
 *       includes CONVERSATION_ASSIGNEE/*: assumption)</i>. No paging is documented: the whole range is streamed.
 *       Errors: 400 {@code {"errors":[{"attr","code","detail"}]}} (blank or invalid startAt, endAt, entities).</li>
 *   <li>{@code GET /api/v1/conversations/{id}/items}: a JSON array of the items recorded so far, ascending, at most
 *       {@link Options#maxItemsPerAnswer()} (1000) with header {@code Gladly-Limited-Data: true} when there are more
 *       <i>(header value: assumption)</i>; 404 {@code {"errors":[{"code":"not_exist","detail":"conversation does not
 *       exist"}]}} for an unknown id.</li>
 *   <li>{@code GET /api/v1/agents}: a JSON array {@code [{id, name, emailAddress}]}; {@code GET /api/v1/agents/{id}}:
 *       one, or 404.</li>
 *   <li>Other paths: 404; other methods: 405 <i>(bodies: assumption)</i>.</li>
 * </ul>
 *
 * <p>Data: {@link GladlyConversationGenerator} with {@link Options#seed()}: {@link Options#historyConversations()}
 * conversations over {@code [anchor - historySpan, anchor)}, then {@link Options#conversationsPerMinute()} a
 * minute; each closed once, the {@link Options#reopenRate()} share reopened and closed again; the
 * {@link Options#unmappedAgentRate()} share assigned to {@link #UNMAPPED_AGENT_ID}, an agent absent from
 * {@code /api/v1/agents}. The agents are the Playvox users of {@link WolkvoxFake#SANDBOX_AGENTS_RESOURCE} (their
 * Gladly {@code emailAddress} is their Playvox e-mail, so no agent directory row is needed).
 *
 * <p>Faults ({@link #faults(Faults)}, off by default): see {@link Faults}. Thread-safe. Typical use:
 * {@code try (var fake = new GladlyFake(Options.defaults("api@x.test", "t"))) { fake.start(0); ... }}.
 */
public final class GladlyFake implements AutoCloseable {

    /** Path of the events API. */
    public static final String EVENTS_PATH = "/api/v1/events";
    /** Path of the agent list. */
    public static final String AGENTS_PATH = "/api/v1/agents";
    /** Prefix of {@code /api/v1/conversations/{id}/items}. */
    public static final String CONVERSATIONS_PATH = "/api/v1/conversations/";
    /** Header that says an items answer was cut at {@link Options#maxItemsPerAnswer()}. */
    public static final String LIMITED_DATA_HEADER = "Gladly-Limited-Data";
    /** How far back {@code startAt} may reach ("Must be from last 24 hours"). */
    public static final Duration EVENTS_REACH = Duration.ofHours(24);
    /** An agent id some conversations are assigned to and {@code /api/v1/agents} does not list (a deleted agent). */
    public static final String UNMAPPED_AGENT_ID = "dEaCtIvAtEdSaNdBoXaGnT";
    /** Entities {@code /api/v1/events} accepts. */
    public static final Set<String> ENTITIES = Set.of("AGENT_AVAILABILITY", "AGENT_STATUS", "CONTACT", "CONVERSATION",
            "CUSTOMER", "PAYMENT_REQUEST", "TASK");

    /** Names of the request faults in {@link #injectedFaults()}. */
    static final String FAULT_RESET = "connection_reset";
    static final String FAULT_SERVER_ERROR = "server_error";
    static final String FAULT_RATE_LIMIT = "rate_limit";
    static final String FAULT_CUT_ANSWER = "cut_answer";

    /** Seeded-draw salt of the malformed-line decision of an event (distinct from {@link SeededDraws}' own). */
    static final long MALFORMED_LINE = 0x31L;
    /** Seeded-draw salt of the cut-answer decision of a request. */
    static final long CUT_ANSWER = 0x32L;

    private static final Logger LOG = LoggerFactory.getLogger(GladlyFake.class);
    private static final String JSONL = "application/x-jsonlines";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Comparator<Served> SERVED_ORDER = Comparator.comparing((Served s) -> s.event().at())
            .thenComparingLong(Served::index).thenComparingInt(s -> s.event().ordinal());

    /**
     * Settings of the fake.
     *
     * @param apiUser                the API user's agent e-mail (HTTP Basic user)
     * @param apiToken               its API token (HTTP Basic password)
     * @param seed                   seed of the generator and of the fault draws
     * @param historyConversations   conversations created before the anchor, {@code >= 0}
     * @param historySpan            how far before the anchor they reach, positive
     * @param conversationsPerMinute conversations created per minute after the anchor, {@code >= 0}
     * @param reopenRate             share 0..1 of conversations reopened and closed again
     * @param unmappedAgentRate      share 0..1 of conversations assigned to {@link #UNMAPPED_AGENT_ID}
     * @param eventLag               how long after its timestamp an event is served, {@code >= 0}
     * @param requestsPerSecond      the organization's rate limit, {@code >= 1}
     * @param maxItemsPerAnswer      most items in one items answer, {@code >= 1}
     * @param latency                delay before every authenticated answer, {@code >= 0}
     * @param clock                  "now": anchor, visibility, the 24-hour reach and the rate-limit seconds
     */
    public record Options(String apiUser, String apiToken, long seed, int historyConversations, Duration historySpan,
                          double conversationsPerMinute, double reopenRate, double unmappedAgentRate, Duration eventLag,
                          int requestsPerSecond, int maxItemsPerAnswer, Duration latency, Clock clock) {

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException if a value is out of range; NullPointerException if one is missing
         */
        public Options {
            Objects.requireNonNull(apiUser, "apiUser");
            Objects.requireNonNull(apiToken, "apiToken");
            Objects.requireNonNull(historySpan, "historySpan");
            Objects.requireNonNull(eventLag, "eventLag");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(clock, "clock");
            if (apiUser.isBlank() || apiUser.contains(":") || apiToken.isBlank()) {
                throw new IllegalArgumentException("apiUser (without ':') and apiToken must not be blank");
            }
            if (historyConversations < 0 || historySpan.isNegative() || historySpan.isZero()) {
                throw new IllegalArgumentException("historyConversations must be >= 0 and historySpan positive");
            }
            if (!(conversationsPerMinute >= 0) || Double.isInfinite(conversationsPerMinute)) {
                throw new IllegalArgumentException("conversationsPerMinute must be finite and >= 0");
            }
            rate("reopenRate", reopenRate);
            rate("unmappedAgentRate", unmappedAgentRate);
            if (eventLag.isNegative() || latency.isNegative() || requestsPerSecond < 1 || maxItemsPerAnswer < 1) {
                throw new IllegalArgumentException("eventLag and latency must be >= 0, requestsPerSecond and "
                        + "maxItemsPerAnswer >= 1");
            }
        }

        /**
         * Seed 42; 300 conversations over the 12 hours before the start, then 4 a minute; 10% reopened; 2% assigned to
         * the unmapped agent; events 15 s behind; 10 requests a second; 1000 items per answer; no latency; the system
         * clock.
         *
         * @param apiUser  the API user's e-mail
         * @param apiToken its token
         * @return the default options
         */
        public static Options defaults(String apiUser, String apiToken) {
            return new Options(apiUser, apiToken, 42L, 300, Duration.ofHours(12), 4.0, 0.10, 0.02,
                    Duration.ofSeconds(15), 10, 1000, Duration.ZERO, Clock.systemUTC());
        }

        /** @return a copy with another seed */
        public Options withSeed(long s) {
            return new Options(apiUser, apiToken, s, historyConversations, historySpan, conversationsPerMinute,
                    reopenRate, unmappedAgentRate, eventLag, requestsPerSecond, maxItemsPerAnswer, latency, clock);
        }

        /** @return a copy with {@code n} conversations over {@code span} before the anchor */
        public Options withHistory(int n, Duration span) {
            return new Options(apiUser, apiToken, seed, n, span, conversationsPerMinute, reopenRate, unmappedAgentRate,
                    eventLag, requestsPerSecond, maxItemsPerAnswer, latency, clock);
        }

        /** @return a copy with another number of conversations a minute after the anchor (0 = none) */
        public Options withConversationsPerMinute(double r) {
            return new Options(apiUser, apiToken, seed, historyConversations, historySpan, r, reopenRate,
                    unmappedAgentRate, eventLag, requestsPerSecond, maxItemsPerAnswer, latency, clock);
        }

        /** @return a copy with another share of reopened conversations */
        public Options withReopenRate(double r) {
            return new Options(apiUser, apiToken, seed, historyConversations, historySpan, conversationsPerMinute, r,
                    unmappedAgentRate, eventLag, requestsPerSecond, maxItemsPerAnswer, latency, clock);
        }

        /** @return a copy with another share of conversations of the unmapped agent */
        public Options withUnmappedAgentRate(double r) {
            return new Options(apiUser, apiToken, seed, historyConversations, historySpan, conversationsPerMinute,
                    reopenRate, r, eventLag, requestsPerSecond, maxItemsPerAnswer, latency, clock);
        }

        /** @return a copy with another delay of events behind real time */
        public Options withEventLag(Duration d) {
            return new Options(apiUser, apiToken, seed, historyConversations, historySpan, conversationsPerMinute,
                    reopenRate, unmappedAgentRate, d, requestsPerSecond, maxItemsPerAnswer, latency, clock);
        }

        /** @return a copy with another rate limit */
        public Options withRequestsPerSecond(int n) {
            return new Options(apiUser, apiToken, seed, historyConversations, historySpan, conversationsPerMinute,
                    reopenRate, unmappedAgentRate, eventLag, n, maxItemsPerAnswer, latency, clock);
        }

        /** @return a copy with another cap of items per answer */
        public Options withMaxItemsPerAnswer(int n) {
            return new Options(apiUser, apiToken, seed, historyConversations, historySpan, conversationsPerMinute,
                    reopenRate, unmappedAgentRate, eventLag, requestsPerSecond, n, latency, clock);
        }

        /** @return a copy with another delay before every answer */
        public Options withLatency(Duration d) {
            return new Options(apiUser, apiToken, seed, historyConversations, historySpan, conversationsPerMinute,
                    reopenRate, unmappedAgentRate, eventLag, requestsPerSecond, maxItemsPerAnswer, d, clock);
        }

        /** @return a copy with another clock */
        public Options withClock(Clock c) {
            return new Options(apiUser, apiToken, seed, historyConversations, historySpan, conversationsPerMinute,
                    reopenRate, unmappedAgentRate, eventLag, requestsPerSecond, maxItemsPerAnswer, latency, c);
        }

        static void rate(String name, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be within 0..1: " + rate);
            }
        }
    }

    /**
     * Fault knobs, changeable at runtime; {@link #none()} turns every one off.
     *
     * <p>Request faults apply to authenticated requests admitted by the rate limit, after the latencies. The n-th such
     * request (from 0) is decided by seeded draws of ({@link Options#seed()}, n, knob), independent of each other;
     * when several hit, the first in this order wins:
     * <ol>
     *   <li>{@code connectionResetRate}: the connection is closed without a byte of answer;</li>
     *   <li>{@code serverErrorRate}: 500 {@code {"errors":[{"code":"internal_error",...}]}} <i>(body: assumption)</i>;</li>
     *   <li>{@code rateLimitRate}: 429 as the enforced limit answers it, but with {@code Retry-After:
     *       retryAfterSeconds} (a burst from other clients of the organization);</li>
     *   <li>{@code cutAnswerRate}: a 200 whose body stops half-way: {@code Content-Length} announces the whole body, half
     *       is sent and the connection closes, so the client sees a premature end of stream (an events answer is cut
     *       in the middle of a line).</li>
     * </ol>
     * {@code malformedLineRate} is per event, not per request: an event is malformed if a seeded draw of (seed,
     * conversation index * 64 + event position) is below the rate, in every answer that holds it. Kind by that key
     * mod 4: (a) the line cut in half; (b) {@code content.conversationId} missing; (c) {@code timestamp} on
     * February 30; (d) the event's JSON text as a JSON string instead of an object.
     *
     * @param serverErrorRate     share 0..1 of requests answered 500
     * @param rateLimitRate       share 0..1 of requests answered 429
     * @param retryAfterSeconds   {@code Retry-After} of those 429s, {@code >= 0}
     * @param latency             extra delay before every answer, {@code >= 0}
     * @param connectionResetRate share 0..1 of requests dropped without answer
     * @param cutAnswerRate       share 0..1 of 200 answers cut half-way
     * @param malformedLineRate   share 0..1 of events served malformed
     */
    public record Faults(double serverErrorRate, double rateLimitRate, int retryAfterSeconds, Duration latency,
                         double connectionResetRate, double cutAnswerRate, double malformedLineRate) {

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException if a value is out of range; NullPointerException if latency is missing
         */
        public Faults {
            Objects.requireNonNull(latency, "latency");
            Options.rate("serverErrorRate", serverErrorRate);
            Options.rate("rateLimitRate", rateLimitRate);
            Options.rate("connectionResetRate", connectionResetRate);
            Options.rate("cutAnswerRate", cutAnswerRate);
            Options.rate("malformedLineRate", malformedLineRate);
            if (retryAfterSeconds < 0 || latency.isNegative()) {
                throw new IllegalArgumentException("retryAfterSeconds and latency must be >= 0");
            }
        }

        /** @return no faults; {@code Retry-After} 1 s if the 429 rate is raised */
        public static Faults none() {
            return new Faults(0, 0, 1, Duration.ZERO, 0, 0, 0);
        }

        /** @return a copy with another share of 500 answers */
        public Faults withServerErrorRate(double r) {
            return new Faults(r, rateLimitRate, retryAfterSeconds, latency, connectionResetRate, cutAnswerRate,
                    malformedLineRate);
        }

        /** @return a copy with another share of injected 429 answers and their {@code Retry-After} in seconds */
        public Faults withRateLimit(double r, int retryAfter) {
            return new Faults(serverErrorRate, r, retryAfter, latency, connectionResetRate, cutAnswerRate,
                    malformedLineRate);
        }

        /** @return a copy with another extra delay */
        public Faults withLatency(Duration d) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, d, connectionResetRate, cutAnswerRate,
                    malformedLineRate);
        }

        /** @return a copy with another share of dropped connections */
        public Faults withConnectionResetRate(double r) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, r, cutAnswerRate,
                    malformedLineRate);
        }

        /** @return a copy with another share of answers cut half-way */
        public Faults withCutAnswerRate(double r) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate, r,
                    malformedLineRate);
        }

        /** @return a copy with another share of malformed event lines */
        public Faults withMalformedLineRate(double r) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate,
                    cutAnswerRate, r);
        }
    }

    /** How a malformed event line is broken; see {@link Faults}. */
    enum Malformation {
        /** (a) the line cut in half. */
        CUT_LINE,
        /** (b) no content.conversationId. */
        MISSING_CONVERSATION_ID,
        /** (c) timestamp on February 30. */
        IMPOSSIBLE_TIMESTAMP,
        /** (d) a JSON string instead of an object. */
        NOT_AN_OBJECT
    }

    /**
     * Thrown out of the handler to make the JDK server close the connection mid-answer: its exchange loop closes the
     * connection of a handler that throws, and the half-sent fixed-length body is never completed.
     */
    private static final class DropConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DropConnection() {
            super("cut answer", null, false, false);
        }
    }

    /** One event of one conversation, as a window holds it. */
    private record Served(long index, GladlyConversationGenerator.Stamped event) {
    }

    private final Options options;
    private final List<GladlyConversationGenerator.Agent> agents;
    private final String expectedAuthorization;
    private final Map<String, AtomicInteger> injected = new LinkedHashMap<>();
    private final AtomicLong faultSequence = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final RateWindow rateWindow = new RateWindow();
    private volatile Faults faults = Faults.none();
    private volatile GladlyConversationGenerator generator;
    private volatile SandboxHttp.Server server;

    /**
     * Creates a stopped fake; nothing is generated before {@link #start(int)}.
     *
     * @param options settings, see {@link Options#defaults(String, String)}
     * @throws IllegalStateException if {@link WolkvoxFake#SANDBOX_AGENTS_RESOURCE} cannot be read
     */
    public GladlyFake(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        Map<String, String> names = new LinkedHashMap<>();
        SandboxAgents.read(WolkvoxFake.SANDBOX_AGENTS_RESOURCE)
                .forEach(row -> names.putIfAbsent(row.playvoxUser(), row.agentKey()));
        List<GladlyConversationGenerator.Agent> list = new ArrayList<>();
        names.forEach((email, name) -> list.add(new GladlyConversationGenerator.Agent(
                GladlyConversationGenerator.id(options.seed(), -1_000_000L - email.hashCode(), email.length()),
                name, email)));
        this.agents = List.copyOf(list);
        this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                (options.apiUser() + ":" + options.apiToken()).getBytes(StandardCharsets.UTF_8));
        for (String name : List.of(FAULT_RESET, FAULT_SERVER_ERROR, FAULT_RATE_LIMIT, FAULT_CUT_ANSWER)) {
            injected.put(name, new AtomicInteger());
        }
    }

    /**
     * Replaces the fault knobs; takes effect with the next request.
     *
     * @param faults the new knobs
     */
    public void faults(Faults faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /** @return the current fault knobs */
    public Faults faults() {
        return faults;
    }

    /**
     * Fixes the anchor (now, whole seconds) and binds 127.0.0.1.
     *
     * @param port TCP port, 0 for an ephemeral one
     * @throws IllegalStateException if already started
     * @throws UncheckedIOException  if the port cannot be bound
     */
    public synchronized void start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started on port " + server.port());
        }
        generator = new GladlyConversationGenerator(options.seed(), options.clock().instant(),
                options.historyConversations(), options.historySpan(), options.conversationsPerMinute(),
                options.reopenRate(), options.unmappedAgentRate(), agents, UNMAPPED_AGENT_ID);
        server = SandboxHttp.start(port, "gladly-fake", this::handle);
        LOG.info("Gladly sandbox listening on {} (anchor {})", baseUrl(), generator.anchor());
    }

    /** @return {@code http://127.0.0.1:<port>}; paths start with {@code /api/v1} as on {@code https://{org}.gladly.com} */
    public String baseUrl() {
        SandboxHttp.Server s = server;
        if (s == null) {
            throw new IllegalStateException("GladlyFake is not started");
        }
        return "http://127.0.0.1:" + s.port();
    }

    /** @return the moment of {@link #start(int)}, whole seconds */
    public Instant anchor() {
        return gen().anchor();
    }

    /** Stops the server. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** @return the agents {@code GET /api/v1/agents} lists: {@code [id, name, emailAddress]} each */
    public List<Map<String, String>> agents() {
        List<Map<String, String>> out = new ArrayList<>();
        agents.forEach(a -> out.add(Map.of("id", a.id(), "name", a.name(), "emailAddress", a.emailAddress())));
        return out;
    }

    /**
     * @param index a conversation's sequence number
     * @return its Gladly id
     */
    public String conversationId(long index) {
        return gen().conversationId(index);
    }

    /**
     * @param conversationId an id the fake served
     * @return its sequence number, or empty for any other text
     */
    public OptionalLong conversationIndex(String conversationId) {
        return gen().index(conversationId);
    }

    /**
     * @param conversationId a conversation's id
     * @return whether it is reopened and closed again
     * @throws IllegalArgumentException for an id the fake does not know
     */
    public boolean reopened(String conversationId) {
        return gen().reopened(index(conversationId));
    }

    /**
     * @param conversationId a conversation's id
     * @return the agent id it is assigned to ({@link #UNMAPPED_AGENT_ID} for the unmapped share)
     * @throws IllegalArgumentException for an id the fake does not know
     */
    public String agentIdOf(String conversationId) {
        return gen().agentId(index(conversationId));
    }

    /**
     * The event lines {@code GET /api/v1/events?startAt=from&endAt=to&entities=CONVERSATION} would stream now, under
     * the current {@link #faults()} (malformed lines included, as served).
     *
     * @param fromInclusive {@code startAt}
     * @param toExclusive   {@code endAt}
     * @return the lines, without line breaks, in stream order
     */
    public List<String> eventLines(Instant fromInclusive, Instant toExclusive) {
        Faults f = faults;
        List<String> lines = new ArrayList<>();
        forEachEvent(fromInclusive, toExclusive, s -> lines.add(line(s, f)));
        return lines;
    }

    /**
     * @param fromInclusive {@code startAt}
     * @param toExclusive   {@code endAt}
     * @return the ids of conversations with a visible {@code CONVERSATION/CLOSED} event in the range, malformed or
     *         not, in order of their first close
     */
    public Set<String> closedConversationIds(Instant fromInclusive, Instant toExclusive) {
        Set<String> ids = new LinkedHashSet<>();
        forEachEvent(fromInclusive, toExclusive, s -> {
            if (s.event().type().equals(GladlyConversationGenerator.CLOSED)) {
                ids.add(s.event().json().path("content").path("conversationId").asText());
            }
        });
        return ids;
    }

    /**
     * What a bridge that skips malformed lines must send for a range: conversations whose last well-formed status
     * event ({@code CLOSED} or {@code REOPENED}) in the range is {@code CLOSED}, under the current {@link #faults()}.
     *
     * @param fromInclusive {@code startAt}
     * @param toExclusive   {@code endAt}
     * @return their ids, in order of that last close
     */
    public Set<String> deliverableConversationIds(Instant fromInclusive, Instant toExclusive) {
        Faults f = faults;
        Map<String, String> last = new LinkedHashMap<>();
        forEachEvent(fromInclusive, toExclusive, s -> {
            String type = s.event().type();
            boolean status = type.equals(GladlyConversationGenerator.CLOSED)
                    || type.equals(GladlyConversationGenerator.REOPENED);
            if (status && malformation(s, f) == null) {
                String id = s.event().json().path("content").path("conversationId").asText();
                last.remove(id);
                last.put(id, type);
            }
        });
        Set<String> ids = new LinkedHashSet<>();
        last.forEach((id, type) -> {
            if (type.equals(GladlyConversationGenerator.CLOSED)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * @param fromInclusive {@code startAt}
     * @param toExclusive   {@code endAt}
     * @return how many of the range's visible events the current {@link #faults()} serve malformed
     */
    public int malformedLineCount(Instant fromInclusive, Instant toExclusive) {
        Faults f = faults;
        int[] count = {0};
        forEachEvent(fromInclusive, toExclusive, s -> {
            if (malformation(s, f) != null) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** @return authenticated requests answered so far, rate-limited ones included */
    public int requestCount() {
        return requests.get();
    }

    /** @return requests refused by the enforced rate limit (429), not counting injected 429s */
    public int rateLimitRejections() {
        return rateWindow.rejections();
    }

    /** @return the most authenticated requests that arrived within one clock second, refused ones included */
    public int peakRequestsPerSecond() {
        return rateWindow.peak();
    }

    /**
     * @return how many requests each request fault has hit so far: keys {@code connection_reset},
     *         {@code server_error}, {@code rate_limit}, {@code cut_answer}
     */
    public Map<String, Integer> injectedFaults() {
        Map<String, Integer> out = new LinkedHashMap<>();
        injected.forEach((name, count) -> out.put(name, count.get()));
        return java.util.Collections.unmodifiableMap(out);
    }

    private GladlyConversationGenerator gen() {
        GladlyConversationGenerator g = generator;
        if (g == null) {
            throw new IllegalStateException("GladlyFake is not started");
        }
        return g;
    }

    private long index(String conversationId) {
        return gen().index(conversationId).orElseThrow(() ->
                new IllegalArgumentException("not a conversation of this fake: " + conversationId));
    }

    /** Counts authenticated requests per clock second and refuses those over the limit. */
    private final class RateWindow {
        private long second = Long.MIN_VALUE;
        private int admitted;
        private int arrivals;
        private int peak;
        private int rejections;

        /** @return the requests left in this second after admitting this one, or -1 when it is refused */
        synchronized int admit(Instant now) {
            long s = now.getEpochSecond();
            if (s != second) {
                second = s;
                admitted = 0;
                arrivals = 0;
            }
            arrivals++;
            peak = Math.max(peak, arrivals);
            if (admitted >= options.requestsPerSecond()) {
                rejections++;
                return -1;
            }
            admitted++;
            return options.requestsPerSecond() - admitted;
        }

        synchronized int peak() {
            return peak;
        }

        synchronized int rejections() {
            return rejections;
        }
    }

    private void handle(HttpExchange exchange) {
        boolean drop = false;
        try {
            SandboxHttp.body(exchange);
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                errors(exchange, 405, null, "method_not_allowed", "only GET is served");
                return;
            }
            if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                SandboxHttp.pause(options.latency());
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Gladly\"");
                errors(exchange, 401, null, "unauthorized", "missing or invalid API user e-mail and token");
                return;
            }
            requests.incrementAndGet();
            int remaining = rateWindow.admit(options.clock().instant());
            if (remaining < 0) {
                rateLimited(exchange, 1);
                return;
            }
            exchange.getResponseHeaders().set("Ratelimit-Limit-Second", Integer.toString(options.requestsPerSecond()));
            exchange.getResponseHeaders().set("Ratelimit-Remaining-Second", Integer.toString(remaining));
            Faults f = faults;
            SandboxHttp.pause(options.latency());
            SandboxHttp.pause(f.latency());
            long n = faultSequence.getAndIncrement();
            long seed = options.seed();
            if (SeededDraws.hit(seed, n, SeededDraws.CONNECTION_RESET, f.connectionResetRate())) {
                injected.get(FAULT_RESET).incrementAndGet();
                SandboxHttp.abort(exchange);
                return;
            }
            if (SeededDraws.hit(seed, n, SeededDraws.SERVER_ERROR, f.serverErrorRate())) {
                injected.get(FAULT_SERVER_ERROR).incrementAndGet();
                errors(exchange, 500, null, "internal_error", "an unexpected error occurred");
                return;
            }
            if (SeededDraws.hit(seed, n, SeededDraws.RATE_LIMIT, f.rateLimitRate())) {
                injected.get(FAULT_RATE_LIMIT).incrementAndGet();
                rateLimited(exchange, f.retryAfterSeconds());
                return;
            }
            boolean cut = SeededDraws.hit(seed, n, CUT_ANSWER, f.cutAnswerRate());
            route(exchange, path, f, cut);
        } catch (DropConnection e) {
            drop = true;
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Gladly sandbox: answer failed: {}", e.toString());
        } finally {
            if (!drop) {
                exchange.close();
            }
        }
    }

    private void route(HttpExchange exchange, String path, Faults f, boolean cut) throws IOException {
        if (path.equals(EVENTS_PATH)) {
            events(exchange, f, cut);
        } else if (path.equals(AGENTS_PATH)) {
            ArrayNode list = SandboxHttp.JSON.createArrayNode();
            agents.forEach(a -> list.addObject().put("id", a.id()).put("name", a.name())
                    .put("emailAddress", a.emailAddress()));
            ok(exchange, JSON_TYPE, SandboxHttp.JSON.writeValueAsBytes(list), cut, f);
        } else if (path.startsWith(AGENTS_PATH + "/") && path.indexOf('/', AGENTS_PATH.length() + 1) < 0) {
            String id = path.substring(AGENTS_PATH.length() + 1);
            var agent = agents.stream().filter(a -> a.id().equals(id)).findFirst();
            if (agent.isEmpty()) {
                errors(exchange, 404, null, "not_exist", "agent " + id + " does not exist");
                return;
            }
            ObjectNode json = SandboxHttp.JSON.createObjectNode().put("id", id).put("name", agent.get().name())
                    .put("emailAddress", agent.get().emailAddress());
            ok(exchange, JSON_TYPE, SandboxHttp.JSON.writeValueAsBytes(json), cut, f);
        } else if (path.startsWith(CONVERSATIONS_PATH) && path.endsWith("/items")) {
            items(exchange, path.substring(CONVERSATIONS_PATH.length(), path.length() - "/items".length()), cut, f);
        } else {
            errors(exchange, 404, null, "not_exist", "resource does not exist");
        }
    }

    private void items(HttpExchange exchange, String conversationId, boolean cut, Faults f) throws IOException {
        GladlyConversationGenerator g = gen();
        Instant now = options.clock().instant();
        OptionalLong index = conversationId.contains("/") ? OptionalLong.empty() : g.index(conversationId);
        if (index.isEmpty() || g.creation(index.getAsLong()).isAfter(now)) {
            errors(exchange, 404, null, "not_exist", "conversation does not exist");
            return;
        }
        ArrayNode array = SandboxHttp.JSON.createArrayNode();
        int total = 0;
        for (GladlyConversationGenerator.Stamped item : g.conversation(index.getAsLong()).items()) {
            if (!item.at().isAfter(now)) {
                total++;
                if (array.size() < options.maxItemsPerAnswer()) {
                    array.add(item.json());
                }
            }
        }
        if (total > options.maxItemsPerAnswer()) {
            exchange.getResponseHeaders().set(LIMITED_DATA_HEADER, "true");
        }
        ok(exchange, JSON_TYPE, SandboxHttp.JSON.writeValueAsBytes(array), cut, f);
    }

    private void events(HttpExchange exchange, Faults f, boolean cut) throws IOException {
        Map<String, List<String>> params = params(exchange.getRequestURI().getRawQuery());
        Instant now = options.clock().instant();
        String startText = first(params, "startAt");
        if (startText == null) {
            errors(exchange, 400, "startAt", "blank", "startAt is required");
            return;
        }
        Instant from = instant(startText);
        if (from == null) {
            errors(exchange, 400, "startAt", "invalid", "startAt must be an ISO 8601 date-time");
            return;
        }
        if (from.isBefore(now.minus(EVENTS_REACH))) {
            errors(exchange, 400, "startAt", "invalid", "startAt must be within the last 24 hours");
            return;
        }
        String endText = first(params, "endAt");
        Instant to = endText == null ? now : instant(endText);
        if (to == null) {
            errors(exchange, 400, "endAt", "invalid", "endAt must be an ISO 8601 date-time");
            return;
        }
        if (to.isBefore(from)) {
            errors(exchange, 400, "endAt", "invalid", "endAt must not be before startAt");
            return;
        }
        List<String> entities = params.getOrDefault("entities", List.of()).stream().filter(e -> !e.isBlank()).toList();
        if (entities.isEmpty()) {
            errors(exchange, 400, "entities", "blank", "at least one entity is required");
            return;
        }
        for (String entity : entities) {
            if (!ENTITIES.contains(entity)) {
                errors(exchange, 400, "entities", "invalid", "unknown entity " + entity);
                return;
            }
        }
        boolean conversations = entities.contains("CONVERSATION");
        if (cut) {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            if (conversations) {
                writeEvents(whole, from, to, f);
            }
            ok(exchange, JSONL, whole.toByteArray(), true, f);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", JSONL);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 32 * 1024)) {
            if (conversations) {
                writeEvents(out, from, to, f);
            }
        }
    }

    private void writeEvents(OutputStream out, Instant from, Instant to, Faults f) {
        forEachEvent(from, to, s -> {
            try {
                out.write(line(s, f).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Visits the visible events with {@code from <= timestamp < to} in stream order. Conversations are generated in
     * creation order and their events merged through a queue: an event earlier than the next conversation's creation
     * can be emitted, so only the conversations open at a time are held.
     */
    private void forEachEvent(Instant from, Instant to, Consumer<Served> action) {
        GladlyConversationGenerator g = gen();
        Instant visibleUntil = options.clock().instant().minus(options.eventLag());
        Instant end = to.isAfter(visibleUntil.plusNanos(1)) ? visibleUntil.plusNanos(1) : to;
        if (!end.isAfter(from)) {
            return;
        }
        long lo = g.createdBefore(from.minus(GladlyConversationGenerator.MAX_SPAN));
        long hi = g.createdBefore(end);
        PriorityQueue<Served> queue = new PriorityQueue<>(SERVED_ORDER);
        for (long k = lo; k < hi; k++) {
            Instant created = g.creation(k);
            while (!queue.isEmpty() && queue.peek().event().at().isBefore(created)) {
                action.accept(queue.poll());
            }
            for (GladlyConversationGenerator.Stamped e : g.conversation(k).events()) {
                if (!e.at().isBefore(from) && e.at().isBefore(end)) {
                    queue.add(new Served(k, e));
                }
            }
        }
        while (!queue.isEmpty()) {
            action.accept(queue.poll());
        }
    }

    /** @return how the event is broken under {@code f}, or null when it is served well-formed */
    private Malformation malformation(Served s, Faults f) {
        long key = s.index() * 64 + s.event().ordinal();
        if (!SeededDraws.hit(options.seed(), key, MALFORMED_LINE, f.malformedLineRate())) {
            return null;
        }
        return Malformation.values()[(int) Math.floorMod(key, 4L)];
    }

    /** The event's line as served under {@code f}. */
    private String line(Served s, Faults f) {
        ObjectNode json = s.event().json();
        Malformation kind = malformation(s, f);
        try {
            if (kind == null) {
                return SandboxHttp.JSON.writeValueAsString(json);
            }
            ObjectNode copy = json.deepCopy();
            return switch (kind) {
                case CUT_LINE -> {
                    String text = SandboxHttp.JSON.writeValueAsString(json);
                    yield text.substring(0, text.length() / 2);
                }
                case MISSING_CONVERSATION_ID -> {
                    ((ObjectNode) copy.get("content")).remove("conversationId");
                    yield SandboxHttp.JSON.writeValueAsString(copy);
                }
                case IMPOSSIBLE_TIMESTAMP -> {
                    String stamp = copy.get("timestamp").asText();
                    copy.put("timestamp", stamp.substring(0, 4) + "-02-30" + stamp.substring(10));
                    yield SandboxHttp.JSON.writeValueAsString(copy);
                }
                case NOT_AN_OBJECT -> SandboxHttp.JSON.writeValueAsString(SandboxHttp.JSON.writeValueAsString(json));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a 200; with {@code cut}, announces the whole body, sends half and drops the connection.
     *
     * @throws DropConnection after the half body, for {@link #handle} to pass to the server
     */
    private void ok(HttpExchange exchange, String contentType, byte[] body, boolean cut, Faults f) throws IOException {
        if (!cut) {
            SandboxHttp.send(exchange, 200, contentType, body);
            return;
        }
        injected.get(FAULT_CUT_ANSWER).incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, Math.max(1, body.length));
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new DropConnection();
    }

    private void rateLimited(HttpExchange exchange, int retryAfterSeconds) throws IOException {
        exchange.getResponseHeaders().set("Ratelimit-Limit-Second", Integer.toString(options.requestsPerSecond()));
        exchange.getResponseHeaders().set("Ratelimit-Remaining-Second", "0");
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        errors(exchange, 429, null, "rate_limited", "rate limit of " + options.requestsPerSecond()
                + " requests per second exceeded");
    }

    /** Sends Gladly's error shape {@code {"errors":[{"attr"?,"code","detail"}]}}. */
    private static void errors(HttpExchange exchange, int status, String attr, String code, String detail)
            throws IOException {
        ObjectNode body = SandboxHttp.JSON.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        if (attr != null) {
            error.put("attr", attr);
        }
        error.put("code", code).put("detail", detail);
        SandboxHttp.sendJson(exchange, status, body);
    }

    /** Decodes a query string into every value of each name ({@code entities} repeats). */
    private static Map<String, List<String>> params(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            String[] nv = pair.split("=", 2);
            if (!nv[0].isEmpty()) {
                params.computeIfAbsent(URLDecoder.decode(nv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(nv.length < 2 ? "" : URLDecoder.decode(nv[1], StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
