package io.playvoxbridge.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful in-JVM fake of the Wolkvox Reports Manager API, report {@code chat_4} ("Detail interactions"),
 * served on 127.0.0.1 with the JDK's HTTP server.
 *
 * <p>Follows https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/ and the common rules and response
 * codes of https://wolkvox.com/en/api-response-codes (api-facts section 3):
 * <ul>
 *   <li>{@code GET /api/v2/reports_manager.php?api=chat_4&date_ini=YYYYmmddHHiiss&date_end=YYYYmmddHHiiss} with
 *       header {@code wolkvox-token}. Dates are local times of the operation's zone ({@link Options#zone()});
 *       <b>both bounds are inclusive</b>, to the second.</li>
 *   <li>Envelope {@code {"code":200,"error":null,"msg":"N records were found","data":[...]}}; every value in
 *       {@code data} is a JSON string; dates {@code YYYY-MM-DD HH:MM:SS} in the operation's zone. At most
 *       {@value #MAX_RECORDS_PER_ANSWER} records per answer (the rest is cut off, as Wolkvox does). The answer is
 *       streamed (chunked), never built in memory. Strings are escaped as PHP's {@code json_encode} does by
 *       default ({@code \/} and {@code \\uXXXX} for every non-ASCII character): the endpoint is a PHP script, so
 *       this is an inference, harmless to any JSON parser.</li>
 *   <li>Errors, as envelope {@code {"code":S,"error":M,"msg":M,"data":null}}: 401 "PLEASE ENTER THE
 *       WOLKVOX-TOKEN" (no header); 403 "PLEASE VALIDATE TOKEN" (wrong token); 403 "EXCEEDS THE LIMIT OF
 *       SIMULTANEOUS REQUESTS PER TOKEN (2)" (any overlap with a request of the same token still being answered:
 *       stricter than the documented 2, as the docs also say a token cannot be used simultaneously);
 *       400 "SOME PARAMETERS ARE REQUIRED"; 400 "THE API YOU WANT TO CONSULT DOES NOT EXIST";
 *       404 "Validate dates entered" for a malformed date, {@code date_ini > date_end}, or a window without
 *       records (api-facts 3, [3P]); 400 "{@value #RANGE_TOO_LONG}" for a range over 31 days (the message is
 *       the sandbox's own: Wolkvox documents the limit, not its wording); 404 "NOT FOUND" for other paths;
 *       405 for other methods.</li>
 * </ul>
 *
 * <p>Records come from a deterministic generator: {@link Options#historyRecords()} records spread over
 * {@code [anchor - historySpan, anchor)}, then {@link Options#recordsPerMinute()} per minute after the anchor.
 * A record is visible once its {@code date_creation <= now} ({@link Options#clock()}); the
 * {@link Options#lateRate()} share only once {@code date_creation + lateBy <= now}. The
 * {@link Options#unmappedAgentRate()} share carries {@link #UNMAPPED_AGENT_NAME}, an agent missing from
 * {@link #SANDBOX_AGENTS_RESOURCE}. A record's {@code close_date} is fixed by its index, so it may lie after
 * "now" for the newest records.
 *
 * <p>Faults ({@link #faults(Faults)}, all off by default, changeable at runtime): per request, after the token
 * checks, a connection dropped without answer, a 500, a 429 with {@code Retry-After}, extra latency, or a 200 whose
 * JSON is cut in the middle of the data array; per record, a share of records served broken in one of five ways
 * (no case_id, impossible date, non-numeric survey, a JSON string instead of an object, an oversized body). Every
 * decision is a seeded function of {@link Options#seed()} and of the request's sequence number or the record's
 * index; see {@link Faults}. {@link #wellFormedRecords} and {@link #malformedCount} tell tests what must arrive.
 *
 * <p>Other reports, on the same path, token, checks and request faults: {@code api=diagram_4} (smart survey
 * details, {@link Diagram4RecordGenerator}), {@code api=chat_1} (chats, {@link Chat1RecordGenerator}) and
 * {@code api=chat_2} (their messages, {@link Chat2RecordGenerator}), each with {@link Options#historyRecords()}
 * records over the history span and {@link Options#recordsPerMinute()} after the anchor on its own timeline, and
 * {@link #visibleRecords(String, Instant, Instant)} to count them. Per-record malformations are chat_4's only.
 *
 * <p>Thread-safe. Typical use: {@code try (var fake = new WolkvoxFake(Options.defaults("t"))) { fake.start(0); ... }}.
 */
public final class WolkvoxFake implements AutoCloseable {

    /** Classpath resource of the sandbox agent directory: {@code source,agent_key,playvox_user}, one row per mapped agent. */
    public static final String SANDBOX_AGENTS_RESOURCE = "sandbox/agents.csv";

    /** The agent name the generator uses for the {@code unmappedAgentRate} share; absent from {@link #SANDBOX_AGENTS_RESOURCE}. */
    public static final String UNMAPPED_AGENT_NAME = "Agente Temporal 07";

    /** Most records Wolkvox returns in one answer. */
    public static final int MAX_RECORDS_PER_ANSWER = 60_000;

    /** Longest {@code date_ini}..{@code date_end} range Wolkvox accepts. */
    public static final Duration MAX_RANGE = Duration.ofDays(31);

    /** Path of the Reports Manager endpoint. */
    public static final String REPORTS_PATH = "/api/v2/reports_manager.php";

    static final String NO_TOKEN = "PLEASE ENTER THE WOLKVOX-TOKEN";
    static final String BAD_TOKEN = "PLEASE VALIDATE TOKEN";
    static final String SIMULTANEOUS = "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)";
    static final String MISSING_PARAMETERS = "SOME PARAMETERS ARE REQUIRED";
    static final String UNKNOWN_API = "THE API YOU WANT TO CONSULT DOES NOT EXIST";
    static final String BAD_DATES = "Validate dates entered";
    static final String RANGE_TOO_LONG = "THE MAXIMUM DATE RANGE IS 31 DAYS";
    static final String SERVER_ERROR = "INTERNAL SERVER ERROR";
    static final String TOO_MANY_REQUESTS = "TOO MANY REQUESTS";
    static final String NOT_A_NUMBER = "muy bueno";

    /**
     * The only key of the map {@link #visibleRecords} gives for a record served as a JSON string instead of an
     * object (malformed kind (d) of {@link Faults#malformedRecordRate()}); its value is that string.
     */
    public static final String NOT_AN_OBJECT_KEY = "__not_an_object__";

    /** Names of the request faults in {@link #injectedFaults()}. */
    static final String FAULT_RESET = "connection_reset";
    static final String FAULT_SERVER_ERROR = "server_error";
    static final String FAULT_RATE_LIMIT = "rate_limit";
    static final String FAULT_MALFORMED_JSON = "malformed_json";

    private static final Logger LOG = LoggerFactory.getLogger(WolkvoxFake.class);
    private static final DateTimeFormatter REQUEST_DATE =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final JsonFactory STREAM_FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /**
     * Settings of the fake.
     *
     * @param token             the only valid {@code wolkvox-token}
     * @param zone              the operation's zone: request dates and response dates are local times of it
     * @param seed              seed of the record generator
     * @param historyRecords    records created before the anchor, {@code >= 0}
     * @param historySpan       how far before the anchor the history reaches, positive
     * @param recordsPerMinute  records created per minute after the anchor, {@code >= 0} (0 = none)
     * @param unmappedAgentRate share 0..1 of records given to {@link #UNMAPPED_AGENT_NAME}
     * @param lateRate          share 0..1 of records visible only {@code lateBy} after their creation
     * @param lateBy            delay of late records, {@code >= 0}
     * @param latency           delay before every answer, {@code >= 0}; held while the token is marked in flight
     * @param clock             "now" for visibility and for the anchor
     */
    public record Options(String token, ZoneId zone, long seed, int historyRecords, Duration historySpan,
                          double recordsPerMinute, double unmappedAgentRate, double lateRate, Duration lateBy,
                          Duration latency, Clock clock) {

        /**
         * Validates the values.
         *
         * @param token see the record description
         * @param zone see the record description
         * @param seed see the record description
         * @param historyRecords see the record description
         * @param historySpan see the record description
         * @param recordsPerMinute see the record description
         * @param unmappedAgentRate see the record description
         * @param lateRate see the record description
         * @param lateBy see the record description
         * @param latency see the record description
         * @param clock see the record description
         * @throws IllegalArgumentException if a value is out of range; NullPointerException if one is missing
         */
        public Options {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(historySpan, "historySpan");
            Objects.requireNonNull(lateBy, "lateBy");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(clock, "clock");
            if (token.isBlank()) {
                throw new IllegalArgumentException("token is blank");
            }
            if (historyRecords < 0) {
                throw new IllegalArgumentException("historyRecords < 0: " + historyRecords);
            }
            if (historySpan.isNegative() || historySpan.isZero()) {
                throw new IllegalArgumentException("historySpan must be positive: " + historySpan);
            }
            if (!(recordsPerMinute >= 0) || Double.isInfinite(recordsPerMinute)) {
                throw new IllegalArgumentException("recordsPerMinute must be finite and >= 0: " + recordsPerMinute);
            }
            checkRate("unmappedAgentRate", unmappedAgentRate);
            checkRate("lateRate", lateRate);
            if (lateBy.isNegative() || latency.isNegative()) {
                throw new IllegalArgumentException("lateBy and latency must be >= 0");
            }
        }

        /**
         * Zone America/Bogota, seed 42, 500 history records over one day, 6 records per minute after the anchor,
         * 2% unmapped agent, 5% late by 3 minutes, no latency, the system clock.
         *
         * @param token the valid {@code wolkvox-token}
         * @return the default options
         */
        public static Options defaults(String token) {
            return new Options(token, ZoneId.of("America/Bogota"), 42L, 500, Duration.ofDays(1), 6.0, 0.02, 0.05,
                    Duration.ofMinutes(3), Duration.ZERO, Clock.systemUTC());
        }

        /**
         * @param z the new value
         * @return a copy with another zone
         */
        public Options withZone(ZoneId z) {
            return new Options(token, z, seed, historyRecords, historySpan, recordsPerMinute, unmappedAgentRate,
                    lateRate, lateBy, latency, clock);
        }

        /**
         * @param s the new value
         * @return a copy with another generator seed
         */
        public Options withSeed(long s) {
            return new Options(token, zone, s, historyRecords, historySpan, recordsPerMinute, unmappedAgentRate,
                    lateRate, lateBy, latency, clock);
        }

        /**
         * @param n the new value
         * @return a copy with another number of history records
         */
        public Options withHistoryRecords(int n) {
            return new Options(token, zone, seed, n, historySpan, recordsPerMinute, unmappedAgentRate,
                    lateRate, lateBy, latency, clock);
        }

        /**
         * @param d the new value
         * @return a copy with another history span
         */
        public Options withHistorySpan(Duration d) {
            return new Options(token, zone, seed, historyRecords, d, recordsPerMinute, unmappedAgentRate,
                    lateRate, lateBy, latency, clock);
        }

        /**
         * @param r the new value
         * @return a copy with another rate of new records, per minute (0 = none)
         */
        public Options withRecordsPerMinute(double r) {
            return new Options(token, zone, seed, historyRecords, historySpan, r, unmappedAgentRate,
                    lateRate, lateBy, latency, clock);
        }

        /**
         * @param r the new value
         * @return a copy with another share 0..1 of records given to the unmapped agent
         */
        public Options withUnmappedAgentRate(double r) {
            return new Options(token, zone, seed, historyRecords, historySpan, recordsPerMinute, r,
                    lateRate, lateBy, latency, clock);
        }

        /**
         * @param r the new value
         * @return a copy with another share 0..1 of late-arriving records
         */
        public Options withLateRate(double r) {
            return new Options(token, zone, seed, historyRecords, historySpan, recordsPerMinute, unmappedAgentRate,
                    r, lateBy, latency, clock);
        }

        /**
         * @param d the new value
         * @return a copy with another delay of late records
         */
        public Options withLateBy(Duration d) {
            return new Options(token, zone, seed, historyRecords, historySpan, recordsPerMinute, unmappedAgentRate,
                    lateRate, d, latency, clock);
        }

        /**
         * @param d the new value
         * @return a copy with another delay before every answer
         */
        public Options withLatency(Duration d) {
            return new Options(token, zone, seed, historyRecords, historySpan, recordsPerMinute, unmappedAgentRate,
                    lateRate, lateBy, d, clock);
        }

        /**
         * @param c the new value
         * @return a copy with another clock
         */
        public Options withClock(Clock c) {
            return new Options(token, zone, seed, historyRecords, historySpan, recordsPerMinute, unmappedAgentRate,
                    lateRate, lateBy, latency, c);
        }

        private static void checkRate(String name, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be within 0..1: " + rate);
            }
        }
    }

    /**
     * Fault knobs, changeable at runtime with {@link #faults(Faults)}; {@link #none()} turns every one off.
     *
     * <p>Request faults apply to {@code GET /api/v2/reports_manager.php} after the token checks (so 401 "PLEASE
     * ENTER THE WOLKVOX-TOKEN", 403 "PLEASE VALIDATE TOKEN" and 403 "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS" stay
     * as they are) and after {@link Options#latency()}. The n-th such request (n counted from 0 since the fake was
     * created) is decided by seeded draws of ({@link Options#seed()}, n, knob), independent of each other: so for a
     * given seed and sequence of requests the same requests fail, and raising one rate does not move the faults of
     * another knob. When several hit, the first in this order wins:
     * <ol>
     *   <li>{@code connectionResetRate}: the connection is closed without a single byte of answer (see
     *       {@code SandboxHttp.abort}); {@code java.net.http.HttpClient} throws an {@code IOException} ("HTTP/1.1
     *       header parser received no bytes"), Apache HttpClient 5 a {@code NoHttpResponseException}. Both retry an
     *       idempotent request once by default, and the retry is a new request with its own draw.</li>
     *   <li>{@code serverErrorRate}: 500 with the Wolkvox envelope, message "INTERNAL SERVER ERROR" (the
     *       sandbox's wording).</li>
     *   <li>{@code rateLimitRate}: 429 with header {@code Retry-After: retryAfterSeconds} and the envelope, message
     *       "TOO MANY REQUESTS" (Wolkvox documents no 429; this models a gateway in front of it).</li>
     *   <li>{@code malformedJsonRate}: an answer that would be 200 with records is sent as 200, complete at the HTTP
     *       level (chunked, properly terminated), but its JSON stops in the middle of the data array: after half of
     *       the records, inside the next one. Answers without records (404, 400) are not affected.</li>
     * </ol>
     * {@code latency} delays every such request in addition to {@link Options#latency()}.
     *
     * <p>{@code malformedRecordRate} is per record, not per request: a record is malformed if a seeded draw of
     * ({@link Options#seed()}, record index) is below the rate, so it is malformed in every window and every answer
     * that returns it (and stays malformed when the rate is raised). A malformed record with index i is broken by
     * kind {@code i mod 5} (or {@code i mod 4} when {@code oversizedBodyBytes} is 0):
     * (a) no {@code case_id} key; (b) {@code date_creation} on an impossible day, the record's year and time with
     * month-day {@code 02-30}, e.g. {@code 2026-02-30 10:00:00}; (c) {@code evaluation_survey} {@code "muy bueno"};
     * (d) the element of {@code data} is a JSON string (the record's JSON text) instead of an object; (e) a
     * {@code body} of {@code oversizedBodyBytes} ASCII characters, streamed, never held in memory while answering.
     *
     * @param serverErrorRate     share 0..1 of requests answered 500
     * @param rateLimitRate       share 0..1 of requests answered 429
     * @param retryAfterSeconds   {@code Retry-After} of those 429s, {@code >= 0}
     * @param latency             extra delay before every answer, {@code >= 0}
     * @param connectionResetRate share 0..1 of requests whose connection is dropped without answer
     * @param malformedJsonRate   share 0..1 of 200 answers whose JSON is cut in the middle of the data array
     * @param malformedRecordRate share 0..1 of records served broken
     * @param oversizedBodyBytes  length of the body of malformed kind (e), {@code >= 0}; 0 = kind (e) is not used
     */
    public record Faults(double serverErrorRate, double rateLimitRate, int retryAfterSeconds, Duration latency,
                         double connectionResetRate, double malformedJsonRate, double malformedRecordRate,
                         int oversizedBodyBytes) {

        /** Default {@code oversizedBodyBytes}: one more than 10 MB (10 * 1024 * 1024 + 1). */
        public static final int DEFAULT_OVERSIZED_BODY_BYTES = 10 * 1024 * 1024 + 1;

        /**
         * Validates the values.
         *
         * @param serverErrorRate see the record description
         * @param rateLimitRate see the record description
         * @param retryAfterSeconds see the record description
         * @param latency see the record description
         * @param connectionResetRate see the record description
         * @param malformedJsonRate see the record description
         * @param malformedRecordRate see the record description
         * @param oversizedBodyBytes see the record description
         * @throws IllegalArgumentException if a value is out of range; NullPointerException if latency is missing
         */
        public Faults {
            Objects.requireNonNull(latency, "latency");
            Options.checkRate("serverErrorRate", serverErrorRate);
            Options.checkRate("rateLimitRate", rateLimitRate);
            Options.checkRate("connectionResetRate", connectionResetRate);
            Options.checkRate("malformedJsonRate", malformedJsonRate);
            Options.checkRate("malformedRecordRate", malformedRecordRate);
            if (retryAfterSeconds < 0 || latency.isNegative() || oversizedBodyBytes < 0) {
                throw new IllegalArgumentException("retryAfterSeconds, latency and oversizedBodyBytes must be >= 0");
            }
        }

        /**
         * @return no faults: every rate 0, no latency; {@code Retry-After} 1 s and oversized bodies of
         *         {@link #DEFAULT_OVERSIZED_BODY_BYTES} if the corresponding rate is raised
         */
        public static Faults none() {
            return new Faults(0, 0, 1, Duration.ZERO, 0, 0, 0, DEFAULT_OVERSIZED_BODY_BYTES);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of 500 answers
         */
        public Faults withServerErrorRate(double rate) {
            return new Faults(rate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate, malformedJsonRate,
                    malformedRecordRate, oversizedBodyBytes);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of 429 answers
         */
        public Faults withRateLimitRate(double rate) {
            return new Faults(serverErrorRate, rate, retryAfterSeconds, latency, connectionResetRate, malformedJsonRate,
                    malformedRecordRate, oversizedBodyBytes);
        }

        /**
         * @param seconds the new value
         * @return a copy with another {@code Retry-After} of the 429 answers
         */
        public Faults withRetryAfterSeconds(int seconds) {
            return new Faults(serverErrorRate, rateLimitRate, seconds, latency, connectionResetRate, malformedJsonRate,
                    malformedRecordRate, oversizedBodyBytes);
        }

        /**
         * @param rate       share 0..1 of requests answered 429
         * @param retryAfter their {@code Retry-After}, in seconds
         * @return a copy with those values
         */
        public Faults withRateLimit(double rate, int retryAfter) {
            return withRateLimitRate(rate).withRetryAfterSeconds(retryAfter);
        }

        /**
         * @param d the new value
         * @return a copy with another extra delay before every answer
         */
        public Faults withLatency(Duration d) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, d, connectionResetRate,
                    malformedJsonRate, malformedRecordRate, oversizedBodyBytes);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of connections dropped without answer
         */
        public Faults withConnectionResetRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, rate, malformedJsonRate,
                    malformedRecordRate, oversizedBodyBytes);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of 200 answers cut in the middle of the data array
         */
        public Faults withMalformedJsonRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate, rate,
                    malformedRecordRate, oversizedBodyBytes);
        }

        /**
         * @param rate the new value
         * @return a copy with another share 0..1 of records served broken
         */
        public Faults withMalformedRecordRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate,
                    malformedJsonRate, rate, oversizedBodyBytes);
        }

        /**
         * @param bytes the new value, {@code >= 0}; 0 leaves kind (e) out of the cycle
         * @return a copy with another length of oversized bodies
         */
        public Faults withOversizedBodyBytes(int bytes) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, latency, connectionResetRate,
                    malformedJsonRate, malformedRecordRate, bytes);
        }
    }

    /** How a malformed record is broken, in cycle order; see {@link Faults}. */
    enum Malformation {
        /** (a) no case_id key. */
        MISSING_CASE_ID,
        /** (b) date_creation on February 30. */
        IMPOSSIBLE_DATE,
        /** (c) evaluation_survey "muy bueno". */
        NON_NUMERIC_SURVEY,
        /** (d) a JSON string instead of an object. */
        NOT_AN_OBJECT,
        /** (e) a body of oversizedBodyBytes characters. */
        OVERSIZED_BODY
    }

    private final Options options;
    private final List<String> mappedAgents;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger rejections = new AtomicInteger();
    private volatile Chat4RecordGenerator generator;
    /** The reports besides chat_4 (diagram_4, chat_1, chat_2), by api value; built by start(). */
    private volatile Map<String, WolkvoxReport> otherReports = Map.of();
    private volatile SandboxHttp.Server server;
    private volatile Faults faults = Faults.none();
    private volatile double commentRate = 1.0;
    private final AtomicLong faultSequence = new AtomicLong();
    private final Map<String, AtomicInteger> injected = new LinkedHashMap<>();

    /**
     * Creates a stopped fake; nothing is generated before {@link #start(int)}.
     *
     * @param options settings, see {@link Options#defaults(String)}
     * @throws IllegalStateException if {@link #SANDBOX_AGENTS_RESOURCE} cannot be read
     */
    public WolkvoxFake(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.mappedAgents = SandboxAgents.read(SANDBOX_AGENTS_RESOURCE).stream()
                .filter(row -> row.source().equals("wolkvox"))
                .map(SandboxAgents.Row::agentKey)
                .toList();
        for (String name : List.of(FAULT_RESET, FAULT_SERVER_ERROR, FAULT_RATE_LIMIT, FAULT_MALFORMED_JSON)) {
            injected.put(name, new AtomicInteger());
        }
    }

    /**
     * Sets the share of {@code chat_4} records that carry comment fields ({@code body}, {@code answer},
     * {@code comments}); the others have all three empty, so their interactions have no comments. Read by
     * {@link #start(int)}: call it before.
     *
     * @param share 0..1; 1 (the default) serves every record as generated
     * @throws IllegalArgumentException if outside 0..1
     */
    public void commentRate(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("commentRate must be within 0..1: " + share);
        }
        this.commentRate = share;
    }

    /**
     * Replaces the fault knobs; takes effect with the next request (a request already being answered keeps the knobs
     * it started with). Thread-safe; may be called before or after {@link #start(int)}.
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
     * @return how many requests each request fault has hit so far: keys {@code connection_reset},
     *         {@code server_error}, {@code rate_limit}, {@code malformed_json}, in that order
     */
    public Map<String, Integer> injectedFaults() {
        Map<String, Integer> out = new LinkedHashMap<>();
        injected.forEach((name, count) -> out.put(name, count.get()));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * The Playvox users of the sandbox: the {@code playvox_user} column of {@link #SANDBOX_AGENTS_RESOURCE}.
     *
     * @return e-mail addresses such as {@code maria.rodriguez@sandbox.playvox.test}, in file order
     * @throws IllegalStateException if the resource is missing or malformed
     */
    public static Set<String> sandboxPlayvoxUsers() {
        Set<String> users = new LinkedHashSet<>();
        SandboxAgents.read(SANDBOX_AGENTS_RESOURCE).forEach(row -> users.add(row.playvoxUser()));
        return java.util.Collections.unmodifiableSet(users);
    }

    /**
     * Fixes the anchor (now, truncated to whole seconds) and binds 127.0.0.1.
     *
     * @param port TCP port, 0 for an ephemeral one
     * @throws IllegalStateException if already started
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public synchronized void start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started on port " + server.port());
        }
        generator = new Chat4RecordGenerator(options.seed(), options.clock().instant(), options.historyRecords(),
                options.historySpan(), options.recordsPerMinute(), options.unmappedAgentRate(), options.lateRate(),
                options.lateBy(), options.zone(), mappedAgents, UNMAPPED_AGENT_NAME, commentRate);
        otherReports = otherReports(options, mappedAgents, generator.anchor());
        server = SandboxHttp.start(port, "wolkvox-fake", this::handle);
        LOG.info("Wolkvox sandbox listening on {} (anchor {}, zone {})", baseUrl(), generator.anchor(), options.zone());
    }

    /**
     * @return the bound port
     * @throws IllegalStateException if not started
     */
    public int port() {
        return running().port();
    }

    /** @return {@code http://127.0.0.1:<port>/api/v2}; append {@code /reports_manager.php?api=chat_4&...} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/api/v2";
    }

    /**
     * @return the moment of {@link #start(int)}, whole seconds: history lies in {@code [anchor - historySpan, anchor)},
     *         new records after it
     * @throws IllegalStateException if not started
     */
    public Instant anchor() {
        return generatorOrFail().anchor();
    }

    /**
     * What Wolkvox would hold for a half-open range right now, without the 60,000 cap, every record as it is served
     * under the current {@link #faults()}: malformed records broken as {@link Faults} describes (kind (d) as a map
     * with the single key {@link #NOT_AN_OBJECT_KEY}; kind (e) with its whole oversized body).
     *
     * @param fromInclusive earliest {@code date_creation}
     * @param toExclusive   end of the range, excluded
     * @return records (chat_4 field name to string value) whose {@code date_creation} is in the range and that are
     *         visible at {@code clock.instant()}, in date order
     * @throws IllegalStateException if not started
     */
    public List<Map<String, String>> visibleRecords(Instant fromInclusive, Instant toExclusive) {
        Chat4RecordGenerator gen = generatorOrFail();
        Faults f = faults;
        List<Map<String, String>> out = new ArrayList<>();
        forEachVisible(gen, fromInclusive, toExclusive,
                i -> out.add(served(gen, i, malformation(i, f), f.oversizedBodyBytes(), true)));
        return out;
    }

    /**
     * The visible records of a half-open range that the current {@link #faults()} do not break: what a bridge that
     * skips malformed records must deliver.
     *
     * @param fromInclusive earliest {@code date_creation}
     * @param toExclusive   end of the range, excluded
     * @return the records of {@link #visibleRecords} that are not malformed, in date order
     * @throws IllegalStateException if not started
     */
    public List<Map<String, String>> wellFormedRecords(Instant fromInclusive, Instant toExclusive) {
        Chat4RecordGenerator gen = generatorOrFail();
        Faults f = faults;
        List<Map<String, String>> out = new ArrayList<>();
        forEachVisible(gen, fromInclusive, toExclusive, i -> {
            if (malformation(i, f) == null) {
                out.add(gen.record(i));
            }
        });
        return out;
    }

    /**
     * @param fromInclusive earliest {@code date_creation}
     * @param toExclusive   end of the range, excluded
     * @return how many of the records of {@link #visibleRecords} the current {@link #faults()} break
     * @throws IllegalStateException if not started
     */
    public int malformedCount(Instant fromInclusive, Instant toExclusive) {
        Chat4RecordGenerator gen = generatorOrFail();
        Faults f = faults;
        int[] count = {0};
        forEachVisible(gen, fromInclusive, toExclusive, i -> {
            if (malformation(i, f) != null) {
                count[0]++;
            }
        });
        return count[0];
    }

    private void forEachVisible(Chat4RecordGenerator gen, Instant fromInclusive, Instant toExclusive,
                                LongConsumer action) {
        Instant now = options.clock().instant();
        long[] range = indexRange(gen, fromInclusive, toExclusive.minusNanos(1), now);
        for (long i = range[0]; i < range[1]; i++) {
            if (!gen.visibleFrom(i).isAfter(now)) {
                action.accept(i);
            }
        }
    }

    /** @return how record {@code index} is broken under {@code f}, or null if it is served well-formed */
    Malformation malformation(long index, Faults f) {
        if (!SeededDraws.hit(options.seed(), index, SeededDraws.MALFORMED_RECORD, f.malformedRecordRate())) {
            return null;
        }
        int kinds = f.oversizedBodyBytes() > 0 ? 5 : 4;
        return Malformation.values()[(int) (index % kinds)];
    }

    /**
     * The record as served. For {@link Malformation#OVERSIZED_BODY} the body is built only when
     * {@code materializeBody}; the answer streams it instead.
     */
    private static Map<String, String> served(Chat4RecordGenerator gen, long index, Malformation kind, int oversized,
                                              boolean materializeBody) {
        Map<String, String> r = gen.record(index);
        if (kind == null) {
            return r;
        }
        switch (kind) {
            case MISSING_CASE_ID -> r.remove("case_id");
            case IMPOSSIBLE_DATE -> {
                String date = r.get("date_creation");
                r.put("date_creation", date.substring(0, 4) + "-02-30" + date.substring(10));
            }
            case NON_NUMERIC_SURVEY -> r.put("evaluation_survey", NOT_A_NUMBER);
            case NOT_AN_OBJECT -> {
                String text;
                try {
                    text = SandboxHttp.JSON.writeValueAsString(r);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                r = new LinkedHashMap<>();
                r.put(NOT_AN_OBJECT_KEY, text);
            }
            case OVERSIZED_BODY -> r.put("body", materializeBody ? OversizedText.string(oversized) : "");
            default -> throw new IllegalStateException(kind.toString());
        }
        return r;
    }

    /** @return requests answered so far, any status */
    public int requestCount() {
        return requests.get();
    }

    /** @return 403 "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)" answers so far */
    public int concurrentRejections() {
        return rejections.get();
    }

    /** @return every agent name the generator uses: the mapped ones of the directory, then {@link #UNMAPPED_AGENT_NAME} */
    public List<String> agentNames() {
        List<String> names = new ArrayList<>(mappedAgents);
        names.add(UNMAPPED_AGENT_NAME);
        return List.copyOf(names);
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
            throw new IllegalStateException("WolkvoxFake is not started");
        }
        return s;
    }

    private Chat4RecordGenerator generatorOrFail() {
        Chat4RecordGenerator gen = generator;
        if (gen == null) {
            throw new IllegalStateException("WolkvoxFake is not started");
        }
        return gen;
    }

    /** Indices {@code [lo, hi)} created within {@code [from, min(toInclusive, now)]}. */
    private static long[] indexRange(Chat4RecordGenerator gen, Instant from, Instant toInclusive, Instant now) {
        return gen.timeline().indexRange(from, toInclusive, now);
    }

    private void handle(HttpExchange exchange) {
        Mark mark = null;
        try {
            SandboxHttp.body(exchange);
            if (!REPORTS_PATH.equals(exchange.getRequestURI().getPath())) {
                error(exchange, 404, "NOT FOUND", null);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "METHOD NOT ALLOWED", null);
                return;
            }
            String token = exchange.getRequestHeaders().getFirst("wolkvox-token");
            if (token == null || token.isBlank()) {
                SandboxHttp.pause(options.latency());
                error(exchange, 401, NO_TOKEN, null);
                return;
            }
            if (!token.equals(options.token())) {
                SandboxHttp.pause(options.latency());
                error(exchange, 403, BAD_TOKEN, null);
                return;
            }
            if (!inFlight.add(token)) {
                rejections.incrementAndGet();
                SandboxHttp.pause(options.latency());
                error(exchange, 403, SIMULTANEOUS, null);
                return;
            }
            mark = new Mark(token);
            SandboxHttp.pause(options.latency());
            Faults f = faults;
            SandboxHttp.pause(f.latency());
            long n = faultSequence.getAndIncrement();
            long seed = options.seed();
            if (SeededDraws.hit(seed, n, SeededDraws.CONNECTION_RESET, f.connectionResetRate())) {
                injected.get(FAULT_RESET).incrementAndGet();
                mark.release();
                SandboxHttp.abort(exchange);
                return;
            }
            if (SeededDraws.hit(seed, n, SeededDraws.SERVER_ERROR, f.serverErrorRate())) {
                injected.get(FAULT_SERVER_ERROR).incrementAndGet();
                error(exchange, 500, SERVER_ERROR, mark);
                return;
            }
            if (SeededDraws.hit(seed, n, SeededDraws.RATE_LIMIT, f.rateLimitRate())) {
                injected.get(FAULT_RATE_LIMIT).incrementAndGet();
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(f.retryAfterSeconds()));
                error(exchange, 429, TOO_MANY_REQUESTS, mark);
                return;
            }
            boolean cut = SeededDraws.hit(seed, n, SeededDraws.MALFORMED_JSON, f.malformedJsonRate());
            report(exchange, mark, f, cut);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Wolkvox sandbox: answer failed: {}", e.toString());
        } finally {
            if (mark != null) {
                mark.release();
            }
            exchange.close();
        }
    }

    /** The in-flight mark of one request's token, released once, just before the answer completes. */
    private final class Mark {
        private final String token;
        private boolean released;

        Mark(String token) {
            this.token = token;
        }

        void release() {
            if (!released) {
                released = true;
                inFlight.remove(token);
            }
        }
    }

    /** Answers the report request; releases the mark just before the answer is complete. */
    private void report(HttpExchange exchange, Mark token, Faults f, boolean cut) throws IOException {
        Map<String, String> params = SandboxHttp.query(exchange);
        String api = params.get("api");
        if (api == null || api.isBlank()) {
            error(exchange, 400, MISSING_PARAMETERS, token);
            return;
        }
        WolkvoxReport other = api.equals("chat_4") ? null : otherReports.get(api);
        if (!api.equals("chat_4") && other == null) {
            error(exchange, 400, UNKNOWN_API, token);
            return;
        }
        String dateIni = params.get("date_ini");
        String dateEnd = params.get("date_end");
        if (dateIni == null || dateIni.isBlank() || dateEnd == null || dateEnd.isBlank()) {
            error(exchange, 400, MISSING_PARAMETERS, token);
            return;
        }
        Instant from;
        Instant to;
        try {
            from = LocalDateTime.parse(dateIni, REQUEST_DATE).atZone(options.zone()).toInstant();
            to = LocalDateTime.parse(dateEnd, REQUEST_DATE).atZone(options.zone()).toInstant();
        } catch (DateTimeParseException e) {
            error(exchange, 404, BAD_DATES, token);
            return;
        }
        if (from.isAfter(to)) {
            error(exchange, 404, BAD_DATES, token);
            return;
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            error(exchange, 400, RANGE_TOO_LONG, token);
            return;
        }
        if (other != null) {
            streamOther(exchange, other, from, to, token, cut);
            return;
        }
        Chat4RecordGenerator gen = generatorOrFail();
        Instant now = options.clock().instant();
        long[] range = indexRange(gen, from, to, now);
        int count = 0;
        long last = range[0];
        for (long i = range[0]; i < range[1] && count < MAX_RECORDS_PER_ANSWER; i++) {
            if (!gen.visibleFrom(i).isAfter(now)) {
                count++;
                last = i + 1;
            }
        }
        if (count == 0) {
            error(exchange, 404, BAD_DATES, token);
            return;
        }
        if (cut) {
            injected.get(FAULT_MALFORMED_JSON).incrementAndGet();
        }
        stream(exchange, gen, range[0], last, now, count, token, f, cut);
    }

    /**
     * Streams the 200 answer. With {@code cut}, stops after {@code count / 2} records, inside the next one, leaving
     * the JSON unterminated (the generator is flushed, never closed, so it does not close the open structures).
     */
    private void stream(HttpExchange exchange, Chat4RecordGenerator gen, long from, long to, Instant now, int count,
                        Mark token, Faults f, boolean cut) throws IOException {
        OutputStream raw = exchange.getResponseBody();
        JsonGenerator json = openEnvelope(exchange, raw, count);
        int complete = 0;
        for (long i = from; i < to; i++) {
            if (gen.visibleFrom(i).isAfter(now)) {
                continue;
            }
            if (cut && complete == count / 2) {
                Map.Entry<String, String> first = gen.record(i).entrySet().iterator().next();
                json.writeStartObject();
                json.writeStringField(first.getKey(), first.getValue());
                break;
            }
            Malformation kind = malformation(i, f);
            writeRecord(json, served(gen, i, kind, f.oversizedBodyBytes(), false), kind, f.oversizedBodyBytes());
            complete++;
        }
        closeEnvelope(json, raw, token, cut);
    }

    /** Sends the 200 headers and writes the envelope up to the opening of {@code data}. */
    private JsonGenerator openEnvelope(HttpExchange exchange, OutputStream raw, int count) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        requests.incrementAndGet();
        exchange.sendResponseHeaders(200, 0);
        JsonGenerator json = STREAM_FACTORY.createGenerator(new BufferedOutputStream(raw, 32 * 1024));
        json.setCharacterEscapes(PhpEscapes.INSTANCE);
        json.writeStartObject();
        json.writeNumberField("code", 200);
        json.writeNullField("error");
        json.writeStringField("msg", count + " records were found");
        json.writeArrayFieldStart("data");
        return json;
    }

    /** Closes the envelope (unless {@code cut}), releases the token and ends the answer. */
    private static void closeEnvelope(JsonGenerator json, OutputStream raw, Mark token, boolean cut) throws IOException {
        if (!cut) {
            json.writeEndArray();
            json.writeEndObject();
        }
        json.flush();
        // release before the last chunk: a client that chains calls must not see its next call rejected
        token.release();
        raw.close();
    }

    // ---- reports besides chat_4: diagram_4, chat_1, chat_2 (same protocol, token and request faults) ----------------

    /** Salts of the other reports' timelines, so their records are not dated like chat_4's. */
    private static final long DIAGRAM_4_SEED = 0xD1A64L;
    private static final long CHAT_1_SEED = 0xC4A71L;

    /** Builds diagram_4 and chat_1 on their own timelines (same Options), and chat_2 from chat_1's chats. */
    private static Map<String, WolkvoxReport> otherReports(Options o, List<String> mappedAgents, Instant anchor) {
        SandboxAgentPool agents = new SandboxAgentPool(mappedAgents, UNMAPPED_AGENT_NAME);
        Diagram4RecordGenerator surveys = new Diagram4RecordGenerator(new RecordTimeline(o.seed() ^ DIAGRAM_4_SEED,
                anchor, o.historyRecords(), o.historySpan(), o.recordsPerMinute(), o.lateRate(), o.lateBy()),
                o.zone(), agents, o.unmappedAgentRate());
        Chat1RecordGenerator chats = new Chat1RecordGenerator(new RecordTimeline(o.seed() ^ CHAT_1_SEED,
                anchor, o.historyRecords(), o.historySpan(), o.recordsPerMinute(), o.lateRate(), o.lateBy()),
                o.zone(), agents, o.unmappedAgentRate());
        Map<String, WolkvoxReport> reports = new LinkedHashMap<>();
        for (WolkvoxReport report : List.of(surveys, chats, new Chat2RecordGenerator(chats))) {
            reports.put(report.api(), report);
        }
        return java.util.Collections.unmodifiableMap(reports);
    }

    /**
     * Answers diagram_4, chat_1 or chat_2 like chat_4: 404 "Validate dates entered" when nothing is visible, at most
     * {@value #MAX_RECORDS_PER_ANSWER} records, streamed; with {@code cut}, the JSON stops inside the record after
     * half of them. Per-record malformations ({@link Faults#malformedRecordRate()}) apply to chat_4 only.
     */
    private void streamOther(HttpExchange exchange, WolkvoxReport report, Instant from, Instant to, Mark token,
                             boolean cut) throws IOException {
        Instant now = options.clock().instant();
        int[] count = {0};
        report.forEachVisible(from, to, now, key -> ++count[0] < MAX_RECORDS_PER_ANSWER);
        if (count[0] == 0) {
            error(exchange, 404, BAD_DATES, token);
            return;
        }
        if (cut) {
            injected.get(FAULT_MALFORMED_JSON).incrementAndGet();
        }
        OutputStream raw = exchange.getResponseBody();
        JsonGenerator json = openEnvelope(exchange, raw, count[0]);
        int[] written = {0};
        IOException[] failure = {null};
        report.forEachVisible(from, to, now, key -> {
            try {
                Map<String, String> record = report.record(key);
                if (cut && written[0] == count[0] / 2) {
                    Map.Entry<String, String> first = record.entrySet().iterator().next();
                    json.writeStartObject();
                    json.writeStringField(first.getKey(), first.getValue());
                    return false;
                }
                writeRecord(json, record, null, 0);
                return ++written[0] < count[0];
            } catch (IOException e) {
                failure[0] = e;
                return false;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        closeEnvelope(json, raw, token, cut);
    }

    /**
     * What Wolkvox would hold for a half-open range right now for any report the fake serves, without the 60,000
     * cap: {@code chat_4} as {@link #visibleRecords(Instant, Instant)}; {@code diagram_4} and {@code chat_1} by their
     * {@code date}; {@code chat_2} by each message's own {@code date}, served chat by chat. For chat_1, a chat appears
     * once it has ended (its record would be dated earlier than it is visible).
     *
     * @param api           {@code chat_4}, {@code diagram_4}, {@code chat_1} or {@code chat_2}
     * @param fromInclusive earliest {@code date}
     * @param toExclusive   end of the range, excluded
     * @return the records in the order the fake serves them
     * @throws IllegalArgumentException for another api; IllegalStateException if not started
     */
    public List<Map<String, String>> visibleRecords(String api, Instant fromInclusive, Instant toExclusive) {
        if (api.equals("chat_4")) {
            return visibleRecords(fromInclusive, toExclusive);
        }
        generatorOrFail();
        WolkvoxReport report = otherReports.get(api);
        if (report == null) {
            throw new IllegalArgumentException("the Wolkvox sandbox serves no report " + api);
        }
        List<Map<String, String>> out = new ArrayList<>();
        report.forEachVisible(fromInclusive, toExclusive.minusNanos(1), options.clock().instant(),
                key -> out.add(report.record(key)));
        return out;
    }

    private static void writeRecord(JsonGenerator json, Map<String, String> record, Malformation kind, int oversized)
            throws IOException {
        if (kind == Malformation.NOT_AN_OBJECT) {
            json.writeString(record.get(NOT_AN_OBJECT_KEY));
            return;
        }
        json.writeStartObject();
        for (Map.Entry<String, String> field : record.entrySet()) {
            if (kind == Malformation.OVERSIZED_BODY && field.getKey().equals("body")) {
                json.writeFieldName("body");
                json.writeString(OversizedText.reader(oversized), oversized);
            } else {
                json.writeStringField(field.getKey(), field.getValue());
            }
        }
        json.writeEndObject();
    }

    private void error(HttpExchange exchange, int status, String message, Mark heldToken) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("code", status);
        envelope.put("error", message);
        envelope.put("msg", message);
        envelope.put("data", null);
        byte[] body = SandboxHttp.JSON.writeValueAsBytes(envelope);
        if (heldToken != null) {
            heldToken.release();
        }
        requests.incrementAndGet();
        SandboxHttp.send(exchange, status, "application/json; charset=utf-8", body);
    }

    /** The body of malformed kind (e): a sentence repeated up to the length, ASCII without characters JSON escapes. */
    static final class OversizedText {
        static final String SENTENCE = "Adjunto el historial completo de la conversacion con el cliente. ";

        private OversizedText() {
        }

        /** @return the text of {@code length} characters, built in memory */
        static String string(int length) {
            StringBuilder text = new StringBuilder(length);
            while (text.length() < length) {
                text.append(SENTENCE, 0, Math.min(SENTENCE.length(), length - text.length()));
            }
            return text.toString();
        }

        /** @return a reader of the same text, produced on the fly */
        static Reader reader(int length) {
            return new Reader() {
                private int position;

                @Override
                public int read(char[] buffer, int offset, int len) {
                    if (position >= length) {
                        return -1;
                    }
                    int n = Math.min(len, length - position);
                    for (int k = 0; k < n; k++) {
                        buffer[offset + k] = SENTENCE.charAt((position + k) % SENTENCE.length());
                    }
                    position += n;
                    return n;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** PHP {@code json_encode} default escaping: {@code /} as {@code \/}; non-ASCII is escaped by the factory. */
    private static final class PhpEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        static final PhpEscapes INSTANCE = new PhpEscapes();
        private static final int[] ASCII = standardAsciiEscapesForJSON();

        static {
            ASCII['/'] = '/';
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
