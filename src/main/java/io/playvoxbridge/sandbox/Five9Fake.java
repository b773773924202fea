package io.playvoxbridge.sandbox;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful in-JVM fake of the Five9 Configuration Web Services report flow (SOAP 1.1), served on 127.0.0.1 with the
 * JDK's HTTP server: {@code runReport} -> {@code isReportRunning} -> {@code getReportResultCsv}, plus
 * {@code getCallCountersState}.
 *
 * <p>Follows api-facts 5 (F9-DOC, pages under https://documentation.five9.com/bundle/api-config-web/page/config-web-services/):
 * <ul>
 *   <li>{@code POST /wsadmin/v13/AdminWebService}, HTTP Basic with an administrator user ({@link Options#users()});
 *       without valid credentials: 401 with {@code WWW-Authenticate: Basic realm="Five9"} and no body
 *       (<b>assumption</b>: api-facts says Basic auth, not how a refusal looks).</li>
 *   <li><b>One request at a time per user</b> ("Concurrent requests with the same user are denied"): a request of a
 *       user whose previous request is still being answered (an {@code isReportRunning} long poll included) gets the
 *       SOAP fault {@code ConcurrentModificationFault} (<b>assumption</b>: api-facts names the rule and this fault,
 *       not which fault the refusal is).</li>
 *   <li>{@code runReport(folderName, reportName, criteria{time{start,end}})} answers an identifier. Reports:
 *       "Call Log Reports"/"Call Log" (columns per api-facts) and "Digital Engagement Reports"/"Digital Interaction
 *       Log" (the sandbox's own: api-facts names no digital report). Faults: ReportNotFoundFault{folder, reportName},
 *       InvalidDateRangeFault{start, end} when start does not precede end, MissedArgumentFault for a missing argument,
 *       a client fault for a date that is not an xsd:dateTime. A time without offset is read in {@link Options#zone()}
 *       (<b>assumption</b>). A report takes {@link Options#reportDuration()} to run.</li>
 *   <li>{@code isReportRunning(identifier, timeout)} long-polls: answers false as soon as the report is done, or true
 *       after {@code timeout} seconds. Unknown identifier: UnknownIdentifierFault (<b>assumption</b>: F9-DOC names it
 *       for imports).</li>
 *   <li>{@code getReportResultCsv(identifier)} answers the CSV in {@code <return>} (carriage returns written as
 *       {@code &#xd;}, as Five9 does [3P]), streamed: the rows whose TIMESTAMP lies in {@code [start, end]} (both ends
 *       inclusive, <b>assumption</b>) and whose call or session had ended when the report was run, in time order, at
 *       most {@link Options#maxRows()} (50,000 by default, the rest silently cut as Five9 does). Before the report is
 *       done: ResultIsNotReadyFault. Times are in {@link Options#zone()} (Pacific), without offset.</li>
 *   <li><b>Limits</b> (minute / hour / day, windows aligned to the boundaries of {@link Options#zone()}, the data
 *       center's local time): runReport (ReportRequest) 16 / 120 / 800; getReportResultCsv (RetrieveReport)
 *       20 / 200 / 1000; isReportRunning and getCallCountersState (Query) 450 / 15000 / 172800. A call over a limit
 *       gets the SOAP fault OperationsLimitExceededFault{limit, operationType} and is not counted (<b>assumption</b>:
 *       F9-DOC names that fault for the daily limit and says nothing of the others; a refused call not counting is
 *       the sandbox's choice). The limits apply to the whole domain, all users together (<b>assumption</b>).</li>
 *   <li>Faults are HTTP 500 SOAP 1.1 faults: {@code env:Fault} with {@code faultcode}, {@code faultstring} and a
 *       {@code detail} element named after the fault holding {@code message} and its other fields.</li>
 * </ul>
 *
 * <p>Rows come from {@link Five9RecordGenerator}: for each report, a history spread over
 * {@code [anchor - historySpan, anchor)} and new rows every minute after the anchor, sequence-numbered (CALL ID and
 * SESSION ID carry the index), so a test can count every row: {@link #visibleRows}. The
 * {@link Options#unmappedAgentRate()} share is handled by {@link #UNMAPPED_AGENT}, an agent missing from
 * {@code sandbox/agents.csv}; a share of inbound calls is abandoned before any agent took it (empty AGENT).
 *
 * <p>Faults ({@link #faults(Faults)}, off by default, changeable at runtime), decided per request after the login and
 * concurrency checks by seeded draws of ({@link Options#seed()}, the request's sequence number, knob), see
 * {@link Faults}. Thread-safe.
 */
public final class Five9Fake implements AutoCloseable {

    /** Path of the Configuration Web Services endpoint. */
    public static final String SERVICE_PATH = "/wsadmin/v13/AdminWebService";
    /** Namespace of the operations. */
    public static final String SERVICE_NS = "http://service.admin.ws.five9.com/";
    /** SOAP 1.1 envelope namespace. */
    public static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    /** Classpath resource of the sandbox agent directory ({@code source,agent_key,playvox_user}). */
    public static final String SANDBOX_AGENTS_RESOURCE = "sandbox/agents.csv";
    /** The Five9 user name of the agent the {@code unmappedAgentRate} share gets; absent from the directory. */
    public static final String UNMAPPED_AGENT = "tmp.agent07";
    /** Its full name. */
    public static final String UNMAPPED_AGENT_NAME = "Agente Temporal 07";
    /** Five9's default row limit of a report result. */
    public static final int DEFAULT_MAX_ROWS = 50_000;

    /** Names of the request faults in {@link #injectedFaults()}. */
    static final String FAULT_RESET = "connection_reset";
    static final String FAULT_SERVER_ERROR = "server_error";
    static final String FAULT_RATE_LIMIT = "rate_limit";
    static final String FAULT_SOAP = "soap_fault";
    static final String FAULT_MALFORMED_XML = "malformed_xml";
    static final String FAULT_MALFORMED_CSV = "malformed_csv";

    private static final Logger LOG = LoggerFactory.getLogger(Five9Fake.class);
    private static final XMLOutputFactory XML_OUT = XMLOutputFactory.newFactory();
    private static final XMLInputFactory XML_IN = secureInput();
    private static final CsvMapper CSV = new CsvMapper();
    private static final long SALT_SOAP_FAULT = 0x41L;
    private static final long SALT_MALFORMED_CSV = 0x42L;
    private static final int REPORTS_KEPT = 10_000;

    /** The reports the fake serves, with their folder, name and generator kind. */
    public enum Report {
        /** "Call Log Reports" / "Call Log" (api-facts 5). */
        CALL_LOG("Call Log Reports", "Call Log", Five9RecordGenerator.Kind.CALL_LOG),
        /** "Digital Engagement Reports" / "Digital Interaction Log" (the sandbox's own). */
        DIGITAL("Digital Engagement Reports", "Digital Interaction Log", Five9RecordGenerator.Kind.DIGITAL);

        private final String folder;
        private final String reportName;
        private final Five9RecordGenerator.Kind kind;

        Report(String folder, String reportName, Five9RecordGenerator.Kind kind) {
            this.folder = folder;
            this.reportName = reportName;
            this.kind = kind;
        }

        /** @return the folder ({@code folderName} of runReport) */
        public String folder() {
            return folder;
        }

        /** @return the report's name ({@code reportName} of runReport) */
        public String reportName() {
            return reportName;
        }

        /** @return the report's columns, in order */
        public List<String> columns() {
            return kind == Five9RecordGenerator.Kind.CALL_LOG
                    ? Five9RecordGenerator.CALL_LOG_COLUMNS : Five9RecordGenerator.DIGITAL_COLUMNS;
        }
    }

    /** The operation types of Five9's call counters, with their limits per minute, hour and day (api-facts 5). */
    public enum OperationType {
        /** runReport: 16 / 120 / 800. */
        ReportRequest(16, 120, 800),
        /** getReportResult(Csv): 20 / 200 / 1000. */
        RetrieveReport(20, 200, 1000),
        /** query calls, isReportRunning included: 450 / 15000 / 172800. */
        Query(450, 15_000, 172_800);

        private final int[] limits;

        OperationType(int perMinute, int perHour, int perDay) {
            this.limits = new int[] {perMinute, perHour, perDay};
        }

        /** @return the limit per minute */
        public int perMinute() {
            return limits[0];
        }

        /** @return the limit per hour */
        public int perHour() {
            return limits[1];
        }

        /** @return the limit per day */
        public int perDay() {
            return limits[2];
        }

        /** @param window 0 for the minute, 1 for the hour, 2 for the day @return the limit of that window */
        int limit(int window) {
            return limits[window];
        }
    }

    /**
     * Settings of the fake; see {@link #defaults(Map)} and {@link #toBuilder()}.
     *
     * @param users             administrator users: user name to password, at least one
     * @param zone              the report's zone (times in results, counter boundaries): Pacific by default
     * @param seed              seed of the row generator and of the fault draws
     * @param callHistory       Call Log rows before the anchor, {@code >= 0}
     * @param digitalHistory    digital rows before the anchor, {@code >= 0}
     * @param historySpan       how far before the anchor the history reaches, at least one second
     * @param callsPerMinute    Call Log rows per minute after the anchor, {@code >= 0}
     * @param digitalPerMinute  digital rows per minute after the anchor, {@code >= 0}
     * @param unmappedAgentRate share 0..1 of rows handled by {@link #UNMAPPED_AGENT}
     * @param reportDuration    how long a report takes to run, {@code >= 0}
     * @param maxRows           most rows of one result, {@code >= 1}
     * @param latency           delay before every answer, {@code >= 0}
     * @param clock             "now": report runs, visibility, counter windows
     */
    public record Options(Map<String, String> users, ZoneId zone, long seed, int callHistory, int digitalHistory,
                          Duration historySpan, double callsPerMinute, double digitalPerMinute,
                          double unmappedAgentRate, Duration reportDuration, int maxRows, Duration latency,
                          Clock clock) {

        /** @throws IllegalArgumentException if a value is out of range; NullPointerException if one is missing */
        public Options {
            users = Map.copyOf(users);
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(historySpan, "historySpan");
            Objects.requireNonNull(reportDuration, "reportDuration");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(clock, "clock");
            if (users.isEmpty()) {
                throw new IllegalArgumentException("at least one administrator user");
            }
            if (callHistory < 0 || digitalHistory < 0 || maxRows < 1 || historySpan.getSeconds() < 1) {
                throw new IllegalArgumentException("histories must be >= 0, maxRows >= 1, historySpan >= 1 s");
            }
            if (!(callsPerMinute >= 0) || !(digitalPerMinute >= 0) || Double.isInfinite(callsPerMinute)
                    || Double.isInfinite(digitalPerMinute)) {
                throw new IllegalArgumentException("rows per minute must be finite and >= 0");
            }
            Faults.checkRate("unmappedAgentRate", unmappedAgentRate);
            if (reportDuration.isNegative() || latency.isNegative()) {
                throw new IllegalArgumentException("reportDuration and latency must be >= 0");
            }
        }

        /**
         * Pacific time, seed 42, 500 calls and 200 digital sessions over one day, 6 calls and 2 sessions per minute
         * after the anchor, 2% unmapped agent, reports of 1 s, 50,000 rows per result, no latency, the system clock.
         *
         * @param users administrator users: user name to password
         * @return the default options
         */
        public static Options defaults(Map<String, String> users) {
            return new Options(users, ZoneId.of("America/Los_Angeles"), 42L, 500, 200, Duration.ofDays(1), 6.0, 2.0,
                    0.02, Duration.ofSeconds(1), DEFAULT_MAX_ROWS, Duration.ZERO, Clock.systemUTC());
        }

        /** @return a builder holding these values */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Changes some values of an {@link Options}; every setter returns the builder. */
        public static final class Builder {
            private Map<String, String> users;
            private ZoneId zone;
            private long seed;
            private int callHistory;
            private int digitalHistory;
            private Duration historySpan;
            private double callsPerMinute;
            private double digitalPerMinute;
            private double unmappedAgentRate;
            private Duration reportDuration;
            private int maxRows;
            private Duration latency;
            private Clock clock;

            private Builder(Options o) {
                users = o.users;
                zone = o.zone;
                seed = o.seed;
                callHistory = o.callHistory;
                digitalHistory = o.digitalHistory;
                historySpan = o.historySpan;
                callsPerMinute = o.callsPerMinute;
                digitalPerMinute = o.digitalPerMinute;
                unmappedAgentRate = o.unmappedAgentRate;
                reportDuration = o.reportDuration;
                maxRows = o.maxRows;
                latency = o.latency;
                clock = o.clock;
            }

            /** @param v user name to password @return this builder */
            public Builder users(Map<String, String> v) {
                users = v;
                return this;
            }

            /** @param v the report's zone @return this builder */
            public Builder zone(ZoneId v) {
                zone = v;
                return this;
            }

            /** @param v the generator's seed @return this builder */
            public Builder seed(long v) {
                seed = v;
                return this;
            }

            /** @param calls Call Log rows before the anchor @param sessions digital rows @return this builder */
            public Builder history(int calls, int sessions) {
                callHistory = calls;
                digitalHistory = sessions;
                return this;
            }

            /** @param v how far back the history reaches @return this builder */
            public Builder historySpan(Duration v) {
                historySpan = v;
                return this;
            }

            /** @param calls Call Log rows per minute @param sessions digital rows per minute @return this builder */
            public Builder perMinute(double calls, double sessions) {
                callsPerMinute = calls;
                digitalPerMinute = sessions;
                return this;
            }

            /** @param v share 0..1 of rows of the unmapped agent @return this builder */
            public Builder unmappedAgentRate(double v) {
                unmappedAgentRate = v;
                return this;
            }

            /** @param v how long a report runs @return this builder */
            public Builder reportDuration(Duration v) {
                reportDuration = v;
                return this;
            }

            /** @param v most rows of one result @return this builder */
            public Builder maxRows(int v) {
                maxRows = v;
                return this;
            }

            /** @param v delay before every answer @return this builder */
            public Builder latency(Duration v) {
                latency = v;
                return this;
            }

            /** @param v the fake's clock @return this builder */
            public Builder clock(Clock v) {
                clock = v;
                return this;
            }

            /** @return the options @throws IllegalArgumentException if a value is out of range */
            public Options build() {
                return new Options(users, zone, seed, callHistory, digitalHistory, historySpan, callsPerMinute,
                        digitalPerMinute, unmappedAgentRate, reportDuration, maxRows, latency, clock);
            }
        }
    }

    /**
     * Fault knobs, changeable at runtime with {@link #faults(Faults)}; {@link #none()} turns every one off.
     *
     * <p>Request faults apply after the login and concurrency checks and after the latencies. The n-th such request
     * (n counted from 0 since the fake was created) is decided by seeded draws of ({@link Options#seed()}, n, knob),
     * independent of each other; when several hit, the first in this order wins:
     * <ol>
     *   <li>{@code connectionResetRate}: the connection is closed without a byte of answer;</li>
     *   <li>{@code serverErrorRate}: HTTP 503 with an HTML page, as a load balancer in front of Five9 would answer;</li>
     *   <li>{@code rateLimitRate}: HTTP 429 with {@code Retry-After: retryAfterSeconds} and a text body (third-party
     *       sources say Five9 throttles with 429, api-facts 5 [3P]);</li>
     *   <li>{@code soapFaultRate}: HTTP 500 with the SOAP fault ServerFault ("Web Services server error");</li>
     *   <li>{@code malformedXmlRate}: a 200 whose XML stops in the middle (inside the CSV for getReportResultCsv,
     *       inside the envelope for the other operations);</li>
     *   <li>{@code malformedCsvRate} (getReportResultCsv with rows only): well-formed XML whose CSV, after half of
     *       the rows, opens a quoted cell that never closes.</li>
     * </ol>
     * {@code latency} delays every such request in addition to {@link Options#latency()}.
     *
     * <p>{@code malformedRowRate} is per row, not per request: a row is broken if a seeded draw of
     * ({@link Options#seed()}, row index) is below the rate, in every result that holds it. A broken row with index i
     * is broken by kind {@code i mod 4}: (a) its last cell is missing; (b) TIMESTAMP is a day that does not exist,
     * e.g. {@code Mon, 30 Feb 2026 10:00:00}; (c) a count (HOLDS, MESSAGES) is {@code n/a}; (d) the id (CALL ID,
     * SESSION ID) is empty.
     *
     * @param serverErrorRate     share 0..1 of requests answered 503
     * @param rateLimitRate       share 0..1 of requests answered 429
     * @param retryAfterSeconds   {@code Retry-After} of those 429s, {@code >= 0}
     * @param soapFaultRate       share 0..1 of requests answered with the SOAP fault ServerFault
     * @param latency             extra delay before every answer, {@code >= 0}
     * @param connectionResetRate share 0..1 of requests whose connection is dropped without answer
     * @param malformedXmlRate    share 0..1 of 200 answers whose XML stops in the middle
     * @param malformedCsvRate    share 0..1 of CSV results with a quote that never closes
     * @param malformedRowRate    share 0..1 of rows served broken
     */
    public record Faults(double serverErrorRate, double rateLimitRate, int retryAfterSeconds, double soapFaultRate,
                         Duration latency, double connectionResetRate, double malformedXmlRate,
                         double malformedCsvRate, double malformedRowRate) {

        /** @throws IllegalArgumentException if a value is out of range */
        public Faults {
            Objects.requireNonNull(latency, "latency");
            checkRate("serverErrorRate", serverErrorRate);
            checkRate("rateLimitRate", rateLimitRate);
            checkRate("soapFaultRate", soapFaultRate);
            checkRate("connectionResetRate", connectionResetRate);
            checkRate("malformedXmlRate", malformedXmlRate);
            checkRate("malformedCsvRate", malformedCsvRate);
            checkRate("malformedRowRate", malformedRowRate);
            if (retryAfterSeconds < 0 || latency.isNegative()) {
                throw new IllegalArgumentException("retryAfterSeconds and latency must be >= 0");
            }
        }

        /** @return no faults; {@code Retry-After} 1 s if the 429 rate is raised */
        public static Faults none() {
            return new Faults(0, 0, 1, 0, Duration.ZERO, 0, 0, 0, 0);
        }

        /** @param rate share of 503 answers @return a copy with it */
        public Faults withServerErrorRate(double rate) {
            return new Faults(rate, rateLimitRate, retryAfterSeconds, soapFaultRate, latency, connectionResetRate,
                    malformedXmlRate, malformedCsvRate, malformedRowRate);
        }

        /** @param rate share of 429 answers @param retryAfter their Retry-After in seconds @return a copy with them */
        public Faults withRateLimit(double rate, int retryAfter) {
            return new Faults(serverErrorRate, rate, retryAfter, soapFaultRate, latency, connectionResetRate,
                    malformedXmlRate, malformedCsvRate, malformedRowRate);
        }

        /** @param rate share of ServerFault answers @return a copy with it */
        public Faults withSoapFaultRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, rate, latency, connectionResetRate,
                    malformedXmlRate, malformedCsvRate, malformedRowRate);
        }

        /** @param d extra delay before every answer @return a copy with it */
        public Faults withLatency(Duration d) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, soapFaultRate, d, connectionResetRate,
                    malformedXmlRate, malformedCsvRate, malformedRowRate);
        }

        /** @param rate share of dropped connections @return a copy with it */
        public Faults withConnectionResetRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, soapFaultRate, latency, rate,
                    malformedXmlRate, malformedCsvRate, malformedRowRate);
        }

        /** @param rate share of answers whose XML stops in the middle @return a copy with it */
        public Faults withMalformedXmlRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, soapFaultRate, latency,
                    connectionResetRate, rate, malformedCsvRate, malformedRowRate);
        }

        /** @param rate share of CSV results with a quote that never closes @return a copy with it */
        public Faults withMalformedCsvRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, soapFaultRate, latency,
                    connectionResetRate, malformedXmlRate, rate, malformedRowRate);
        }

        /** @param rate share of rows served broken @return a copy with it */
        public Faults withMalformedRowRate(double rate) {
            return new Faults(serverErrorRate, rateLimitRate, retryAfterSeconds, soapFaultRate, latency,
                    connectionResetRate, malformedXmlRate, malformedCsvRate, rate);
        }

        static void checkRate(String name, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be within 0..1: " + rate);
            }
        }
    }

    /** How a broken row is broken, in cycle order; see {@link Faults}. */
    enum Malformation {
        /** (a) the last cell is missing. */
        MISSING_CELL,
        /** (b) TIMESTAMP on February 30. */
        IMPOSSIBLE_TIMESTAMP,
        /** (c) a count is "n/a". */
        NOT_A_NUMBER,
        /** (d) the id is empty. */
        EMPTY_ID
    }

    /**
     * One row of a report as the fake holds it.
     *
     * @param index     the row's sequence number in its report
     * @param timestamp when the call or session started
     * @param cells     column name to cell as served (broken as {@link Faults#malformedRowRate()} says; a row missing
     *                  its last cell lacks that column)
     * @param malformed whether the row is served broken
     */
    public record Row(long index, Instant timestamp, Map<String, String> cells, boolean malformed) {
    }

    /** A report started by runReport. */
    private record RunningReport(String identifier, Report report, Instant start, Instant end, Instant runAt,
                                 Instant doneAt) {
    }

    private final Options options;
    private final List<Five9RecordGenerator.Agent> agents;
    private final SingleFlight users = new SingleFlight();
    private final Map<String, RunningReport> reports = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Five9CallCounters counters;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger concurrentRejections = new AtomicInteger();
    private final AtomicInteger limitRejections = new AtomicInteger();
    private final AtomicLong faultSequence = new AtomicLong();
    private final AtomicLong reportSequence = new AtomicLong();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> acceptedAt = new ConcurrentHashMap<>();
    private final FaultCounters injected = new FaultCounters(List.of(FAULT_RESET, FAULT_SERVER_ERROR,
            FAULT_RATE_LIMIT, FAULT_SOAP, FAULT_MALFORMED_XML, FAULT_MALFORMED_CSV));
    private volatile Map<Report, Five9RecordGenerator> generators;
    private final java.util.concurrent.atomic.AtomicReference<SandboxHttp.Server> server =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Faults faults = Faults.none();

    /**
     * Creates a stopped fake; nothing is generated before {@link #start(int)}.
     *
     * @param options settings, see {@link Options#defaults(Map)}
     * @throws IllegalStateException if {@link #SANDBOX_AGENTS_RESOURCE} cannot be read or has no {@code five9} agent
     */
    public Five9Fake(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.agents = sandboxAgents();
        this.counters = new Five9CallCounters(options.zone());
    }

    /**
     * The Five9 agents of the sandbox directory: the {@code five9} rows' agent_key as user name, and as full name the
     * agent_key of another vendor's row mapped to the same Playvox user (else the user name).
     */
    private static List<Five9RecordGenerator.Agent> sandboxAgents() {
        List<SandboxAgents.Row> rows = SandboxAgents.read(SANDBOX_AGENTS_RESOURCE);
        List<Five9RecordGenerator.Agent> out = new ArrayList<>();
        for (SandboxAgents.Row row : rows) {
            if (row.source().equals("five9")) {
                String name = rows.stream()
                        .filter(other -> other.source().equals("wolkvox") && other.playvoxUser().equals(row.playvoxUser()))
                        .map(SandboxAgents.Row::agentKey).findFirst().orElse(row.agentKey());
                out.add(new Five9RecordGenerator.Agent(row.agentKey(), name));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(SANDBOX_AGENTS_RESOURCE + " has no five9 agent");
        }
        return List.copyOf(out);
    }

    /**
     * Replaces the fault knobs; takes effect with the next request.
     *
     * @param faults the new knobs, see {@link Faults#none()}
     */
    public void faults(Faults faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /** @return the current fault knobs */
    public Faults faults() {
        return faults;
    }

    /**
     * Fixes the anchor (now, whole seconds), builds the generators and binds 127.0.0.1.
     *
     * @param port TCP port, 0 for an ephemeral one
     * @throws IllegalStateException        if already started
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public synchronized void start(int port) {
        if (server.get() != null) {
            throw new IllegalStateException("already started on port " + server.get().port());
        }
        Instant anchor = options.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Five9RecordGenerator.Agent unmapped = new Five9RecordGenerator.Agent(UNMAPPED_AGENT, UNMAPPED_AGENT_NAME);
        Map<Report, Five9RecordGenerator> g = new java.util.EnumMap<>(Report.class);
        g.put(Report.CALL_LOG, new Five9RecordGenerator(Five9RecordGenerator.Kind.CALL_LOG, options.seed(), anchor,
                options.zone(), options.callHistory(), options.historySpan(), options.callsPerMinute(),
                options.unmappedAgentRate(), agents, unmapped));
        g.put(Report.DIGITAL, new Five9RecordGenerator(Five9RecordGenerator.Kind.DIGITAL, options.seed(), anchor,
                options.zone(), options.digitalHistory(), options.historySpan(), options.digitalPerMinute(),
                options.unmappedAgentRate(), agents, unmapped));
        generators = Collections.unmodifiableMap(g);
        server.set(SandboxHttp.start(port, "five9-fake", this::handle));
        LOG.info("Five9 sandbox listening on {} (anchor {}, zone {})", serviceUrl(), anchor, options.zone());
    }

    /** @return the bound port @throws IllegalStateException if not started */
    public int port() {
        SandboxHttp.Server s = server.get();
        if (s == null) {
            throw new IllegalStateException("Five9Fake is not started");
        }
        return s.port();
    }

    /** @return {@code http://127.0.0.1:<port>}, the base to which {@link #SERVICE_PATH} is appended */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** @return the endpoint, {@code http://127.0.0.1:<port>/wsadmin/v13/AdminWebService} */
    public String serviceUrl() {
        return baseUrl() + SERVICE_PATH;
    }

    /** @return the moment of {@link #start(int)}, whole seconds @throws IllegalStateException if not started */
    public Instant anchor() {
        return generator(Report.CALL_LOG).anchor();
    }

    /** @return the agents the generator uses: those of the directory, then {@link #UNMAPPED_AGENT} */
    public List<String> agentUsernames() {
        List<String> names = new ArrayList<>();
        agents.forEach(a -> names.add(a.username()));
        names.add(UNMAPPED_AGENT);
        return List.copyOf(names);
    }

    /**
     * What a report run now for a range would hold, without the row limit: the rows whose TIMESTAMP lies in
     * {@code [from, to]} and that are visible now, in time order, each as served under the current {@link #faults()}.
     *
     * @param report        which report
     * @param from          first moment, inclusive
     * @param toInclusive   last moment, inclusive
     * @return the rows
     * @throws IllegalStateException if not started
     */
    public List<Row> visibleRows(Report report, Instant from, Instant toInclusive) {
        Five9RecordGenerator gen = generator(report);
        Faults f = faults;
        List<Row> out = new ArrayList<>();
        Instant now = options.clock().instant();
        long[] range = indexRange(gen, from, toInclusive);
        for (long i = range[0]; i < range[1]; i++) {
            if (!gen.visibleFrom(i).isAfter(now)) {
                Malformation kind = malformation(i, f);
                out.add(new Row(i, gen.timestamp(i), served(gen, i, kind), kind != null));
            }
        }
        return out;
    }

    /** @return requests answered so far, any status */
    public int requestCount() {
        return requests.get();
    }

    /** @return the users with a request being answered right now */
    Set<String> busyUsers() {
        return users.busy();
    }

    /** @return requests refused because another request of the same user was running */
    public int concurrentRejections() {
        return concurrentRejections.get();
    }

    /** @return calls refused with OperationsLimitExceededFault */
    public int limitRejections() {
        return limitRejections.get();
    }

    /**
     * @param operation e.g. {@code runReport}
     * @return how many calls of the operation were accepted (counted against its limit)
     */
    public int acceptedCalls(String operation) {
        AtomicInteger n = accepted.get(operation);
        return n == null ? 0 : n.get();
    }

    /**
     * @param operation e.g. {@code runReport}
     * @return the moments (by the fake's clock) at which calls of the operation were accepted, in order: for tests that
     *         measure the calls in any 60 seconds, not only in the minutes the counters are aligned to
     */
    public List<Instant> acceptedCallTimes(String operation) {
        List<Instant> times = acceptedAt.get(operation);
        if (times == null) {
            return List.of();
        }
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    /**
     * @return how many requests each request fault has hit so far: keys {@code connection_reset},
     *         {@code server_error}, {@code rate_limit}, {@code soap_fault}, {@code malformed_xml},
     *         {@code malformed_csv}, in that order
     */
    public Map<String, Integer> injectedFaults() {
        return injected.snapshot();
    }

    /** Stops the server; requests in progress are cut off. Idempotent. */
    @Override
    public void close() {
        SandboxHttp.Server s = server.getAndSet(null);
        if (s != null) {
            s.stop();
        }
    }

    private Five9RecordGenerator generator(Report report) {
        Map<Report, Five9RecordGenerator> g = generators;
        if (g == null) {
            throw new IllegalStateException("Five9Fake is not started");
        }
        return g.get(report);
    }

    /** Indices {@code [lo, hi)} started within {@code [from, toInclusive]}. */
    private static long[] indexRange(Five9RecordGenerator gen, Instant from, Instant toInclusive) {
        long bound = gen.indexBound(toInclusive);
        long lo = gen.firstAtOrAfter(from, bound);
        long hi = gen.firstAtOrAfter(toInclusive.plusNanos(1), bound);
        return new long[] {lo, Math.max(lo, hi)};
    }

    /** @return how row {@code index} is broken under {@code f}, or null if it is served well-formed */
    Malformation malformation(long index, Faults f) {
        if (!SeededDraws.hit(options.seed(), index, SeededDraws.MALFORMED_RECORD, f.malformedRowRate())) {
            return null;
        }
        return Malformation.values()[(int) (index % Malformation.values().length)];
    }

    private static Map<String, String> served(Five9RecordGenerator gen, long index, Malformation kind) {
        Map<String, String> r = gen.row(index);
        if (kind == null) {
            return r;
        }
        List<String> columns = gen.columns();
        switch (kind) {
            case MISSING_CELL -> r.remove(columns.get(columns.size() - 1));
            case IMPOSSIBLE_TIMESTAMP -> {
                String time = r.get("TIMESTAMP");
                r.put("TIMESTAMP", "Mon, 30 Feb " + time.substring(12));
            }
            case NOT_A_NUMBER -> r.put(columns.contains("HOLDS") ? "HOLDS" : "MESSAGES", "n/a");
            case EMPTY_ID -> r.put(gen.idColumn(), "");
            default -> throw new IllegalStateException(kind.toString());
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP and SOAP

    /** A SOAP fault to answer. */
    private static final class SoapFault extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean client;
        final String name;
        final Map<String, String> fields;

        SoapFault(boolean client, String name, String message, Map<String, String> fields) {
            super(message, null, false, false);
            this.client = client;
            this.name = name;
            this.fields = fields;
        }

        static SoapFault of(String name, String message, String... keyValues) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                fields.put(keyValues[i], keyValues[i + 1]);
            }
            return new SoapFault(false, name, message, fields);
        }

        static SoapFault client(String message) {
            return new SoapFault(true, null, message, Map.of());
        }
    }

    private void handle(HttpExchange exchange) {
        SingleFlight.Lease mark = null;
        try {
            byte[] body = SandboxHttp.body(exchange);
            if (!SERVICE_PATH.equals(exchange.getRequestURI().getPath())) {
                plain(exchange, 404, "text/html; charset=utf-8", "<html><body>Not Found</body></html>");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                plain(exchange, 405, "text/html; charset=utf-8", "<html><body>Method Not Allowed</body></html>");
                return;
            }
            String user = authenticatedUser(exchange);
            if (user == null) {
                SandboxHttp.pause(options.latency());
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Five9\"");
                plain(exchange, 401, "text/html; charset=utf-8", "");
                return;
            }
            mark = users.tryAcquire(user);
            if (mark == null) {
                concurrentRejections.incrementAndGet();
                SandboxHttp.pause(options.latency());
                fault(exchange, null, SoapFault.of("ConcurrentModificationFault", "Concurrent requests with the same "
                        + "user are denied: a request of " + user + " is already running"));
                return;
            }
            Faults f = faults;
            SandboxHttp.pause(options.latency());
            SandboxHttp.pause(f.latency());
            long n = faultSequence.getAndIncrement();
            String requestFault = requestFault(n, f);
            if (requestFault != null) {
                injected.hit(requestFault);
                answerInjected(exchange, mark, requestFault, f);
                return;
            }
            dispatch(exchange, mark, body, f,
                    SeededDraws.hit(options.seed(), n, SeededDraws.MALFORMED_JSON, f.malformedXmlRate()),
                    SeededDraws.hit(options.seed(), n, SALT_MALFORMED_CSV, f.malformedCsvRate()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Five9 sandbox: answer failed: {}", e.toString());
        } finally {
            if (mark != null) {
                mark.release();
            }
            exchange.close();
        }
    }

    /** One request fault knob: its name in {@link #injectedFaults()}, its draw's salt and its rate. */
    private record Knob(String name, long salt, double rate) {
    }

    /** @return the request fault that hits request {@code n} (the first in the order of {@link Faults}), or null */
    private String requestFault(long n, Faults f) {
        for (Knob knob : List.of(new Knob(FAULT_RESET, SeededDraws.CONNECTION_RESET, f.connectionResetRate()),
                new Knob(FAULT_SERVER_ERROR, SeededDraws.SERVER_ERROR, f.serverErrorRate()),
                new Knob(FAULT_RATE_LIMIT, SeededDraws.RATE_LIMIT, f.rateLimitRate()),
                new Knob(FAULT_SOAP, SALT_SOAP_FAULT, f.soapFaultRate()))) {
            if (SeededDraws.hit(options.seed(), n, knob.salt(), knob.rate())) {
                return knob.name();
            }
        }
        return null;
    }

    /** Answers a request hit by a request fault: dropped, 503, 429 or the SOAP fault ServerFault. */
    private void answerInjected(HttpExchange exchange, SingleFlight.Lease mark, String fault, Faults f)
            throws IOException {
        switch (fault) {
            case FAULT_RESET -> {
                mark.release();
                SandboxHttp.abort(exchange);
            }
            case FAULT_SERVER_ERROR -> {
                mark.release();
                plain(exchange, 503, "text/html; charset=utf-8",
                        "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
            }
            case FAULT_RATE_LIMIT -> {
                mark.release();
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(f.retryAfterSeconds()));
                plain(exchange, 429, "text/plain; charset=utf-8", "Too Many Requests");
            }
            default -> fault(exchange, mark, SoapFault.of("ServerFault", "Web Services server error"));
        }
    }

    /** @return the user of a valid {@code Authorization: Basic} header, or null */
    private String authenticatedUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        String password = options.users().get(user);
        return password != null && password.equals(decoded.substring(colon + 1)) ? user : null;
    }

    private void dispatch(HttpExchange exchange, SingleFlight.Lease mark, byte[] body, Faults f, boolean cutXml, boolean badCsv)
            throws IOException {
        try {
            Map<String, String> params = new LinkedHashMap<>();
            String operation = parseRequest(body, params);
            switch (operation) {
                case "runReport" -> respond(exchange, mark, operation, runReport(params), cutXml);
                case "isReportRunning" -> respond(exchange, mark, operation,
                        Boolean.toString(isReportRunning(params)), cutXml);
                case "getReportResultCsv" -> resultCsv(exchange, mark, params, f, cutXml, badCsv);
                case "getCallCountersState" -> counterStates(exchange, mark, cutXml);
                default -> throw SoapFault.client("Cannot find dispatch method for {" + SERVICE_NS + "}" + operation);
            }
        } catch (SoapFault fault) {
            fault(exchange, mark, fault);
        }
    }

    /** Reads the operation (first element of Body) and its leaf parameters, flattened by local name. */
    private static String parseRequest(byte[] body, Map<String, String> params) throws SoapFault {
        XMLStreamReader xml = null;
        try {
            xml = XML_IN.createXMLStreamReader(new ByteArrayInputStream(body));
            if (xml.nextTag() != XMLStreamConstants.START_ELEMENT || !xml.getLocalName().equals("Envelope")
                    || !ENVELOPE_NS.equals(xml.getNamespaceURI())) {
                throw SoapFault.client("Couldn't create SOAP message: not a SOAP 1.1 envelope");
            }
            String operation = null;
            int depth = 1;
            boolean inBody = false;
            String leaf = null;
            StringBuilder text = new StringBuilder();
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2) {
                        inBody = xml.getLocalName().equals("Body") && ENVELOPE_NS.equals(xml.getNamespaceURI());
                    } else if (inBody && depth == 3 && operation == null) {
                        if (!SERVICE_NS.equals(xml.getNamespaceURI())) {
                            throw SoapFault.client("Cannot find dispatch method for " + xml.getName());
                        }
                        operation = xml.getLocalName();
                    } else if (inBody && depth > 3) {
                        leaf = xml.getLocalName();
                        text.setLength(0);
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (leaf != null && xml.getLocalName().equals(leaf)) {
                        params.putIfAbsent(leaf, text.toString().strip());
                        leaf = null;
                    }
                    depth--;
                }
            }
            if (operation == null) {
                throw SoapFault.client("Couldn't create SOAP message: the Body holds no operation");
            }
            return operation;
        } catch (XMLStreamException e) {
            throw SoapFault.client("Couldn't create SOAP message due to exception: " + e.getMessage());
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release
                }
            }
        }
    }

    private String runReport(Map<String, String> params) throws SoapFault {
        String folder = required(params, "folderName");
        String name = required(params, "reportName");
        Report report = null;
        for (Report r : Report.values()) {
            if (r.folder().equals(folder) && r.reportName().equals(name)) {
                report = r;
            }
        }
        if (report == null) {
            throw SoapFault.of("ReportNotFoundFault", "Report \"" + name + "\" is not found in folder \"" + folder
                    + "\"", "folder", folder, "reportName", name);
        }
        String startText = required(params, "start");
        String endText = required(params, "end");
        Instant start = dateTime(startText);
        Instant end = dateTime(endText);
        if (!start.isBefore(end)) {
            throw SoapFault.of("InvalidDateRangeFault", "Start date and time must precede end date and time",
                    "start", startText, "end", endText);
        }
        Instant now = options.clock().instant();
        count(OperationType.ReportRequest, "runReport", now);
        String identifier = new UUID(Chat4RecordGenerator.mix64(options.seed() ^ reportSequence.incrementAndGet()),
                Chat4RecordGenerator.mix64(reportSequence.get() * 31 + 7)).toString().toUpperCase(java.util.Locale.ROOT);
        synchronized (reports) {
            reports.put(identifier, new RunningReport(identifier, report, start, end, now,
                    now.plus(options.reportDuration())));
            if (reports.size() > REPORTS_KEPT) {
                reports.remove(reports.keySet().iterator().next());
            }
        }
        return identifier;
    }

    /** Long-polls; holds the user's mark while it waits. */
    private boolean isReportRunning(Map<String, String> params) throws SoapFault {
        RunningReport report = knownReport(params);
        String timeoutText = required(params, "timeout");
        long timeout;
        try {
            timeout = Long.parseLong(timeoutText);
        } catch (NumberFormatException e) {
            throw SoapFault.client("Unmarshalling Error: Not a number: " + timeoutText);
        }
        if (timeout < 0) {
            throw SoapFault.of("IncorrectArgumentFault", "timeout must not be negative: " + timeout);
        }
        count(OperationType.Query, "isReportRunning", options.clock().instant());
        long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        while (options.clock().instant().isBefore(report.doneAt())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            SandboxHttp.pause(Duration.ofNanos(Math.min(left, Duration.ofMillis(20).toNanos())));
            if (Thread.currentThread().isInterrupted()) {
                return true;
            }
        }
        return false;
    }

    private RunningReport knownReport(Map<String, String> params) throws SoapFault {
        String identifier = required(params, "identifier");
        RunningReport report = reports.get(identifier);
        if (report == null) {
            throw SoapFault.of("UnknownIdentifierFault", "Unknown identifier: " + identifier);
        }
        return report;
    }

    private static String required(Map<String, String> params, String name) throws SoapFault {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw SoapFault.of("MissedArgumentFault", "Required argument " + name + " is missing");
        }
        return value;
    }

    /** xsd:dateTime with or without offset (without: in the report's zone). */
    private Instant dateTime(String text) throws SoapFault {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(options.zone()).toInstant();
            } catch (DateTimeParseException e) {
                throw SoapFault.client("Unmarshalling Error: '" + text + "' is not a valid value for dateTime");
            }
        }
    }

    /** Counts an accepted call, or refuses it when one of its limits is reached. */
    private void count(OperationType type, String operation, Instant now) throws SoapFault {
        Five9CallCounters.Exceeded exceeded = counters.tryAcquire(type, now);
        if (exceeded != null) {
            limitRejections.incrementAndGet();
            throw SoapFault.of("OperationsLimitExceededFault", "The limit of " + exceeded.limit() + " " + type
                    + " operations per " + exceeded.per() + " is exceeded", "limit", Integer.toString(exceeded.limit()),
                    "operationType", type.name());
        }
        accepted.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        acceptedAt.computeIfAbsent(operation, k -> Collections.synchronizedList(new ArrayList<>())).add(now);
    }

    /** Writes {@code <operation>Response} with its {@code <return>}; may cut the XML. */
    private void respond(HttpExchange exchange, SingleFlight.Lease mark, String operation, String value, boolean cut)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = openEnvelope(out);
            w.writeStartElement("ns2", operation + "Response", SERVICE_NS);
            w.writeNamespace("ns2", SERVICE_NS);
            element(w, "return", value);
            closeEnvelope(w);
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
        sendEnvelope(exchange, mark, out.toByteArray(), cut);
    }

    /** Sends a 200 envelope; with {@code cut}, only its first two thirds. */
    private void sendEnvelope(HttpExchange exchange, SingleFlight.Lease mark, byte[] envelope, boolean cut) throws IOException {
        byte[] bytes = envelope;
        if (cut) {
            injected.hit(FAULT_MALFORMED_XML);
            bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3);
        }
        mark.release();
        requests.incrementAndGet();
        SandboxHttp.send(exchange, 200, "text/xml; charset=utf-8", bytes);
    }

    private void counterStates(HttpExchange exchange, SingleFlight.Lease mark, boolean cut) throws IOException, SoapFault {
        Instant now = options.clock().instant();
        count(OperationType.Query, "getCallCountersState", now);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = openEnvelope(out);
            w.writeStartElement("ns2", "getCallCountersStateResponse", SERVICE_NS);
            w.writeNamespace("ns2", SERVICE_NS);
            long[] timeouts = {60, 3600, 86400};
            for (int window = 0; window < 3; window++) {
                w.writeStartElement("return");
                w.writeStartElement("callCounterStates");
                for (OperationType type : OperationType.values()) {
                    w.writeStartElement("callCounterStates");
                    element(w, "limit", Integer.toString(type.limit(window)));
                    element(w, "operationType", type.name());
                    element(w, "value", Integer.toString(counters.value(type, window, now)));
                    w.writeEndElement();
                }
                w.writeEndElement();
                element(w, "timeout", Long.toString(timeouts[window]));
                w.writeEndElement();
            }
            closeEnvelope(w);
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
        sendEnvelope(exchange, mark, out.toByteArray(), cut);
    }

    /** Streams the CSV result in {@code <return>}. */
    private void resultCsv(HttpExchange exchange, SingleFlight.Lease mark, Map<String, String> params, Faults f, boolean cutXml,
                           boolean badCsv) throws IOException, SoapFault {
        RunningReport report = knownReport(params);
        Instant now = options.clock().instant();
        if (now.isBefore(report.doneAt())) {
            throw SoapFault.of("ResultIsNotReadyFault", "Report " + report.identifier() + " is still running; check "
                    + "it with isReportRunning");
        }
        count(OperationType.RetrieveReport, "getReportResultCsv", now);
        Five9RecordGenerator gen = generator(report.report());
        List<Long> indices = new ArrayList<>();
        long[] range = indexRange(gen, report.start(), report.end());
        for (long i = range[0]; i < range[1] && indices.size() < options.maxRows(); i++) {
            if (!gen.visibleFrom(i).isAfter(report.runAt())) {
                indices.add(i);
            }
        }
        if (cutXml) {
            injected.hit(FAULT_MALFORMED_XML);
        }
        badCsv = badCsv && !indices.isEmpty();
        if (badCsv) {
            injected.hit(FAULT_MALFORMED_CSV);
        }
        exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
        requests.incrementAndGet();
        exchange.sendResponseHeaders(200, 0);
        OutputStream raw = exchange.getResponseBody();
        try {
            XMLStreamWriter w = openEnvelope(new BufferedOutputStream(raw, 32 * 1024));
            w.writeStartElement("ns2", "getReportResultCsvResponse", SERVICE_NS);
            w.writeNamespace("ns2", SERVICE_NS);
            w.writeStartElement("return");
            XmlTextWriter text = new XmlTextWriter(w);
            List<String> columns = gen.columns();
            SequenceWriter csv = CSV.writerFor(String[].class)
                    .with(CsvSchema.emptySchema().withLineSeparator("\r\n"))
                    .writeValues(text);
            csv.write(columns.toArray(new String[0]));
            int breakAt = indices.size() / 2;
            for (int k = 0; k <= indices.size(); k++) {
                if (k == breakAt && (cutXml || badCsv)) {
                    csv.flush();
                    if (badCsv) {
                        // a quoted cell that never closes: no row follows it, the envelope ends properly
                        text.write("\"unterminated cell of row " + indices.get(k) + "\r\n");
                    }
                    if (cutXml) {
                        // stop here: no closing tags; the chunked HTTP answer itself ends properly
                        w.flush();
                        mark.release();
                        raw.close();
                        return;
                    }
                    break;
                }
                if (k == indices.size()) {
                    break;
                }
                long i = indices.get(k);
                Map<String, String> row = served(gen, i, malformation(i, f));
                List<String> cells = new ArrayList<>(columns.size());
                for (String column : columns) {
                    if (row.containsKey(column)) {
                        cells.add(row.get(column));
                    }
                }
                csv.write(cells.toArray(new String[0]));
            }
            csv.close();
            w.writeEndElement();
            closeEnvelope(w);
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
        mark.release();
        raw.close();
    }

    private void fault(HttpExchange exchange, SingleFlight.Lease mark, SoapFault fault) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = openEnvelope(out);
            w.writeStartElement("env", "Fault", ENVELOPE_NS);
            element(w, "faultcode", fault.client ? "env:Client" : "env:Server");
            element(w, "faultstring", fault.getMessage());
            if (fault.name != null) {
                w.writeStartElement("detail");
                w.writeStartElement("ns2", fault.name, SERVICE_NS);
                w.writeNamespace("ns2", SERVICE_NS);
                element(w, "message", fault.getMessage());
                for (Map.Entry<String, String> field : fault.fields.entrySet()) {
                    element(w, field.getKey(), field.getValue());
                }
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            closeEnvelope(w);
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
        if (mark != null) {
            mark.release();
        }
        requests.incrementAndGet();
        SandboxHttp.send(exchange, 500, "text/xml; charset=utf-8", out.toByteArray());
    }

    private void plain(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        requests.incrementAndGet();
        SandboxHttp.send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts {@code <?xml?><env:Envelope><env:Header/><env:Body>}, as Five9 writes it [3P]. */
    private static XMLStreamWriter openEnvelope(OutputStream out) throws XMLStreamException {
        XMLStreamWriter w = XML_OUT.createXMLStreamWriter(out, "UTF-8");
        w.writeStartDocument("UTF-8", "1.0");
        w.writeStartElement("env", "Envelope", ENVELOPE_NS);
        w.writeNamespace("env", ENVELOPE_NS);
        w.writeEmptyElement("env", "Header", ENVELOPE_NS);
        w.writeStartElement("env", "Body", ENVELOPE_NS);
        return w;
    }

    private static void closeEnvelope(XMLStreamWriter w) throws XMLStreamException {
        w.writeEndDocument();
        w.flush();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private static XMLInputFactory secureInput() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /** Writes text into the current element, escaping as XML needs and writing carriage returns as {@code &#xd;}. */
    private static final class XmlTextWriter extends Writer {
        private final XMLStreamWriter xml;

        XmlTextWriter(XMLStreamWriter xml) {
            this.xml = xml;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            try {
                int from = offset;
                int end = offset + length;
                for (int i = offset; i < end; i++) {
                    if (chars[i] == '\r') {
                        if (i > from) {
                            xml.writeCharacters(chars, from, i - from);
                        }
                        xml.writeEntityRef("#xd");
                        from = i + 1;
                    }
                }
                if (end > from) {
                    xml.writeCharacters(chars, from, end - from);
                }
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                xml.flush();
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void close() {
            // the envelope goes on after the CSV
        }
    }
}
