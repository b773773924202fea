package io.playvoxbridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful in-JVM fake of the Playvox Custom Integrations API ("API Integration for External Systems"), served on
 * 127.0.0.1 with the JDK's HTTP server. It validates strictly and shows what it received.
 *
 * <p>Follows https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems and the
 * python-playvox wrapper https://pypi.org/project/python-playvox (api-facts section 1). Where those are silent the
 * shapes are the sandbox's own, and the ones our client assumes:
 * <ul>
 *   <li>HTTP Basic on every {@code /api/v1/...} path (user = API uid, password = API key), else 401
 *       {@code {"success":false,"error":"Unauthorized"}}. Request bodies must be JSON with a
 *       {@code Content-Type: application/json} header, else 400. Every error is
 *       {@code {"success":false,"error":"<message>"}}.</li>
 *   <li>{@code GET /integrations?page=1&per_page=12} ({@code per_page} default 12, capped at 100) answers
 *       {@code {"result":[integration...],"next_page":bool}}; an integration is
 *       {@code {"_id","name","description","settings":{"data_storage_minutes"},"metadata":[field...]}}.
 *       {@code GET /integrations/{id}} answers one (404 if unknown).</li>
 *   <li>{@code POST /integrations} {@code {"name","description","settings":{"data_storage_minutes":1..129600}}}:
 *       all required; duplicate names are allowed. Answer {@code {"success":true,"_id":ID,...integration}}.</li>
 *   <li>{@code POST /integrations/{id}/metadata}
 *       {@code {"field_id","type","allowed":[],"required":bool,"available_in":["filters","display"]}} (an extra
 *       {@code integration_id} is tolerated, any other key is a 400): field_id {@code ^[a-z_]{3,30}$}, unique in
 *       the integration, not {@code created_at}/{@code updated_at} (reserved by Playvox) nor
 *       {@code interaction_id}/{@code assignee_id} (they would clash in the flat interaction object); type one of
 *       string, integer, float, list, boolean, datetime. Answer {@code {"success":true,"metadata":[field...]}},
 *       a field being {@code {"_id","field_id","type","allowed","required","available_in"}}.</li>
 *   <li>{@code POST /integrations/{id}/bulk/interactions}: a JSON array of 1..100 objects; the integration must
 *       have a datetime field (the guide: "You must create at least one datetime field"). Answer
 *       {@code {"success":true,"result":{"_id":JOB_ID,"status":"pending","total":n}}}. Items are validated when the
 *       job ends (see {@link Options#jobDuration()}): interaction_id a string of 1..68 characters; assignee_id one of
 *       {@link Options#users()}; every other key a defined field_id of the right type (datetime: ISO-8601 with an
 *       explicit offset; list: one of {@code allowed} when that is non-empty); required fields present. Then the
 *       {@link Faults#itemFailureRate()} share fails with "sandbox: simulated item failure". A repeated
 *       interaction_id keeps its first {@code _id}, takes the newest assignee and metadata, and counts as a
 *       duplicate receipt.</li>
 *   <li>{@code GET /jobs/{id}}: {@code {"success":true,"result":{"_id","status","total","total_completed",
 *       "total_failed","completed":[{"_id","interaction_id"}],"failed":[{"interaction_id","error"}]}}}; status
 *       {@code pending} for the first third of the job's duration, {@code in_progress} until it ends, then
 *       {@code completed}, or {@code failed} when every item failed.</li>
 *   <li>{@code GET /integrations/{id}/interactions?page&per_page&query=}: {@code {"result":[{"_id","interaction_id",
 *       "assignee_id",...metadata}],"next_page":bool}}. {@code query} is URL-encoded JSON of equality conditions,
 *       a condition being a value or {@code {"$in":[...]}}, e.g. {@code {"interaction_id":{"$in":["X","Y"]}}}.
 *       This list endpoint and its query parameter are known only from third-party code (python-playvox, xorqie's
 *       pipeline: api-facts 1.5 and 1.8), not from Playvox's own documents.</li>
 *   <li>{@code POST /interactions/{_id}/comments} {@code {"body","type","author_id","added_at"?}}: type one of
 *       customer_comment, agent_comment, internal_note; added_at ISO-8601 with offset (default: now). Answer
 *       {@code {"success":true,"result":{"_id":COMMENT_ID}}}; unknown {@code _id} 404.
 *       {@code GET /interactions/{_id}/comments} answers {@code {"result":[comment...],"next_page":false}}.</li>
 * </ul>
 *
 * <p>Faults ({@link #faults(Faults)}, all off by default, changeable at runtime), checked before every
 * {@code /api/v1} request, seeded by {@link Options#seed()}: the connection dropped without answer, or a 200 whose
 * body is not JSON (both before anything else, so nothing is created or counted); 500, or 429 with
 * {@code Retry-After}, {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset} (epoch seconds), as reported
 * by xorqie/Playvox-BigQuery-ETL-Data-Pipeline (api-facts 1.8); a latency before every answer; a share of bulk items
 * failing, and a share of bulk jobs that never leave {@code pending}. See {@link Faults}.
 * {@link Options#requestsPerMinute()} enforces a sliding 60-second window the same way.
 *
 * <p>Unauthenticated views: {@code GET /sandbox} (plain text), {@code GET /sandbox/interactions?integration=NAME},
 * {@code GET /sandbox/stats}. Thread-safe; all state is in memory.
 */
public final class PlayvoxFake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlayvoxFake.class);
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    /** Body of the {@link Faults#malformedJsonRate()} answers: JSON cut short. */
    static final String MALFORMED_BODY = "{\"success\":true,\"result\":{\"_id\":\"";
    private static final long WINDOW_NANOS = Duration.ofSeconds(60).toNanos();

    /**
     * Settings of the fake.
     *
     * @param apiUid            HTTP Basic user
     * @param apiKey            HTTP Basic password
     * @param users             known Playvox users (e-mail or username) that {@code assignee_id} must match;
     *                          empty = any non-empty assignee is accepted
     * @param jobDuration       time from a bulk POST to the end of its job, {@code >= 0}
     * @param seed              seed of ids, faults and simulated item failures
     * @param requestsPerMinute most {@code /api/v1} requests accepted in any sliding 60 s; 0 = no limit
     */
    public record Options(String apiUid, String apiKey, Set<String> users, Duration jobDuration, long seed,
                          int requestsPerMinute) {

        /**
         * Validates the values.
         *
         * @param apiUid see the record description
         * @param apiKey see the record description
         * @param users see the record description
         * @param jobDuration see the record description
         * @param seed see the record description
         * @param requestsPerMinute see the record description
         * @throws IllegalArgumentException if a value is out of range; NullPointerException if one is missing
         */
        public Options {
            Objects.requireNonNull(apiUid, "apiUid");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(jobDuration, "jobDuration");
            users = Set.copyOf(users);
            if (jobDuration.isNegative()) {
                throw new IllegalArgumentException("jobDuration < 0: " + jobDuration);
            }
            if (requestsPerMinute < 0) {
                throw new IllegalArgumentException("requestsPerMinute < 0: " + requestsPerMinute);
            }
        }

        /**
         * Users of {@link WolkvoxFake#sandboxPlayvoxUsers()}, jobs of 0.6 s, seed 7, no request limit.
         *
         * @param apiUid HTTP Basic user
         * @param apiKey HTTP Basic password
         * @return the default options
         */
        public static Options defaults(String apiUid, String apiKey) {
            return new Options(apiUid, apiKey, WolkvoxFake.sandboxPlayvoxUsers(), Duration.ofMillis(600), 7L, 0);
        }

        /**
         * @param u the new value
         * @return a copy with other known users (empty = accept any assignee)
         */
        public Options withUsers(Set<String> u) {
            return new Options(apiUid, apiKey, u, jobDuration, seed, requestsPerMinute);
        }

        /**
         * @param d the new value
         * @return a copy with another job duration
         */
        public Options withJobDuration(Duration d) {
            return new Options(apiUid, apiKey, users, d, seed, requestsPerMinute);
        }

        /**
         * @param s the new value
         * @return a copy with another seed
         */
        public Options withSeed(long s) {
            return new Options(apiUid, apiKey, users, jobDuration, s, requestsPerMinute);
        }

        /**
         * @param r the new value
         * @return a copy with another limit of requests per sliding minute (0 = none)
         */
        public Options withRequestsPerMinute(int r) {
            return new Options(apiUid, apiKey, users, jobDuration, seed, r);
        }
    }

    /**
     * Fault knobs, changeable at runtime with {@link #faults(Faults)}; {@link #none()} turns every one off.
     *
     * <p>Every {@code /api/v1} request is decided in this order; the first fault that hits wins:
     * <ol>
     *   <li>{@code connectionResetRate}: after {@code latency}, the connection is closed without a single byte of
     *       answer (see {@code SandboxHttp.abort}); nothing is logged in {@link #requestLog()}, counted against
     *       {@link Options#requestsPerMinute()} or changed. {@code java.net.http.HttpClient} throws an
     *       {@code IOException} ("HTTP/1.1 header parser received no bytes"), Apache HttpClient 5 a
     *       {@code NoHttpResponseException}; both retry an idempotent request (GET) once by default, the retry being
     *       a new request with its own draw.</li>
     *   <li>{@code malformedJsonRate}: after {@code latency}, a 200 with {@code Content-Type: application/json} whose
     *       body is JSON cut short: <code>{"success":true,"result":{"_id":"</code>, whatever the path, method or credentials; decided
     *       before the request is processed, so nothing is created. Logged with status 200.</li>
     *   <li>the {@link Options#requestsPerMinute()} window, then {@code serverErrorRate} (500) and
     *       {@code rateLimitRate} (429 with {@code Retry-After: retryAfterSeconds}), before authentication.</li>
     * </ol>
     * {@code connectionResetRate} and {@code malformedJsonRate} are seeded draws of ({@link Options#seed()}, the
     * request's sequence number counted from 0, knob), independent of each other and of the other knobs;
     * {@code serverErrorRate} and {@code rateLimitRate} use a {@code java.util.Random} seeded with
     * {@link Options#seed()}, drawn only while a rate is above 0. So for a given seed and sequence of requests the
     * same requests fail.
     *
     * <p>Bulk jobs: {@code itemFailureRate} fails otherwise valid items when the job ends (seeded per job);
     * {@code neverEndingJobRate} makes a share of accepted bulk jobs (a seeded draw of the job's sequence number,
     * fixed when the bulk POST is accepted) stay {@code pending} forever: {@code GET /jobs/{id}} keeps answering
     * {@code pending} with no completed or failed item, and none of its items is ever stored.
     *
     * @param serverErrorRate     probability 0..1 that a request is answered 500
     * @param rateLimitRate       probability 0..1 that a request is answered 429
     * @param retryAfterSeconds   {@code Retry-After} of those 429s, {@code >= 0}
     * @param itemFailureRate     probability 0..1 that an otherwise valid bulk item fails in its job
     * @param latency             delay before every {@code /api/v1} answer, {@code >= 0}
     * @param connectionResetRate probability 0..1 that a request's connection is dropped without answer
     * @param malformedJsonRate   probability 0..1 that a request is answered 200 with a body that is not valid JSON
     * @param neverEndingJobRate  probability 0..1 that an accepted bulk job stays {@code pending} forever
     */
    public record Faults(double serverErrorRate, double rateLimitRate, int retryAfterSeconds, double itemFailureRate,
                         Duration latency, double connectionResetRate, double malformedJsonRate,
                         double neverEndingJobRate) {

        /**
         * Validates the values.
         *
         * @param serverErrorRate see the record description
         * @param rateLimitRate see the record description
         * @param retryAfterSeconds see the record description
         * @param itemFailureRate see the record description
         * @param latency see the record description
         * @param connectionResetRate see the record description
         * @param malformedJsonRate see the record description
         * @param neverEndingJobRate see the record description
         * @throws IllegalArgumentException if a value is out of range
         */
        public Faults {
            Objects.requireNonNull(latency, "latency");
            for (double rate : new double[] {serverErrorRate, rateLimitRate, itemFailureRate, connectionResetRate,
                    malformedJsonRate, neverEndingJobRate}) {
                if (!(rate >= 0 && rate <= 1)) {
                    throw new IllegalArgumentException("rates must be within 0..1: " + rate);
                }
            }
            if (retryAfterSeconds < 0 || latency.isNegative()) {
                throw new IllegalArgumentException("retryAfterSeconds and latency must be >= 0");
            }
        }

        /**
         * The knobs that existed first; the newer ones ({@code connectionResetRate}, {@code malformedJsonRate},
         * {@code neverEndingJobRate}) are 0.
         *
         * @param serverErrorRate   see the record description
         * @param rateLimitRate     see the record description
         * @param retryAfterSeconds see the record description
         * @param itemFailureRate   see the record description
         * @param latency           see the record description
         * @throws IllegalArgumentException if a value is out of range
         */
        public Faults(double serverErrorRate, double rateLimitRate, int retryAfterSeconds, double itemFailureRate,
                      Duration latency) {
            this(serverErrorRate, rateLimitRate, retryAfterSeconds, itemFailureRate, latency, 0, 0, 0);
        }

        /**
         * @return no faults: no errors, no 429, no item failures, no latency, no reset, no malformed answer, no
         *         never-ending job (Retry-After 1 s if the 429 rate is raised)
         */
        public static Faults none() {
            return new Faults(0, 0, 1, 0, Duration.ZERO, 0, 0, 0);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of 500 answers
         */
        public Faults withServerErrorRate(double rate) {
            return new Faults(rate, rateLimitRate, retryAfterSeconds, itemFailureRate, latency, connectionResetRate,
                    malformedJsonRate, neverEndingJobRate);
        }

        /**
         * @param rate       share 0..1 of requests answered 429
         * @param retryAfter their {@code Retry-After}, in seconds
         * @return a copy with those values
         */
        public Faults withRateLimit(double rate, int retryAfter) {
            return new Faults(serverErrorRate, rate, retryAfter, itemFailureRate, latency, connectionResetRate,
                    malformedJsonRate, neverEndingJobRate);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of 429 answers
         */
        public Faults withRateLimitRate(double rate) {
            return withRateLimit(rate, retryAfterSeconds);
        }

        /**
         * @param seconds the new value
         * @return a copy with another {@code Retry-After} of the 429 answers
         */
        public Faults withRetryAfterSeconds(int seconds) {
            return withRateLimit(rateLimitRate, seconds);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of failing bulk items
         */
        public Faults withItemFailureRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, rate, latency, connectionResetRate,
                    malformedJsonRate, neverEndingJobRate);
        }

        /**
         * @param d the new value
         * @return a copy with another delay before every answer
         */
        public Faults withLatency(Duration d) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, itemFailureRate, d,
                    connectionResetRate, malformedJsonRate, neverEndingJobRate);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of connections dropped without answer
         */
        public Faults withConnectionResetRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, itemFailureRate, latency, rate,
                    malformedJsonRate, neverEndingJobRate);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of 200 answers whose body is not valid JSON
         */
        public Faults withMalformedJsonRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, itemFailureRate, latency,
                    connectionResetRate, rate, neverEndingJobRate);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of bulk jobs that stay pending forever
         */
        public Faults withNeverEndingJobRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, itemFailureRate, latency,
                    connectionResetRate, malformedJsonRate, rate);
        }
    }

    /**
     * One accepted interaction, as stored at the end of its job.
     *
     * @param integration   name of its integration
     * @param id            Playvox {@code _id}
     * @param interactionId the sender's {@code interaction_id}
     * @param assigneeId    the sender's {@code assignee_id} (latest receipt)
     * @param metadata      every other key as Jackson reads it (String, Integer/Long/BigInteger, Double, Boolean;
     *                      latest receipt)
     * @param receivedCount how many accepted items carried this interaction_id (1 = no duplicate)
     * @param comments      its comments, in order of receipt
     */
    public record StoredInteraction(String integration, String id, String interactionId, String assigneeId,
                                    Map<String, Object> metadata, int receivedCount, List<StoredComment> comments) {
    }

    /**
     * One accepted comment.
     *
     * @param id       Playvox {@code _id} of the comment
     * @param body     text as sent
     * @param type     customer_comment, agent_comment or internal_note
     * @param authorId author_id as sent
     * @param addedAt  added_at as sent, or the moment of receipt (ISO-8601, UTC) when absent
     */
    public record StoredComment(String id, String body, String type, String authorId, String addedAt) {
    }

    /**
     * One {@code /api/v1} request.
     *
     * @param at     arrival
     * @param method HTTP method
     * @param path   path without the query string, e.g. {@code /api/v1/jobs/abc}
     * @param status answered status
     */
    public record RequestRecord(Instant at, String method, String path, int status) {
    }

    private record Reply(int status, Object body, Map<String, String> headers) {
        static Reply of(PlayvoxStore.Answer answer) {
            return new Reply(answer.status(), answer.body(), Map.of());
        }
    }

    private record Route(String method, Pattern path) {
        Matcher match(String m, String p) {
            Matcher matcher = path.matcher(p);
            return matcher.matches() && method.equals(m) ? matcher : null;
        }
    }

    private static final Pattern INTEGRATIONS = Pattern.compile("/api/v1/integrations");
    private static final Pattern INTEGRATION = Pattern.compile("/api/v1/integrations/([^/]+)");
    private static final Pattern METADATA = Pattern.compile("/api/v1/integrations/([^/]+)/metadata");
    private static final Pattern BULK = Pattern.compile("/api/v1/integrations/([^/]+)/bulk/interactions");
    private static final Pattern INTERACTIONS = Pattern.compile("/api/v1/integrations/([^/]+)/interactions");
    private static final Pattern JOB = Pattern.compile("/api/v1/jobs/([^/]+)");
    private static final Pattern COMMENTS = Pattern.compile("/api/v1/interactions/([^/]+)/comments");
    private static final List<Pattern> KNOWN = List.of(INTEGRATIONS, INTEGRATION, METADATA, BULK, INTERACTIONS, JOB,
            COMMENTS);

    private final Options options;
    private final ScheduledExecutorService scheduler;
    private final PlayvoxStore store;
    private final Random faultRandom;
    private final Deque<Long> window = new ArrayDeque<>();
    private final List<RequestRecord> log = new ArrayList<>();
    private volatile Faults faults = Faults.none();
    private volatile SandboxHttp.Server server;
    private final AtomicLong apiSequence = new AtomicLong();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger malformedAnswers = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger rateLimits = new AtomicInteger();

    /**
     * Creates a stopped fake with empty stores and no faults.
     *
     * @param options settings, see {@link Options#defaults(String, String)}
     */
    public PlayvoxFake(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "playvox-fake-jobs");
            t.setDaemon(true);
            return t;
        });
        this.store = new PlayvoxStore(options.seed(), options.users(), options.jobDuration(), scheduler);
        this.faultRandom = new Random(options.seed());
    }

    /**
     * Replaces the fault knobs; takes effect with the next request. Thread-safe.
     *
     * @param faults the new knobs, see {@link Faults#none()}
     */
    public void faults(Faults faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /** @return the current fault knobs ({@link Faults#none()} until {@link #faults(Faults)} is called) */
    public Faults faults() {
        return faults;
    }

    /**
     * @return how often each fault has hit so far: keys {@code connection_reset}, {@code malformed_json},
     *         {@code server_error}, {@code rate_limit} (simulated 429s only, not the {@code requestsPerMinute}
     *         window), {@code never_ending_job} (bulk jobs that stay pending), in that order
     */
    public Map<String, Integer> injectedFaults() {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("connection_reset", resets.get());
        out.put("malformed_json", malformedAnswers.get());
        out.put("server_error", serverErrors.get());
        out.put("rate_limit", rateLimits.get());
        out.put("never_ending_job", store.neverEndingJobs());
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * Binds 127.0.0.1.
     *
     * @param port TCP port, 0 for an ephemeral one
     * @throws IllegalStateException if already started, or closed (a closed fake cannot run jobs any more)
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public synchronized void start(int port) {
        if (scheduler.isShutdown()) {
            throw new IllegalStateException("PlayvoxFake is closed");
        }
        if (server != null) {
            throw new IllegalStateException("already started on port " + server.port());
        }
        server = SandboxHttp.start(port, "playvox-fake", this::handle);
        LOG.info("Playvox sandbox listening on {} (views on http://127.0.0.1:{}/sandbox)", baseUrl(), port());
    }

    /**
     * @return the bound port
     * @throws IllegalStateException if not started
     */
    public int port() {
        SandboxHttp.Server s = server;
        if (s == null) {
            throw new IllegalStateException("PlayvoxFake is not started");
        }
        return s.port();
    }

    /** @return {@code http://127.0.0.1:<port>/api/v1} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/api/v1";
    }

    /**
     * @param integrationName name of the integration(s); null = every integration
     * @return accepted interactions with their comments, in order of first receipt
     */
    public List<StoredInteraction> interactions(String integrationName) {
        return store.interactions(integrationName);
    }

    /** @return the item count of every accepted bulk request, in order */
    public List<Integer> bulkSizes() {
        return store.bulkSizes();
    }

    /** @return integrations created, duplicates of a name included */
    public int integrationsCreated() {
        return store.integrationsCreated();
    }

    /** @return metadata fields created, over all integrations */
    public int metadataFieldsCreated() {
        return store.metadataFieldsCreated();
    }

    /** @return accepted bulk items whose interaction_id was already stored in that integration */
    public int duplicateReceipts() {
        return store.duplicateReceipts();
    }

    /** @return bulk items that ended in a job's {@code failed} list */
    public int rejectedItems() {
        return store.rejectedItems();
    }

    /** @return every {@code /api/v1} request answered so far, in order of answer */
    public List<RequestRecord> requestLog() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Stops the server and the job scheduler; pending jobs are not processed any more. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
        scheduler.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) {
        try {
            byte[] body = SandboxHttp.body(exchange);
            String path = exchange.getRequestURI().getPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
                api(exchange, path, body);
            } else if (path.equals("/sandbox") || path.startsWith("/sandbox/")) {
                view(exchange, path);
            } else {
                SandboxHttp.sendJson(exchange, 404, PlayvoxStore.Answer.error(404, "not found: " + path).body());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Playvox sandbox: answer failed: {}", e.toString());
        } finally {
            exchange.close();
        }
    }

    private void api(HttpExchange exchange, String path, byte[] body) throws IOException {
        Instant at = Instant.now();
        Faults current = faults;
        long n = apiSequence.getAndIncrement();
        if (SeededDraws.hit(options.seed(), n, SeededDraws.CONNECTION_RESET, current.connectionResetRate())) {
            SandboxHttp.pause(current.latency());
            resets.incrementAndGet();
            SandboxHttp.abort(exchange);
            return;
        }
        if (SeededDraws.hit(options.seed(), n, SeededDraws.MALFORMED_JSON, current.malformedJsonRate())) {
            SandboxHttp.pause(current.latency());
            malformedAnswers.incrementAndGet();
            synchronized (log) {
                log.add(new RequestRecord(at, exchange.getRequestMethod(), path, 200));
            }
            SandboxHttp.send(exchange, 200, JSON_TYPE, MALFORMED_BODY.getBytes(StandardCharsets.UTF_8));
            return;
        }
        Reply reply;
        try {
            reply = decide(exchange, path, body, current);
        } catch (RuntimeException e) {
            LOG.warn("Playvox sandbox: internal error on {} {}", exchange.getRequestMethod(), path, e);
            reply = Reply.of(PlayvoxStore.Answer.error(500, "sandbox: internal error " + e));
        }
        SandboxHttp.pause(current.latency());
        synchronized (log) {
            log.add(new RequestRecord(at, exchange.getRequestMethod(), path, reply.status()));
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (reply.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"playvox\"");
        }
        SandboxHttp.sendJson(exchange, reply.status(), reply.body());
    }

    private Reply decide(HttpExchange exchange, String path, byte[] body, Faults current) {
        Map<String, String> limitHeaders = new LinkedHashMap<>();
        if (options.requestsPerMinute() > 0) {
            long waitNanos = acquireSlot(limitHeaders);
            if (waitNanos > 0) {
                long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                long resetMillis = System.currentTimeMillis() + waitNanos / 1_000_000L;
                return tooMany("rate limit exceeded: " + options.requestsPerMinute() + " requests per minute",
                        retryAfter, (resetMillis + 999) / 1000, limitHeaders);
            }
        }
        boolean serverError;
        boolean rateLimited;
        synchronized (faultRandom) {
            serverError = current.serverErrorRate() > 0 && faultRandom.nextDouble() < current.serverErrorRate();
            rateLimited = !serverError && current.rateLimitRate() > 0
                    && faultRandom.nextDouble() < current.rateLimitRate();
        }
        if (serverError) {
            serverErrors.incrementAndGet();
            return Reply.of(PlayvoxStore.Answer.error(500, "sandbox: simulated server error"));
        }
        if (rateLimited) {
            rateLimits.incrementAndGet();
            long retryAfter = current.retryAfterSeconds();
            return tooMany("sandbox: simulated rate limit", retryAfter,
                    Instant.now().getEpochSecond() + retryAfter, limitHeaders);
        }
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Reply.of(PlayvoxStore.Answer.error(401, "Unauthorized"));
        }
        Reply reply = route(exchange, path, body, current);
        if (limitHeaders.isEmpty()) {
            return reply;
        }
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.putAll(limitHeaders);
        return new Reply(reply.status(), reply.body(), headers);
    }

    private static Reply tooMany(String message, long retryAfter, long resetEpochSeconds, Map<String, String> base) {
        Map<String, String> headers = new LinkedHashMap<>(base);
        headers.put("Retry-After", Long.toString(retryAfter));
        headers.put("X-RateLimit-Remaining", "0");
        headers.put("X-RateLimit-Reset", Long.toString(resetEpochSeconds));
        return new Reply(429, PlayvoxStore.Answer.error(429, message).body(), headers);
    }

    /** Sliding 60 s window: 0 if a slot was taken, else nanoseconds until the oldest slot frees. */
    private long acquireSlot(Map<String, String> headers) {
        synchronized (window) {
            long now = System.nanoTime();
            while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
                window.pollFirst();
            }
            headers.put("X-RateLimit-Limit", Integer.toString(options.requestsPerMinute()));
            if (window.size() >= options.requestsPerMinute()) {
                return Math.max(1, window.peekFirst() + WINDOW_NANOS - now);
            }
            window.addLast(now);
            headers.put("X-RateLimit-Remaining", Integer.toString(options.requestsPerMinute() - window.size()));
            return 0;
        }
    }

    private boolean authorized(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        return constantTimeEquals(decoded.substring(0, colon), options.apiUid())
                & constantTimeEquals(decoded.substring(colon + 1), options.apiKey());
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private Reply route(HttpExchange exchange, String path, byte[] body, Faults current) {
        String method = exchange.getRequestMethod();
        Map<String, String> query = SandboxHttp.query(exchange);
        JsonNode json = null;
        if (method.equals("POST") || method.equals("PUT")) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("application/json")) {
                return Reply.of(PlayvoxStore.Answer.error(400, "Content-Type must be application/json"));
            }
            try {
                json = SandboxHttp.JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return Reply.of(PlayvoxStore.Answer.error(400, "body is not valid JSON: " + e.getOriginalMessage()));
            } catch (IOException e) {
                return Reply.of(PlayvoxStore.Answer.error(400, "body is not readable: " + e.getMessage()));
            }
            if (json == null || json.isMissingNode()) {
                return Reply.of(PlayvoxStore.Answer.error(400, "body is empty"));
            }
        }
        Matcher m;
        if ((m = new Route("GET", INTEGRATIONS).match(method, path)) != null) {
            return paged(query, (page, perPage) -> store.listIntegrations(page, perPage));
        }
        if ((m = new Route("POST", INTEGRATIONS).match(method, path)) != null) {
            return Reply.of(store.createIntegration(json));
        }
        if ((m = new Route("GET", INTEGRATION).match(method, path)) != null) {
            return Reply.of(store.getIntegration(m.group(1)));
        }
        if ((m = new Route("POST", METADATA).match(method, path)) != null) {
            return Reply.of(store.addMetadata(m.group(1), json));
        }
        if ((m = new Route("POST", BULK).match(method, path)) != null) {
            return Reply.of(store.bulk(m.group(1), json, current.itemFailureRate(),
                    current.neverEndingJobRate()));
        }
        if ((m = new Route("GET", INTERACTIONS).match(method, path)) != null) {
            String id = m.group(1);
            JsonNode filter = null;
            String raw = query.get("query");
            if (raw != null && !raw.isBlank()) {
                try {
                    filter = SandboxHttp.JSON.readTree(raw);
                } catch (JsonProcessingException e) {
                    return Reply.of(PlayvoxStore.Answer.error(400, "query is not valid JSON: " + e.getOriginalMessage()));
                }
            }
            JsonNode f = filter;
            return paged(query, (page, perPage) -> store.listInteractions(id, page, perPage, f));
        }
        if ((m = new Route("GET", JOB).match(method, path)) != null) {
            return Reply.of(store.job(m.group(1)));
        }
        if ((m = new Route("POST", COMMENTS).match(method, path)) != null) {
            return Reply.of(store.addComment(m.group(1), json));
        }
        if ((m = new Route("GET", COMMENTS).match(method, path)) != null) {
            return Reply.of(store.listComments(m.group(1)));
        }
        boolean known = KNOWN.stream().anyMatch(p -> p.matcher(path).matches());
        return known ? Reply.of(PlayvoxStore.Answer.error(405, "method " + method + " not supported on " + path))
                : Reply.of(PlayvoxStore.Answer.error(404, "not found: " + path));
    }

    private interface PageQuery {
        PlayvoxStore.Answer run(int page, int perPage);
    }

    private static Reply paged(Map<String, String> query, PageQuery action) {
        int page;
        int perPage;
        try {
            page = Integer.parseInt(query.getOrDefault("page", "1"));
            perPage = Integer.parseInt(query.getOrDefault("per_page", Integer.toString(PlayvoxStore.DEFAULT_PER_PAGE)));
        } catch (NumberFormatException e) {
            return Reply.of(PlayvoxStore.Answer.error(400, "page and per_page must be positive integers"));
        }
        if (page < 1 || perPage < 1) {
            return Reply.of(PlayvoxStore.Answer.error(400, "page and per_page must be positive integers"));
        }
        return Reply.of(action.run(page, perPage));
    }

    // ---------------------------------------------------------------- views

    private void view(HttpExchange exchange, String path) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            SandboxHttp.sendJson(exchange, 405, PlayvoxStore.Answer.error(405, "GET only").body());
            return;
        }
        switch (path) {
            case "/sandbox/interactions" -> {
                String name = SandboxHttp.query(exchange).get("integration");
                SandboxHttp.sendJson(exchange, 200, store.interactionsView(name == null || name.isEmpty() ? null : name));
            }
            case "/sandbox/stats" -> SandboxHttp.sendJson(exchange, 200, stats());
            case "/sandbox" -> {
                Map<String, Object> stats = stats();
                StringBuilder text = new StringBuilder("Playvox sandbox (fake of the Custom Integrations API)\n\n");
                text.append("API base:     http://127.0.0.1:").append(port()).append("/api/v1\n");
                text.append("Interactions: http://127.0.0.1:").append(port()).append("/sandbox/interactions?integration=NAME\n");
                text.append("Stats:        http://127.0.0.1:").append(port()).append("/sandbox/stats\n\n");
                stats.forEach((key, value) -> text.append(String.format("%-20s %s%n", key, value)));
                SandboxHttp.send(exchange, 200, "text/plain; charset=utf-8", text.toString().getBytes(StandardCharsets.UTF_8));
            }
            default -> SandboxHttp.sendJson(exchange, 404, PlayvoxStore.Answer.error(404, "not found: " + path).body());
        }
    }

    private Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>(store.stats(requestsByStatus()));
        stats.put("injected_faults", injectedFaults());
        stats.put("requests_by_kind", requestsByKind());
        stats.put("requests_per_minute", requestsPerMinute());
        return stats;
    }

    /**
     * The kind of one {@code /api/v1} request, for counting what a sink spends its requests on.
     *
     * @param method HTTP method
     * @param path   path without the query string, e.g. {@code /api/v1/jobs/abc}
     * @return {@code bulk} (POST bulk/interactions), {@code job_poll} (GET jobs/{id}), {@code comment} (POST
     *         interactions/{id}/comments), {@code lookup} (GET integrations, one integration, its interactions, an
     *         interaction's comments), {@code setup} (POST integrations or metadata), else {@code other}
     */
    public static String requestKind(String method, String path) {
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (post && BULK.matcher(path).matches()) {
            return "bulk";
        }
        if (get && JOB.matcher(path).matches()) {
            return "job_poll";
        }
        if (post && COMMENTS.matcher(path).matches()) {
            return "comment";
        }
        if (get && (INTEGRATIONS.matcher(path).matches() || INTEGRATION.matcher(path).matches()
                || INTERACTIONS.matcher(path).matches() || COMMENTS.matcher(path).matches())) {
            return "lookup";
        }
        if (post && (INTEGRATIONS.matcher(path).matches() || METADATA.matcher(path).matches())) {
            return "setup";
        }
        return "other";
    }

    /**
     * @return {@code /api/v1} requests answered so far (any status, 429s included; dropped connections excepted) per
     *         {@link #requestKind(String, String)}: keys bulk, job_poll, comment, lookup, setup, other, always all
     *         present, in that order
     */
    public Map<String, Integer> requestsByKind() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String kind : List.of("bulk", "job_poll", "comment", "lookup", "setup", "other")) {
            out.put(kind, 0);
        }
        synchronized (log) {
            log.forEach(r -> out.merge(requestKind(r.method(), r.path()), 1, Integer::sum));
        }
        return out;
    }

    /**
     * Request rate as the fake saw it, by arrival time, for checking a client's own limit.
     *
     * @return {@code max_in_any_60s} (most requests arriving within any 60 s, 429s included),
     *         {@code max_accepted_in_any_60s} (the same without 429 answers), and {@code by_minute}: requests per
     *         whole minute counted from the first request's arrival (a list, the last minute usually partial)
     */
    public Map<String, Object> requestsPerMinute() {
        List<RequestRecord> all = requestLog();
        List<Long> arrivals = new ArrayList<>();
        List<Long> accepted = new ArrayList<>();
        for (RequestRecord r : all) {
            long nanos = r.at().getEpochSecond() * 1_000_000_000L + r.at().getNano();
            arrivals.add(nanos);
            if (r.status() != 429) {
                accepted.add(nanos);
            }
        }
        java.util.Collections.sort(arrivals);
        java.util.Collections.sort(accepted);
        List<Integer> byMinute = new ArrayList<>();
        if (!arrivals.isEmpty()) {
            long first = arrivals.get(0);
            for (long t : arrivals) {
                int minute = (int) ((t - first) / WINDOW_NANOS);
                while (byMinute.size() <= minute) {
                    byMinute.add(0);
                }
                byMinute.set(minute, byMinute.get(minute) + 1);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_in_any_60s", maxInWindow(arrivals));
        out.put("max_accepted_in_any_60s", maxInWindow(accepted));
        out.put("by_minute", byMinute);
        return out;
    }

    /** @return the most of the sorted times within any half-open 60 s window */
    private static int maxInWindow(List<Long> sorted) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (sorted.get(end) - sorted.get(start) >= WINDOW_NANOS) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    private Map<String, Integer> requestsByStatus() {
        Map<Integer, Integer> counts = new TreeMap<>();
        synchronized (log) {
            log.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((status, count) -> out.put(Integer.toString(status), count));
        return out;
    }
}
