package io.playvoxbridge.source.five9;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PolledFeed;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of a Five9 report feed, called from the route templates of
 * {@code routes/common/five9-report-feed.camel.yaml} (instantiated by {@code routes/sources/five9-call-log.camel.yaml}
 * and {@code five9-digital.camel.yaml}): plan a window's report ranges ({@link Five9RangeSplitter}), build the SOAP
 * requests of the report flow ({@link Five9SoapRequests}: {@code runReport} -> {@code isReportRunning} ->
 * {@code getReportResultCsv}, api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/runReport.htm), decide
 * after each result whether its range must be halved (50,000 rows), stream the rows of a complete result, and
 * translate each row.
 *
 * <p>Rows that no agent handled (empty {@code AGENT}: calls abandoned in queue or ended in the IVR, sessions never
 * routed) are <b>skipped</b> when {@code skipRowsWithoutAgent} is on (the default): there is nobody to evaluate, no
 * directory entry can ever map them, so as dead letters they would only bury the ones a person can act on. They are
 * counted per window and logged with the window's line. With it off they go through the translator (the default
 * assignee, or the dead letter {@code unmapped agent (empty AGENT)}).
 */
public final class Five9ReportFeed extends PolledFeed {

    private static final Logger LOG = LoggerFactory.getLogger(Five9ReportFeed.class);
    private static final java.time.format.DateTimeFormatter LOG_DATE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Exchange property holding the window's {@link Five9RangeSplitter.Plan}. */
    public static final String PLAN_PROPERTY = "five9Plan";
    /** Exchange property holding the moment the running report was started (for the report timeout). */
    public static final String STARTED_PROPERTY = "five9ReportStarted";

    private final Five9Report report;
    private final String folderName;
    private final String reportName;
    private final ZoneId zone;
    private final Five9RangeSplitter splitter;
    private final Function<Map<String, String>, TranslatedInteraction> translator;
    private final boolean skipRowsWithoutAgent;
    private final Duration reportTimeout;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();

    /**
     * @param report               which report
     * @param folderName           its {@code folderName} in the domain
     * @param reportName           its {@code reportName} in the domain
     * @param zone                 the report zone (Pacific)
     * @param splitter             range planning and halving
     * @param translator           row to interaction
     * @param skipRowsWithoutAgent whether rows with an empty {@code AGENT} are skipped (else translated)
     * @param reportTimeout        longest wait for one report to finish
     * @param clock                clock of the report timeout
     * @param planner              window planning and watermark
     * @param integration          the feed's integration file
     * @param setup                Playvox integration setup
     * @param reconciler           settles in-doubt batches
     * @param tracker              window accounting
     * @param settleTimeout        longest wait for a window to settle
     * @param json                 to keep each row's JSON for dead letters
     */
    public Five9ReportFeed(Five9Report report, String folderName, String reportName, ZoneId zone,
                           Five9RangeSplitter splitter, Function<Map<String, String>, TranslatedInteraction> translator,
                           boolean skipRowsWithoutAgent, Duration reportTimeout, Clock clock,
                           FeedWindowPlanner planner, IntegrationDefinition integration,
                           PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                           Duration settleTimeout, ObjectMapper json) {
        super(report.feed(), planner, integration, setup, reconciler, tracker, settleTimeout);
        this.report = report;
        this.folderName = folderName;
        this.reportName = reportName;
        this.zone = zone;
        this.splitter = splitter;
        this.translator = translator;
        this.skipRowsWithoutAgent = skipRowsWithoutAgent;
        this.reportTimeout = reportTimeout;
        this.clock = clock;
        this.json = json;
    }

    /** @return the report this feed reads */
    public Five9Report report() {
        return report;
    }

    /** @return the report zone */
    public ZoneId zone() {
        return zone;
    }

    /**
     * @param window the window
     * @return its report ranges: at most the splitter's span, cut at daylight-saving changes
     */
    public Five9RangeSplitter.Plan plan(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        skipped.put(window.id(), new AtomicLong());
        return splitter.plan(window.from(), window.to());
    }

    /** @param plan the window's plan @return whether a range is left */
    public boolean hasNextRange(@ExchangeProperty(PLAN_PROPERTY) Five9RangeSplitter.Plan plan) {
        return plan.hasNext();
    }

    /** @param plan the window's plan @return the range to run next */
    public Five9Range nextRange(@ExchangeProperty(PLAN_PROPERTY) Five9RangeSplitter.Plan plan) {
        return plan.next();
    }

    /** @param range the range @return the {@code runReport} request for it */
    public byte[] runReportRequest(@ExchangeProperty(Five9Responses.RANGE_PROPERTY) Five9Range range) {
        return Five9SoapRequests.runReport(folderName, reportName, range, zone);
    }

    /** @param identifier the report's identifier @return the {@code isReportRunning} long poll (5 s) */
    public byte[] isReportRunningRequest(@ExchangeProperty("five9Identifier") String identifier) {
        return Five9SoapRequests.isReportRunning(identifier, Five9SoapRequests.RECOMMENDED_POLL_TIMEOUT_SECONDS);
    }

    /** @param identifier the report's identifier @return the {@code getReportResultCsv} request */
    public byte[] resultRequest(@ExchangeProperty("five9Identifier") String identifier) {
        return Five9SoapRequests.getReportResultCsv(identifier);
    }

    /** @return now, the start of a report's wait */
    public Instant now() {
        return clock.instant();
    }

    /**
     * @param running the answer of {@code isReportRunning}
     * @param started when the report was started
     * @param range   its range, for the error
     * @return whether to poll again
     * @throws Five9ReportException when the report still runs after the report timeout
     */
    public boolean stillRunning(@Body Boolean running, @ExchangeProperty(STARTED_PROPERTY) Instant started,
                                @ExchangeProperty(Five9Responses.RANGE_PROPERTY) Five9Range range) {
        if (!Boolean.TRUE.equals(running)) {
            return false;
        }
        if (Duration.between(started, clock.instant()).compareTo(reportTimeout) > 0) {
            throw new Five9ReportException("Five9 report '" + reportName + "' for " + range + " still runs after "
                    + reportTimeout + " (five9.report-timeout)");
        }
        return true;
    }

    /**
     * Records a result in the plan.
     *
     * @param result the spooled result
     * @param plan   the window's plan
     * @param range  the range it answers
     * @return true when the result is complete and its rows are to be delivered; false when it reached the row limit:
     *         the file is deleted and the range's halves come next
     * @throws Five9ReportException when a range under 2 seconds reaches the limit
     */
    public boolean complete(@Body Five9Result result, @ExchangeProperty(PLAN_PROPERTY) Five9RangeSplitter.Plan plan,
                            @ExchangeProperty(Five9Responses.RANGE_PROPERTY) Five9Range range) {
        boolean done;
        try {
            done = plan.complete(range, result.rows());
        } catch (RuntimeException e) {
            result.delete();
            throw e;
        }
        if (!done) {
            result.delete();
            LOG.info("{}: report range {} holds {} rows, the limit of one result: halved and read again", feed(),
                    range, result.rows());
        }
        return done;
    }

    /**
     * @param result a complete result
     * @param range  its range
     * @return its rows, streamed from the spooled file (deleted when the split ends)
     * @throws IOException when the file cannot be read
     */
    public Iterator<Map<String, String>> rows(@Body Five9Result result,
                                              @ExchangeProperty(Five9Responses.RANGE_PROPERTY) Five9Range range)
            throws IOException {
        return new Five9ResultRows(result, report, new Five9ReportTimes(zone, range));
    }

    /**
     * @param row a report row
     * @return whether the feed skips it: no agent handled it (empty {@code AGENT}) and skipping is on
     */
    public boolean isWithoutAgent(@Body Map<String, String> row) {
        if (!skipRowsWithoutAgent || row.containsKey(Five9ReportCsv.PROBLEM_KEY)) {
            return false;
        }
        String agent = row.get(Five9Report.AGENT);
        return agent == null || agent.isBlank();
    }

    /** Counts a skipped row of the window. @param window the window */
    public void skipped(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        skipped.computeIfAbsent(window.id(), k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * @param row a report row
     * @return the interaction id it translates to, or null without an id
     */
    public String interactionIdOf(@Body Map<String, String> row) {
        String id = row.get(report.idColumn());
        if (id == null || id.isBlank()) {
            return null;
        }
        return Five9RowTranslator.interactionId(report, id);
    }

    /**
     * @param row    a report row (or one read back from a dead letter)
     * @param window the window it came in
     * @return the record on its way to Playvox
     * @throws InvalidRecordException when it cannot become an interaction (the reason names field and value)
     */
    public FeedRecord translate(@Body Map<String, String> row,
                                @ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        TranslatedInteraction t = translator.apply(row);
        return new FeedRecord(feed(), integrationName(), window.id(), t.interaction(), t.comments(), toJson(row));
    }

    /**
     * Commits the window as every feed does, then logs the rows skipped for having no agent.
     *
     * @param window the window
     * @throws InterruptedException when stopped while waiting
     */
    @Override
    public void commit(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) throws InterruptedException {
        try {
            super.commit(window);
        } finally {
            AtomicLong n = skipped.remove(window.id());
            if (n != null && n.get() > 0) {
                LOG.info("{} window [{}, {}) {}: skipped {} row(s) no agent handled (empty AGENT: abandoned or "
                                + "IVR-only), not sent and not dead-lettered", feed(), LOG_DATE.format(window.localFrom()),
                        LOG_DATE.format(window.localTo()), window.zone(), n.get());
            }
        }
    }

    /** @param window the window @return rows skipped so far in it for having no agent */
    public long skippedIn(FeedWindow window) {
        AtomicLong n = skipped.get(window.id());
        return n == null ? 0 : n.get();
    }

    private String toJson(Map<String, String> row) {
        try {
            return json.writeValueAsString(row);
        } catch (Exception e) {
            return row.toString();
        }
    }
}
