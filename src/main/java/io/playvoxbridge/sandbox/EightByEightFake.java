package io.playvoxbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.playvoxbridge.source.eightbyeight.EightByEightApi;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful in-JVM fake of the two 8x8 Contact Center APIs the {@code eightbyeight.interactions} feed reads, served on
 * 127.0.0.1 with the JDK's HTTP server. Paths, headers, limits and shapes come from {@link EightByEightApi}, which
 * the bridge's client helpers use too; api-facts 4.1 and 4.2 are the authority, and what they leave open is assumed
 * there once:
 * <ul>
 *   <li>{@code POST /oauth/v2/token} (https://developer.8x8.com/analytics/docs/oauth-authentication-for-8x8-xcaas-apis):
 *       HTTP Basic {@code clientId:clientSecret}, form {@code grant_type=client_credentials}; answers
 *       {@code {"access_token","token_type":"Bearer","expires_in"}}; a token expires after
 *       {@link Options#tokenLifetime()} on {@link Options#clock()}, or at once with {@link #expireTokens()}. Bad
 *       credentials: 401 {@code {"error":"invalid_client",...}}; another grant: 400
 *       {@code {"error":"unsupported_grant_type"}}.</li>
 *   <li>Historical Metrics detailed reports (https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report),
 *       under {@code /analytics/cc/v8/historical-metrics} (also with the {@code /eu}, {@code /au}, {@code /ca}
 *       prefixes), {@code Authorization: Bearer}: {@code POST /detailed-reports} (type
 *       {@value EightByEightApi#DETAILED_REPORT_TYPE}, title, dateRange, timezone, metrics; searchQuery and
 *       includeParticipants are accepted and ignored), {@code GET /detailed-reports/{id}/status} ({@code IN_PROGRESS}
 *       for the first {@link Options#statusPollsUntilDone()} polls, then {@code DONE} or {@code FAILED}),
 *       {@code GET /detailed-reports/{id}/data?size=&lastDocumentId=} (cursor paging; the next cursor in the
 *       {@value EightByEightApi#CURSOR_HEADER} header of every non-empty page; the end is an empty page). A report
 *       holds the interactions that had ended when it was created, started in {@code [start, end)}; its rows never
 *       change while it is read. Errors {@code {"status":N,"error":"<reason>","message":"..."}}: 401 without, with an
 *       unknown or with an expired token; 400 "Bad request: X-Tenant-Info header is missing." for a
 *       {@link Options#multiTenant()} tenant; 403 for another tenant; 400 for a bad body, size or cursor, and for data
 *       of a report that is not DONE; 404 for an unknown report.</li>
 *   <li>Data Augmentation (https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api),
 *       {@code GET /api/v1/interaction/data/guid/{guid}}, HTTP Basic {@code tenantId:actionToken}; answers
 *       {@code {interactionId, channel, createTime, ani, callerName, variables[]}} with private variables in clear (the
 *       worst case for a client); errors {@code {"status":"error","code":N,"message":...}}: 401, 404 (unknown guid, or
 *       no data for the {@link Options#augmentationMissingRate()} share), 400 "The action type is not supported" for
 *       another method. <b>Enforces {@value EightByEightApi#AUGMENTATION_REQUESTS_PER_MINUTE} requests per minute per
 *       tenant</b>: a request that finds 100 others of its tenant within the last 60 s (sliding, on
 *       {@link Options#clock()}, counted on arrival once authenticated) is refused with 429, the error envelope and
 *       {@code Retry-After} (whole seconds until the oldest leaves the window), and is not counted.</li>
 * </ul>
 *
 * <p>Interactions come from {@link EightByEightInteractionGenerator}: {@link Options#historyRecords()} spread over
 * {@code [anchor - historySpan, anchor)}, then {@link Options#recordsPerMinute()} after the anchor, each with its
 * index in its guid; {@link #visibleInteractions} and {@link #wellFormedInteractions} tell tests what must arrive.
 *
 * <p>Faults ({@link #faults(Faults)}, all off by default, changeable at runtime) follow the WolkvoxFake's rules:
 * per request after authentication (and after the augmentation limit), seeded draws of ({@link Options#seed()}, the
 * request's sequence number, knob) decide a dropped connection, a 500, a 429 with {@code Retry-After}, an expired
 * token (Bearer requests: the token is revoked and the answer is 401), or a 200 whose JSON is cut in half; per
 * report a FAILED status; per interaction a malformed row. {@link #injectedFaults()} counts them.
 *
 * <p>Thread-safe. Typical use: {@code try (var fake = new EightByEightFake(Options.defaults())) { fake.start(0); ... }}.
 */
public final class EightByEightFake implements AutoCloseable {

    /** The 8x8 agent id the generator uses for the {@code unmappedAgentRate} share; absent from the agent directory. */
    public static final String UNMAPPED_AGENT_ID = "agTEMP07sandboxUnmapped0";
    /** The name of that agent. */
    public static final String UNMAPPED_AGENT_NAME = "Temp Agent 07";
    /** The source column of 8x8 agents in {@code sandbox/agents.csv}. */
    public static final String AGENT_SOURCE = "eightbyeight";

    static final String FAULT_RESET = "connection_reset";
    static final String FAULT_SERVER_ERROR = "server_error";
    static final String FAULT_RATE_LIMIT = "rate_limit";
    static final String FAULT_EXPIRED_TOKEN = "expired_token";
    static final String FAULT_MALFORMED_JSON = "malformed_json";
    static final String FAULT_FAILED_REPORT = "failed_report";

    static final String NOT_A_NUMBER = "n/a";
    static final String TENANT_MISSING = "Bad request: X-Tenant-Info header is missing.";
    static final String NOT_SUPPORTED = "The action type is not supported";

    /** Seeded-draw salts of this fake's own knobs (SeededDraws holds the shared ones). */
    private static final long SALT_EXPIRED_TOKEN = 0x81L;
    private static final long SALT_FAILED_REPORT = 0x82L;
    private static final long SALT_MALFORMED_ROW = 0x83L;
    private static final Duration LIMIT_WINDOW = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EightByEightFake.class);

    /**
     * Settings of the fake.
     *
     * @param clientId                the API app's client id (OAuth)
     * @param clientSecret            its secret
     * @param tenantId                the tenant: Data Augmentation user, {@code X-Tenant-Info} value, end of guids
     * @param actionToken             the Data Augmentation password
     * @param multiTenant             whether Historical Metrics requests must carry {@code X-Tenant-Info}
     * @param seed                    seed of the generator and of the fault draws
     * @param historyRecords          interactions before the anchor, {@code >= 0}
     * @param historySpan             how far before the anchor they reach, positive
     * @param recordsPerMinute        interactions per minute after the anchor, {@code >= 0}
     * @param unmappedAgentRate       share 0..1 given to {@link #UNMAPPED_AGENT_ID}
     * @param lateRate                share 0..1 visible only {@code lateBy} after their start
     * @param lateBy                  delay of late interactions, {@code >= 0}
     * @param augmentationMissingRate share 0..1 without Data Augmentation data (404)
     * @param tokenLifetime           {@code expires_in} of access tokens, at least 1 s
     * @param statusPollsUntilDone    status polls answered IN_PROGRESS before DONE, {@code >= 0}
     * @param latency                 delay before every answer, {@code >= 0}
     * @param clock                   "now" for the anchor, visibility, token expiry and the augmentation limit
     */
    public record Options(String clientId, String clientSecret, String tenantId, String actionToken, boolean multiTenant,
                          long seed, int historyRecords, Duration historySpan, double recordsPerMinute,
                          double unmappedAgentRate, double lateRate, Duration lateBy, double augmentationMissingRate,
                          Duration tokenLifetime, int statusPollsUntilDone, Duration latency, Clock clock) {

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException if a value is out of range; NullPointerException if one is missing
         */
        public Options {
            for (String s : new String[] {clientId, clientSecret, tenantId, actionToken}) {
                if (s == null || s.isBlank() || s.contains(":")) {
                    throw new IllegalArgumentException("client id, secret, tenant id and action token must be set, "
                            + "without ':'");
                }
            }
            Objects.requireNonNull(historySpan, "historySpan");
            Objects.requireNonNull(lateBy, "lateBy");
            Objects.requireNonNull(tokenLifetime, "tokenLifetime");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(clock, "clock");
            if (historyRecords < 0 || statusPollsUntilDone < 0) {
                throw new IllegalArgumentException("historyRecords and statusPollsUntilDone must be >= 0");
            }
            if (historySpan.isNegative() || historySpan.isZero() || tokenLifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("historySpan must be positive and tokenLifetime at least 1 s");
            }
            if (!(recordsPerMinute >= 0) || Double.isInfinite(recordsPerMinute)) {
                throw new IllegalArgumentException("recordsPerMinute must be finite and >= 0: " + recordsPerMinute);
            }
            checkRate("unmappedAgentRate", unmappedAgentRate);
            checkRate("lateRate", lateRate);
            checkRate("augmentationMissingRate", augmentationMissingRate);
            if (lateBy.isNegative() || latency.isNegative()) {
                throw new IllegalArgumentException("lateBy and latency must be >= 0");
            }
        }

        /**
         * Client {@code sandbox-client}/{@code sandbox-secret}, tenant {@code sandbox} with action token
         * {@code sandbox-action-token}, single tenant, seed 88, 300 interactions over one day, 4 per minute after the
         * anchor, 2% unmapped agent, 5% late by 3 minutes, 10% without augmentation, tokens of 30 minutes, one
         * IN_PROGRESS status poll, no latency, the system clock.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options("sandbox-client", "sandbox-secret", "sandbox", "sandbox-action-token", false, 88L, 300,
                    Duration.ofDays(1), 4.0, 0.02, 0.05, Duration.ofMinutes(3), 0.1, Duration.ofMinutes(30), 1,
                    Duration.ZERO, Clock.systemUTC());
        }

        /** @return a builder holding these values */
        public Builder toBuilder() {
            return new Builder(this);
        }

        static void checkRate(String name, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be within 0..1: " + rate);
            }
        }

        /** Changes some values of an {@link Options}; {@link #build()} validates them. Not thread-safe. */
        public static final class Builder {
            private final Object[] v;

            private Builder(Options o) {
                v = new Object[] {o.clientId, o.clientSecret, o.tenantId, o.actionToken, o.multiTenant, o.seed,
                    o.historyRecords, o.historySpan, o.recordsPerMinute, o.unmappedAgentRate, o.lateRate, o.lateBy,
                    o.augmentationMissingRate, o.tokenLifetime, o.statusPollsUntilDone, o.latency, o.clock};
            }

            private Builder set(int index, Object value) {
                v[index] = value;
                return this;
            }

            /**
             * @param value  the OAuth client id
             * @param secret its secret
             * @return this builder
             */
            public Builder client(String value, String secret) {
                return set(0, value).set(1, secret);
            }

            /**
             * @param value       the tenant id
             * @param actionToken its Data Augmentation action token
             * @return this builder
             */
            public Builder tenant(String value, String actionToken) {
                return set(2, value).set(3, actionToken);
            }

            /** @param value whether {@code X-Tenant-Info} is required @return this builder */
            public Builder multiTenant(boolean value) {
                return set(4, value);
            }

            /** @param value the seed @return this builder */
            public Builder seed(long value) {
                return set(5, value);
            }

            /** @param value interactions before the anchor @return this builder */
            public Builder historyRecords(int value) {
                return set(6, value);
            }

            /** @param value how far back the history reaches @return this builder */
            public Builder historySpan(Duration value) {
                return set(7, value);
            }

            /** @param value interactions per minute after the anchor @return this builder */
            public Builder recordsPerMinute(double value) {
                return set(8, value);
            }

            /** @param value share given to the unmapped agent @return this builder */
            public Builder unmappedAgentRate(double value) {
                return set(9, value);
            }

            /**
             * @param value  share of late interactions
             * @param lateBy their delay
             * @return this builder
             */
            public Builder late(double value, Duration lateBy) {
                return set(10, value).set(11, lateBy);
            }

            /** @param value share without augmentation @return this builder */
            public Builder augmentationMissingRate(double value) {
                return set(12, value);
            }

            /** @param value access token lifetime @return this builder */
            public Builder tokenLifetime(Duration value) {
                return set(13, value);
            }

            /** @param value IN_PROGRESS polls before DONE @return this builder */
            public Builder statusPollsUntilDone(int value) {
                return set(14, value);
            }

            /** @param value delay before every answer @return this builder */
            public Builder latency(Duration value) {
                return set(15, value);
            }

            /** @param value the clock @return this builder */
            public Builder clock(Clock value) {
                return set(16, value);
            }

            /**
             * @return the options
             * @throws IllegalArgumentException if a value is out of range
             */
            public Options build() {
                return new Options((String) v[0], (String) v[1], (String) v[2], (String) v[3], (Boolean) v[4],
                        (Long) v[5], (Integer) v[6], (Duration) v[7], (Double) v[8], (Double) v[9], (Double) v[10],
                        (Duration) v[11], (Double) v[12], (Duration) v[13], (Integer) v[14], (Duration) v[15],
                        (Clock) v[16]);
            }
        }
    }

    /**
     * Fault knobs, changeable at runtime with {@link #faults(Faults)}; {@link #none()} turns every one off.
     *
     * <p>Request faults apply after authentication (and, for Data Augmentation, after the enforced limit), in this
     * order, the first that hits wins; the n-th such request (n counted from 0 over all endpoints) is decided by
     * seeded draws of ({@link Options#seed()}, n, knob), independent of each other:
     * {@code connectionResetRate} (connection closed without a byte, see {@code SandboxHttp.abort}),
     * {@code serverErrorRate} (500 with the API's error body), {@code rateLimitRate} (429 with {@code Retry-After:
     * retryAfterSeconds} and the API's error body), {@code expiredTokenRate} (Historical Metrics only: the request's
     * token is revoked and the answer is 401 "Access token expired", as if it had expired early), and
     * {@code malformedJsonRate} (a 200 whose JSON body is cut after half its bytes; a request answered with an error is
 * not cut, and not counted). {@code latency} delays every
     * answer in addition to {@link Options#latency()}.
     *
     * <p>{@code failedReportRate} is per report (its creation number): the report's status ends {@code FAILED}
     * instead of {@code DONE}. {@code malformedRowRate} is per interaction index: the row is served broken in every
     * report, by kind {@code index mod 3}: (a) no {@code interactionGuid} item, (b) {@code startTime} on February
     * 30, (c) {@code talkTime} {@code "n/a"}.
     *
     * @param serverErrorRate     share 0..1 of requests answered 500
     * @param rateLimitRate       share 0..1 of requests answered 429
     * @param retryAfterSeconds   {@code Retry-After} of those 429s, {@code >= 0}
     * @param latency             extra delay before every answer, {@code >= 0}
     * @param connectionResetRate share 0..1 of requests dropped without answer
     * @param malformedJsonRate   share 0..1 of 200 answers whose JSON is cut
     * @param expiredTokenRate    share 0..1 of Bearer requests whose token expires early (401)
     * @param failedReportRate    share 0..1 of reports that end FAILED
     * @param malformedRowRate    share 0..1 of interactions served as broken rows
     */
    public record Faults(double serverErrorRate, double rateLimitRate, int retryAfterSeconds, Duration latency,
                         double connectionResetRate, double malformedJsonRate, double expiredTokenRate,
                         double failedReportRate, double malformedRowRate) {

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException if a value is out of range; NullPointerException if latency is missing
         */
        public Faults {
            Objects.requireNonNull(latency, "latency");
            for (double rate : new double[] {serverErrorRate, rateLimitRate, connectionResetRate, malformedJsonRate,
                expiredTokenRate, failedReportRate, malformedRowRate}) {
                Options.checkRate("fault rate", rate);
            }
            if (retryAfterSeconds < 0 || latency.isNegative()) {
                throw new IllegalArgumentException("retryAfterSeconds and latency must be >= 0");
            }
        }

        /** @return no faults: every rate 0, no latency, {@code Retry-After} 1 s if the 429 rate is raised */
        public static Faults none() {
            return new Faults(0, 0, 1, Duration.ZERO, 0, 0, 0, 0, 0);
        }

        /** @param rate share of 500s @return a copy with it */
        public Faults withServerErrorRate(double rate) {
            return new Faults(rate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate, malformedJsonRate,
                    expiredTokenRate, failedReportRate, malformedRowRate);
        }

        /**
         * @param rate       share of 429s
         * @param retryAfter their Retry-After, seconds
         * @return a copy with them
         */
        public Faults withRateLimit(double rate, int retryAfter) {
            return new Faults(serverErrorRate, rate, retryAfter, latency, connectionResetRate, malformedJsonRate,
                    expiredTokenRate, failedReportRate, malformedRowRate);
        }

        /** @param d extra delay @return a copy with it */
        public Faults withLatency(Duration d) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, d, connectionResetRate,
                    malformedJsonRate, expiredTokenRate, failedReportRate, malformedRowRate);
        }

        /** @param rate share of dropped connections @return a copy with it */
        public Faults withConnectionResetRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, rate, malformedJsonRate,
                    expiredTokenRate, failedReportRate, malformedRowRate);
        }

        /** @param rate share of cut 200 answers @return a copy with it */
        public Faults withMalformedJsonRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate, rate,
                    expiredTokenRate, failedReportRate, malformedRowRate);
        }

        /** @param rate share of tokens expiring early @return a copy with it */
        public Faults withExpiredTokenRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate,
                    malformedJsonRate, rate, failedReportRate, malformedRowRate);
        }

        /** @param rate share of FAILED reports @return a copy with it */
        public Faults withFailedReportRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate,
                    malformedJsonRate, expiredTokenRate, rate, malformedRowRate);
        }

        /** @param rate share of broken rows @return a copy with it */
        public Faults withMalformedRowRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate,
                    malformedJsonRate, expiredTokenRate, failedReportRate, rate);
        }
    }

    /** How a malformed row is broken, in cycle order; see {@link Faults}. */
    enum Malformation {
        /** (a) no interactionGuid item. */
        MISSING_GUID,
        /** (b) startTime on February 30. */
        IMPOSSIBLE_START,
        /** (c) talkTime "n/a". */
        NOT_A_NUMBER
    }

    /** The three error body styles of the three endpoints. */
    private enum Api {
        TOKEN, ANALYTICS, AUGMENTATION;

        Map<String, Object> error(int status, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (this == AUGMENTATION) {
                body.put("status", "error");
                body.put("code", status);
            } else {
                body.put("status", status);
                body.put("error", reason(status));
            }
            body.put("message", message);
            return body;
        }

        private static String reason(int status) {
            return switch (status) {
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 429 -> "Too Many Requests";
                default -> "Internal Server Error";
            };
        }
    }

    /** One created report: its definition and the moment its content was fixed. */
    private record Report(long id, long sequence, Instant start, Instant end, ZoneId zone, List<String> metrics,
                          boolean showOngoing, Instant snapshot, boolean failed, AtomicInteger statusPolls) {
    }

    private final Options options;
    private final List<EightByEightInteractionGenerator.Agent> agents;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<Long, Report> reports = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> augmentationArrivals = new HashMap<>();
    private final Map<String, AtomicInteger> injected = new LinkedHashMap<>();
    private final AtomicLong tokenSequence = new AtomicLong();
    private final AtomicLong reportSequence = new AtomicLong();
    private final AtomicLong faultSequence = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger limitRejections = new AtomicInteger();
    private volatile EightByEightInteractionGenerator generator;
    private volatile SandboxHttp.Server server;
    private volatile Faults faults = Faults.none();

    /**
     * Creates a stopped fake; nothing is generated before {@link #start(int)}.
     *
     * @param options settings, see {@link Options#defaults()}
     * @throws IllegalStateException if {@code sandbox/agents.csv} cannot be read or lists no 8x8 agent
     */
    public EightByEightFake(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.agents = sandboxAgents();
        for (String name : List.of(FAULT_RESET, FAULT_SERVER_ERROR, FAULT_RATE_LIMIT, FAULT_EXPIRED_TOKEN,
                FAULT_MALFORMED_JSON, FAULT_FAILED_REPORT)) {
            injected.put(name, new AtomicInteger());
        }
    }

    /**
     * The 8x8 agents of the sandbox directory. Each is named after the Wolkvox agent of the same Playvox user (the
     * same person on both platforms), else after the user's e-mail.
     */
    private static List<EightByEightInteractionGenerator.Agent> sandboxAgents() {
        List<SandboxAgents.Row> rows = SandboxAgents.read(WolkvoxFake.SANDBOX_AGENTS_RESOURCE);
        List<EightByEightInteractionGenerator.Agent> out = new ArrayList<>();
        for (SandboxAgents.Row row : rows) {
            if (!row.source().equals(AGENT_SOURCE)) {
                continue;
            }
            String name = rows.stream().filter(r -> r.source().equals("wolkvox") && r.playvoxUser().equals(row.playvoxUser()))
                    .map(SandboxAgents.Row::agentKey).findFirst().orElse(row.playvoxUser().replaceAll("@.*", ""));
            out.add(new EightByEightInteractionGenerator.Agent(row.agentKey(), name));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(WolkvoxFake.SANDBOX_AGENTS_RESOURCE + " lists no " + AGENT_SOURCE + " agent");
        }
        return out;
    }

    /** @param faults the new knobs; take effect with the next request */
    public void faults(Faults faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /** @return the current fault knobs */
    public Faults faults() {
        return faults;
    }

    /**
     * @return how many times each fault has hit so far: keys {@code connection_reset}, {@code server_error},
     *         {@code rate_limit}, {@code expired_token}, {@code malformed_json}, {@code failed_report}, in that order
     */
    public Map<String, Integer> injectedFaults() {
        Map<String, Integer> out = new LinkedHashMap<>();
        injected.forEach((name, count) -> out.put(name, count.get()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Fixes the anchor (now, whole seconds) and binds 127.0.0.1.
     *
     * @param port TCP port, 0 for an ephemeral one
     * @throws IllegalStateException if already started
     */
    public synchronized void start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started on port " + server.port());
        }
        generator = new EightByEightInteractionGenerator(options.seed(), options.clock().instant(),
                options.historyRecords(), options.historySpan(), options.recordsPerMinute(),
                options.unmappedAgentRate(), options.lateRate(), options.lateBy(), options.augmentationMissingRate(),
                options.tenantId(), agents,
                new EightByEightInteractionGenerator.Agent(UNMAPPED_AGENT_ID, UNMAPPED_AGENT_NAME));
        server = SandboxHttp.start(port, "eightbyeight-fake", this::handle);
        LOG.info("8x8 sandbox listening on {} (anchor {}, tenant {})", apiBaseUrl(), generator.anchor(),
                options.tenantId());
    }

    /** @return {@code http://127.0.0.1:<port>}: the OAuth and Historical Metrics host */
    public String apiBaseUrl() {
        return "http://127.0.0.1:" + running().port();
    }

    /** @return {@code http://127.0.0.1:<port>/api/v1/interaction/data}: the Data Augmentation base */
    public String augmentationBaseUrl() {
        return apiBaseUrl() + EightByEightApi.AUGMENTATION_PATH;
    }

    /** @return the moment of {@link #start(int)}, whole seconds */
    public Instant anchor() {
        return generatorOrFail().anchor();
    }

    /** @return the 8x8 agent ids of the interactions: the mapped ones, then {@link #UNMAPPED_AGENT_ID} */
    public List<String> agentIds() {
        return generatorOrFail().agentIds();
    }

    /** Revokes every access token issued so far: the next Bearer request with one gets 401. */
    public void expireTokens() {
        tokens.clear();
    }

    /** @return access tokens issued so far */
    public long tokensIssued() {
        return tokenSequence.get();
    }

    /** @return reports created so far */
    public long reportsCreated() {
        return reportSequence.get();
    }

    /** @return requests answered so far (any status; dropped connections are not answered) */
    public int requestCount() {
        return requests.get();
    }

    /** @return Data Augmentation requests refused by the enforced per-tenant limit so far */
    public int augmentationLimitRejections() {
        return limitRejections.get();
    }

    /**
     * What a report over {@code [from, to)} created now would hold, every row as served under the current
     * {@link #faults()} (malformed rows broken).
     *
     * @param from start of the window, included (on the start time)
     * @param to   end, excluded
     * @param zone the report's timezone (the rows' time offsets)
     * @return rows (column to text, all columns) in start order
     */
    public List<Map<String, String>> visibleInteractions(Instant from, Instant to, ZoneId zone) {
        EightByEightInteractionGenerator gen = generatorOrFail();
        Faults f = faults;
        List<Map<String, String>> out = new ArrayList<>();
        forEachVisible(gen, from, to, i -> out.add(served(gen, i, zone, f)));
        return out;
    }

    /**
     * The rows of {@link #visibleInteractions} that the current faults do not break: what a bridge that dead-letters
     * malformed rows must deliver (or dead-letter for other reasons, such as the unmapped agent).
     *
     * @param from start of the window, included (on the start time)
     * @param to   end, excluded
     * @param zone the report's timezone
     * @return rows in start order
     */
    public List<Map<String, String>> wellFormedInteractions(Instant from, Instant to, ZoneId zone) {
        EightByEightInteractionGenerator gen = generatorOrFail();
        Faults f = faults;
        List<Map<String, String>> out = new ArrayList<>();
        forEachVisible(gen, from, to, i -> {
            if (malformation(i, f) == null) {
                out.add(gen.row(i, zone));
            }
        });
        return out;
    }

    /**
     * @param from start of the window, included
     * @param to   end, excluded
     * @return how many of the rows of {@link #visibleInteractions} the current faults break
     */
    public int malformedCount(Instant from, Instant to) {
        EightByEightInteractionGenerator gen = generatorOrFail();
        Faults f = faults;
        int[] count = {0};
        forEachVisible(gen, from, to, i -> count[0] += malformation(i, f) == null ? 0 : 1);
        return count[0];
    }

    /**
     * The Data Augmentation answer for a guid, private values in clear (so tests know what must never leak).
     *
     * @param guid an interaction guid
     * @return the answer as served, or empty when the fake answers 404 for it
     */
    public Optional<Map<String, Object>> augmentationOf(String guid) {
        EightByEightInteractionGenerator gen = generatorOrFail();
        long index = gen.indexOf(guid);
        if (index < 0 || gen.start(index).isAfter(options.clock().instant()) || gen.augmentationMissing(index)) {
            return Optional.empty();
        }
        return Optional.of(gen.augmentation(index));
    }

    private void forEachVisible(EightByEightInteractionGenerator gen, Instant from, Instant to, LongConsumer action) {
        Instant now = options.clock().instant();
        long[] range = gen.startedWithin(from, to, now);
        for (long i = range[0]; i < range[1]; i++) {
            if (gen.visible(i, now)) {
                action.accept(i);
            }
        }
    }

    Malformation malformation(long index, Faults f) {
        if (!SeededDraws.hit(options.seed(), index, SALT_MALFORMED_ROW, f.malformedRowRate())) {
            return null;
        }
        return Malformation.values()[(int) (index % Malformation.values().length)];
    }

    private Map<String, String> served(EightByEightInteractionGenerator gen, long index, ZoneId zone, Faults f) {
        Map<String, String> row = gen.row(index, zone);
        Malformation kind = malformation(index, f);
        if (kind == Malformation.MISSING_GUID) {
            row.remove("interactionGuid");
        } else if (kind == Malformation.IMPOSSIBLE_START) {
            String start = row.get("startTime");
            row.put("startTime", start.substring(0, 4) + "-02-30" + start.substring(10));
        } else if (kind == Malformation.NOT_A_NUMBER) {
            row.put("talkTime", NOT_A_NUMBER);
        }
        return row;
    }

    /** Stops the server; requests in progress are cut off. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private SandboxHttp.Server running() {
        SandboxHttp.Server s = server;
        if (s == null) {
            throw new IllegalStateException("EightByEightFake is not started");
        }
        return s;
    }

    private EightByEightInteractionGenerator generatorOrFail() {
        EightByEightInteractionGenerator gen = generator;
        if (gen == null) {
            throw new IllegalStateException("EightByEightFake is not started");
        }
        return gen;
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * The parts of one request the handlers need. {@code cut} is the malformed-JSON decision (not an exchange
     * attribute: the JDK server keeps those in the shared HttpContext).
     */
    private record Call(HttpExchange exchange, String method, String path, byte[] body, Faults faults,
                        AtomicBoolean cut) {
        String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            Faults f = faults;
            Call call = new Call(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    SandboxHttp.body(exchange), f, new AtomicBoolean());
            SandboxHttp.pause(options.latency());
            SandboxHttp.pause(f.latency());
            String path = call.path();
            String analytics = stripRegion(path);
            if (path.equals(EightByEightApi.TOKEN_PATH)) {
                token(call);
            } else if (analytics.startsWith(EightByEightApi.detailedReportsPath(""))) {
                analytics(call, analytics.substring(EightByEightApi.detailedReportsPath("").length()));
            } else if (path.startsWith(EightByEightApi.AUGMENTATION_PATH + "/")
                    || path.equals(EightByEightApi.AUGMENTATION_PATH)) {
                augmentation(call, path.substring(EightByEightApi.AUGMENTATION_PATH.length()));
            } else {
                error(call, Api.ANALYTICS, 404, "No such path: " + path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("8x8 sandbox: answer failed: {}", e.toString());
        } finally {
            exchange.close();
        }
    }

    private static String stripRegion(String path) {
        for (String prefix : EightByEightApi.REGION_PREFIXES) {
            if (path.startsWith(prefix + "/")) {
                return path.substring(prefix.length());
            }
        }
        return path;
    }

    // ---------------------------------------------------------------- OAuth

    private void token(Call call) throws IOException {
        if (!call.method().equals("POST")) {
            error(call, Api.TOKEN, 405, "Use POST");
            return;
        }
        String[] credentials = basic(call.header("Authorization"));
        if (credentials == null || !credentials[0].equals(options.clientId())
                || !credentials[1].equals(options.clientSecret())) {
            call.exchange().getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"8x8\"");
            send(call, 401, Map.of("error", "invalid_client", "error_description", "Client authentication failed"), false);
            return;
        }
        Map<String, String> form = form(new String(call.body(), StandardCharsets.UTF_8));
        if (!"client_credentials".equals(form.get("grant_type"))) {
            send(call, 400, Map.of("error", "unsupported_grant_type",
                    "error_description", "grant_type must be client_credentials"), false);
            return;
        }
        if (requestFault(call, Api.TOKEN, null)) {
            return;
        }
        long n = tokenSequence.incrementAndGet();
        String token = "sbx8x8-" + Long.toHexString(Chat4RecordGenerator.mix64(options.seed() ^ n)) + "-" + n;
        tokens.put(token, options.clock().instant().plus(options.tokenLifetime()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", options.tokenLifetime().toSeconds());
        sendOk(call, answer);
    }

    // ---------------------------------------------------------------- Historical Metrics

    private void analytics(Call call, String rest) throws IOException {
        String authorization = call.header("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).strip() : null;
        if (token == null || token.isEmpty()) {
            error(call, Api.ANALYTICS, 401, "Full authentication is required to access this resource");
            return;
        }
        Instant expiry = tokens.get(token);
        if (expiry == null) {
            error(call, Api.ANALYTICS, 401, "Invalid access token");
            return;
        }
        if (!options.clock().instant().isBefore(expiry)) {
            tokens.remove(token);
            error(call, Api.ANALYTICS, 401, "Access token expired");
            return;
        }
        String tenant = call.header(EightByEightApi.TENANT_HEADER);
        if (tenant == null && options.multiTenant()) {
            error(call, Api.ANALYTICS, 400, TENANT_MISSING);
            return;
        }
        if (tenant != null && !tenant.strip().equals(options.tenantId())) {
            error(call, Api.ANALYTICS, 403, "Forbidden: tenant " + tenant.strip() + " is not allowed for this client");
            return;
        }
        if (requestFault(call, Api.ANALYTICS, token)) {
            return;
        }
        if (rest.isEmpty() || rest.equals("/")) {
            if (!call.method().equals("POST")) {
                error(call, Api.ANALYTICS, 405, "Use POST to create a detailed report");
                return;
            }
            createReport(call);
            return;
        }
        String[] parts = rest.substring(1).split("/");
        if (parts.length != 2 || !parts[0].matches("\\d{1,18}") || !List.of("status", "data").contains(parts[1])) {
            error(call, Api.ANALYTICS, 404, "No such path: " + call.path());
            return;
        }
        if (!call.method().equals("GET")) {
            error(call, Api.ANALYTICS, 405, "Use GET");
            return;
        }
        Report report = reports.get(Long.parseLong(parts[0]));
        if (report == null) {
            error(call, Api.ANALYTICS, 404, "Report " + parts[0] + " not found");
            return;
        }
        if (parts[1].equals("status")) {
            status(call, report);
        } else {
            data(call, report);
        }
    }

    private void createReport(Call call) throws IOException {
        JsonNode body;
        try {
            body = SandboxHttp.JSON.readTree(call.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            error(call, Api.ANALYTICS, 400, "Request body must be a JSON object");
            return;
        }
        String type = body.path("type").asText("");
        if (!type.equals(EightByEightApi.DETAILED_REPORT_TYPE)) {
            error(call, Api.ANALYTICS, 400, type.isEmpty() ? "type is required" : "Unknown report type: " + type);
            return;
        }
        if (body.path("title").asText("").isBlank()) {
            error(call, Api.ANALYTICS, 400, "title is required");
            return;
        }
        Instant start;
        Instant end;
        ZoneId zone;
        try {
            start = Instant.parse(body.path("dateRange").path("start").asText());
            end = Instant.parse(body.path("dateRange").path("end").asText());
            zone = ZoneId.of(body.path("timezone").asText("UTC"));
        } catch (DateTimeException e) {
            error(call, Api.ANALYTICS, 400, "dateRange.start, dateRange.end (ISO-8601 instants) and timezone (an IANA "
                    + "zone) must be valid");
            return;
        }
        if (!start.isBefore(end)) {
            error(call, Api.ANALYTICS, 400, "dateRange.start must be before dateRange.end");
            return;
        }
        List<String> metrics = new ArrayList<>();
        body.path("metrics").forEach(m -> metrics.add(m.asText()));
        for (String metric : metrics) {
            if (!EightByEightApi.DETAILED_COLUMNS.contains(metric)) {
                error(call, Api.ANALYTICS, 400, "Unknown metric: " + metric);
                return;
            }
        }
        long sequence = reportSequence.getAndIncrement();
        boolean failed = SeededDraws.hit(options.seed(), sequence, SALT_FAILED_REPORT, call.faults().failedReportRate());
        if (failed) {
            injected.get(FAULT_FAILED_REPORT).incrementAndGet();
        }
        Report report = new Report(1000 + sequence, sequence, start, end, zone,
                metrics.isEmpty() ? EightByEightApi.DETAILED_COLUMNS : List.copyOf(metrics),
                body.path("reportSettings").path("showOngoingInteractions").asBoolean(false),
                options.clock().instant(), failed, new AtomicInteger());
        reports.put(report.id(), report);
        sendOk(call, statusBody(report, state(report)));
    }

    private void status(Call call, Report report) throws IOException {
        String state = state(report);
        report.statusPolls().incrementAndGet();
        sendOk(call, statusBody(report, state));
    }

    /** IN_PROGRESS until {@link Options#statusPollsUntilDone()} polls have been answered, then DONE or FAILED. */
    private String state(Report report) {
        if (report.statusPolls().get() < options.statusPollsUntilDone()) {
            return "IN_PROGRESS";
        }
        return report.failed() ? "FAILED" : "DONE";
    }

    private static Map<String, Object> statusBody(Report report, String state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", report.id());
        body.put("status", state);
        if (state.equals("FAILED")) {
            body.put("reason", "Report generation failed");
        }
        return body;
    }

    private void data(Call call, Report report) throws IOException {
        String state = state(report);
        if (!state.equals("DONE")) {
            error(call, Api.ANALYTICS, 400, "Report " + report.id() + " is not ready: " + state);
            return;
        }
        Map<String, String> query = SandboxHttp.query(call.exchange());
        int size;
        try {
            size = Integer.parseInt(query.getOrDefault("size", Integer.toString(EightByEightApi.DEFAULT_PAGE_SIZE)));
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > EightByEightApi.MAX_PAGE_SIZE) {
            error(call, Api.ANALYTICS, 400, "size must be between 1 and " + EightByEightApi.MAX_PAGE_SIZE);
            return;
        }
        EightByEightInteractionGenerator gen = generatorOrFail();
        long[] range = gen.startedWithin(report.start(), report.end(), report.snapshot());
        long from = range[0];
        String cursor = query.get(EightByEightApi.CURSOR_HEADER);
        if (cursor != null) {
            long after = documentIndex(report, cursor);
            if (after < range[0] || after >= range[1]) {
                error(call, Api.ANALYTICS, 400, "Invalid lastDocumentId: " + cursor);
                return;
            }
            from = after + 1;
        }
        List<Object> page = new ArrayList<>();
        long last = -1;
        for (long i = from; i < range[1] && page.size() < size; i++) {
            boolean ended = gen.visible(i, report.snapshot());
            boolean ongoing = !ended && report.showOngoing() && gen.seenBy(i, report.snapshot());
            if (ended || ongoing) {
                page.add(detailedRow(served(gen, i, report.zone(), call.faults()), report.metrics(), ongoing));
                last = i;
            }
        }
        if (last >= 0) {
            call.exchange().getResponseHeaders().set(EightByEightApi.CURSOR_HEADER, documentId(report, last));
        }
        sendOk(call, page);
    }

    /** The opaque cursor of row {@code index} of a report: 8 hex digits of a hash, then the index in base 36. */
    private String documentId(Report report, long index) {
        return String.format(Locale.ROOT, "%08x", (int) Chat4RecordGenerator.mix64(options.seed() ^ report.id() * 31 + index))
                + Long.toString(index, 36);
    }

    private long documentIndex(Report report, String cursor) {
        if (cursor.length() < 9) {
            return -1;
        }
        try {
            long index = Long.parseLong(cursor.substring(8), 36);
            return documentId(report, index).equals(cursor) ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A row as {@code {"items":[{"key","label","value":{"value","ongoing"}}]}}, the requested columns in order. */
    private static Map<String, Object> detailedRow(Map<String, String> row, List<String> metrics, boolean ongoing) {
        List<Object> items = new ArrayList<>();
        for (String key : metrics) {
            if (!row.containsKey(key)) {
                continue;
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("value", ongoing && key.equals("endTime") ? null : row.get(key));
            value.put("ongoing", ongoing);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("key", key);
            item.put("label", label(key));
            item.put("value", value);
            items.add(item);
        }
        return Map.of("items", items);
    }

    /** {@code wrapUpTime} -> {@code Wrap Up Time}. */
    static String label(String key) {
        String spaced = key.replaceAll("([a-z])([A-Z])", "$1 $2");
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    // ---------------------------------------------------------------- Data Augmentation

    private void augmentation(Call call, String rest) throws IOException {
        String[] credentials = basic(call.header("Authorization"));
        if (credentials == null || !credentials[0].equals(options.tenantId())
                || !credentials[1].equals(options.actionToken())) {
            error(call, Api.AUGMENTATION, 401, "Unauthorized");
            return;
        }
        if (!call.method().equals("GET")) {
            error(call, Api.AUGMENTATION, 400, NOT_SUPPORTED);
            return;
        }
        Duration wait = arrive(credentials[0]);
        if (wait != null) {
            limitRejections.incrementAndGet();
            call.exchange().getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, ceilSeconds(wait))));
            error(call, Api.AUGMENTATION, 429, "Too many requests: at most "
                    + EightByEightApi.AUGMENTATION_REQUESTS_PER_MINUTE + " requests per minute per tenant");
            return;
        }
        if (requestFault(call, Api.AUGMENTATION, null)) {
            return;
        }
        String guid = rest.startsWith("/guid/") ? URLDecoder.decode(rest.substring(6), StandardCharsets.UTF_8) : null;
        Optional<Map<String, Object>> answer = guid == null ? Optional.empty() : augmentationOf(guid);
        if (answer.isEmpty()) {
            error(call, Api.AUGMENTATION, 404, "The interaction was not found in the target tenant");
            return;
        }
        sendOk(call, answer.get());
    }

    /**
     * Counts an arrival of the tenant in the sliding 60 s window.
     *
     * @return null if it is admitted (and counted), else how long until the oldest arrival leaves the window
     */
    private Duration arrive(String tenant) {
        Instant now = options.clock().instant();
        synchronized (augmentationArrivals) {
            Deque<Instant> arrivals = augmentationArrivals.computeIfAbsent(tenant, t -> new ArrayDeque<>());
            while (!arrivals.isEmpty() && !arrivals.peekFirst().plus(LIMIT_WINDOW).isAfter(now)) {
                arrivals.removeFirst();
            }
            if (arrivals.size() >= EightByEightApi.AUGMENTATION_REQUESTS_PER_MINUTE) {
                return Duration.between(now, arrivals.peekFirst().plus(LIMIT_WINDOW));
            }
            arrivals.addLast(now);
            return null;
        }
    }

    private static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    // ---------------------------------------------------------------- shared

    /**
     * Draws the request faults of the next request in sequence.
     *
     * @param token the Bearer token of a Historical Metrics request (expired-token fault), else null
     * @return whether a fault answered (or dropped) the request
     */
    private boolean requestFault(Call call, Api api, String token) throws IOException {
        Faults f = call.faults();
        long n = faultSequence.getAndIncrement();
        long seed = options.seed();
        if (SeededDraws.hit(seed, n, SeededDraws.CONNECTION_RESET, f.connectionResetRate())) {
            injected.get(FAULT_RESET).incrementAndGet();
            SandboxHttp.abort(call.exchange());
            return true;
        }
        if (SeededDraws.hit(seed, n, SeededDraws.SERVER_ERROR, f.serverErrorRate())) {
            injected.get(FAULT_SERVER_ERROR).incrementAndGet();
            error(call, api, 500, "Internal server error");
            return true;
        }
        if (SeededDraws.hit(seed, n, SeededDraws.RATE_LIMIT, f.rateLimitRate())) {
            injected.get(FAULT_RATE_LIMIT).incrementAndGet();
            call.exchange().getResponseHeaders().set("Retry-After", Integer.toString(f.retryAfterSeconds()));
            error(call, api, 429, "Too many requests");
            return true;
        }
        if (token != null && SeededDraws.hit(seed, n, SALT_EXPIRED_TOKEN, f.expiredTokenRate())) {
            injected.get(FAULT_EXPIRED_TOKEN).incrementAndGet();
            tokens.remove(token);
            error(call, api, 401, "Access token expired");
            return true;
        }
        if (SeededDraws.hit(seed, n, SeededDraws.MALFORMED_JSON, f.malformedJsonRate())) {
            call.cut().set(true);
        }
        return false;
    }

    /** Sends a 200, cut in half when the request drew the malformed-JSON fault (error answers never are). */
    private void sendOk(Call call, Object body) throws IOException {
        boolean cut = call.cut().get();
        if (cut) {
            injected.get(FAULT_MALFORMED_JSON).incrementAndGet();
        }
        send(call, 200, body, cut);
    }

    private void error(Call call, Api api, int status, String message) throws IOException {
        send(call, status, api.error(status, message), false);
    }

    /** Sends JSON; with {@code cut}, only the first half of its bytes (complete at the HTTP level). */
    private void send(Call call, int status, Object body, boolean cut) throws IOException {
        byte[] bytes = SandboxHttp.JSON.writeValueAsBytes(body);
        if (cut) {
            bytes = Arrays.copyOf(bytes, Math.max(1, bytes.length / 2));
        }
        requests.incrementAndGet();
        SandboxHttp.send(call.exchange(), status, "application/json;charset=UTF-8", bytes);
    }

    /** @return {user, password} of an HTTP Basic header, or null */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Decodes an {@code application/x-www-form-urlencoded} body; the first value of a name wins. */
    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
