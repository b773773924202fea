package io.playvoxbridge.source.eightbyeight;

import com.fasterxml.jackson.databind.JsonNode;
import io.playvoxbridge.feed.DeadLetterRecorder;
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
import io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.DeliveryLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of the 8x8 {@code eightbyeight-interactions} feed ({@code routes/sources/eightbyeight-interactions.camel.yaml}):
 * per window, create a Historical Metrics detailed report, poll its status until DONE (a FAILED report is created
 * again), read its data pages with the {@code lastDocumentId} cursor
 * (https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report, api-facts 4.2); per row, fetch
 * its Data Augmentation variables (https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api,
 * api-facts 4.1; a 404 means none: the row flows without them), translate, and commit the window once settled.
 *
 * <p>Exchange properties it keeps: {@value #REPORT} (the last {@link EightByEightReportStatus}), {@value #CURSOR}
 * (the {@link EightByEightCursor}), {@value #ROW} (the current row). An interaction already delivered, or parked as
 * a dead letter, is settled before its augmentation is fetched ({@link #alreadySettled}): re-read rows (the
 * lookback) do not spend the 100-a-minute Data Augmentation budget.
 */
public final class EightByEightInteractionsFeed extends PolledFeed {

    /** The feed id: the watermark key and the {@code bridgeFeed} property. */
    public static final String FEED = "eightbyeight-interactions";
    /** Exchange property: the last status of the window's report. */
    public static final String REPORT = "eightbyeightReport";
    /** Exchange property: the cursor of the report's data. */
    public static final String CURSOR = "eightbyeightCursor";
    /** Exchange property: the row being processed. */
    public static final String ROW = "eightbyeightRow";
    private static final String REPORT_DEADLINE = "eightbyeightReportDeadline";
    private static final String REPORT_CREATES = "eightbyeightReportCreates";

    /** Reports created for one window before giving up (each FAILED one is created again). */
    public static final int MAX_REPORT_CREATES = 3;

    private static final Logger LOG = LoggerFactory.getLogger(EightByEightInteractionsFeed.class);

    private final EightByEightInteractionsTranslator translator;
    private final WindowTracker tracker;
    private final DeliveryLog deliveryLog;
    private final DeadLetterStore deadLetters;
    private final String regionPrefix;
    private final int pageSize;
    private final Duration reportTimeout;
    private final Clock clock;

    /**
     * @param planner       window planning and watermark
     * @param integration   the feed's integration file
     * @param translator    row + augmentation to interaction
     * @param setup         Playvox integration setup (run before the first window)
     * @param reconciler    settles in-doubt batches before each poll
     * @param tracker       window accounting
     * @param settleTimeout longest wait for a window's records to settle before giving up on committing it
     * @param deliveryLog   the interactions Playvox confirmed (to skip their augmentation)
     * @param deadLetters   the dead letters (to skip parked interactions' augmentation)
     * @param regionPrefix  "" (US) or {@code /eu}, {@code /au}, {@code /ca}
     * @param pageSize      rows per data page, 1-1000
     * @param reportTimeout longest wait for a report to be DONE
     * @param clock         for the report deadline
     */
    public EightByEightInteractionsFeed(FeedWindowPlanner planner, IntegrationDefinition integration,
                                        EightByEightInteractionsTranslator translator, PlayvoxIntegrationSetup setup,
                                        PlayvoxReconciler reconciler, WindowTracker tracker, Duration settleTimeout,
                                        DeliveryLog deliveryLog, DeadLetterStore deadLetters, String regionPrefix,
                                        int pageSize, Duration reportTimeout, Clock clock) {
        super(FEED, planner, integration, setup, reconciler, tracker, settleTimeout);
        this.translator = Objects.requireNonNull(translator, "translator");
        this.tracker = tracker;
        this.deliveryLog = Objects.requireNonNull(deliveryLog, "deliveryLog");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.regionPrefix = Objects.requireNonNull(regionPrefix, "regionPrefix");
        EightByEightCursor.first(pageSize); // validates 1-1000
        this.pageSize = pageSize;
        this.reportTimeout = Objects.requireNonNull(reportTimeout, "reportTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ------------------------------------------------------------------ report

    /**
     * Starts the report of a window: no report yet, a deadline of {@code reportTimeout}.
     *
     * @param exchange the window's exchange
     */
    public void reportStart(Exchange exchange) {
        exchange.removeProperty(REPORT);
        exchange.setProperty(REPORT_CREATES, 0);
        exchange.setProperty(REPORT_DEADLINE, clock.instant().plus(reportTimeout));
    }

    /**
     * The loop condition of the report: true until the report is DONE.
     *
     * @param exchange the window's exchange
     * @return whether to create or poll again
     * @throws IllegalStateException when {@value #MAX_REPORT_CREATES} reports FAILED, or the report is not DONE
     *                               within the report timeout (the poll stops; the watermark stays)
     */
    public boolean reportPending(Exchange exchange) {
        EightByEightReportStatus status = exchange.getProperty(REPORT, EightByEightReportStatus.class);
        if (status != null && status.done()) {
            return false;
        }
        int creates = exchange.getProperty(REPORT_CREATES, 0, Integer.class);
        if (status != null && status.failed() && creates >= MAX_REPORT_CREATES) {
            throw new IllegalStateException("8x8 report " + status.id() + " FAILED (" + status.reason() + "), "
                    + creates + " reports in a row for this window");
        }
        Instant deadline = exchange.getProperty(REPORT_DEADLINE, Instant.class);
        if (status != null && deadline != null && clock.instant().isAfter(deadline)) {
            throw new IllegalStateException("8x8 report " + status.id() + " still " + status.state() + " after "
                    + reportTimeout.toSeconds() + " s");
        }
        return true;
    }

    /**
     * @param status the last status, or null
     * @return true when a report must be created: none yet, or the last FAILED
     */
    public boolean reportNeedsCreating(@ExchangeProperty(REPORT) EightByEightReportStatus status) {
        if (status != null && status.failed()) {
            LOG.warn("8x8 report {} FAILED ({}): creating it again", status.id(), status.reason());
        }
        return status == null || status.failed();
    }

    /**
     * Sets the request properties of {@code POST /detailed-reports} for the window.
     *
     * @param exchange the window's exchange
     */
    public void createRequest(Exchange exchange) {
        FeedWindow window = exchange.getProperty(WindowTracker.WINDOW_PROPERTY, FeedWindow.class);
        exchange.setProperty(REPORT_CREATES, exchange.getProperty(REPORT_CREATES, 0, Integer.class) + 1);
        request(exchange, "POST", EightByEightApi.detailedReportsPath(regionPrefix), null,
                EightByEightReportRequest.forWindow(window.from(), window.to(), window.zone()).toJsonText());
    }

    /**
     * Sets the request properties of {@code GET /detailed-reports/{id}/status}.
     *
     * @param exchange the window's exchange
     */
    public void statusRequest(Exchange exchange) {
        EightByEightReportStatus status = exchange.getProperty(REPORT, EightByEightReportStatus.class);
        request(exchange, "GET", EightByEightApi.statusPath(regionPrefix, status.id()), null, null);
    }

    /**
     * Keeps a create or status answer in {@value #REPORT}.
     *
     * @param answer the JSON answer
     * @param exchange the window's exchange
     * @throws IllegalArgumentException when it is not a status answer
     */
    public void reportAnswered(@Body String answer, Exchange exchange) {
        EightByEightReportStatus status = EightByEightReportStatus.parse(answer);
        exchange.setProperty(REPORT, status);
        LOG.debug("8x8 report {}: {}", status.id(), status.state());
    }

    // ------------------------------------------------------------------ pages

    /** @return the cursor before the first page */
    public EightByEightCursor firstCursor() {
        return EightByEightCursor.first(pageSize);
    }

    /**
     * @param cursor the cursor
     * @param window the window
     * @return true while pages remain and the window has not been given up on
     */
    public boolean morePages(@ExchangeProperty(CURSOR) EightByEightCursor cursor,
                             @ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        return cursor != null && !cursor.done() && !tracker.isAbandoned(window);
    }

    /**
     * Sets the request properties of the next {@code GET /detailed-reports/{id}/data?size=N[&lastDocumentId=...]}.
     *
     * @param exchange the window's exchange
     */
    public void pageRequest(Exchange exchange) {
        EightByEightReportStatus status = exchange.getProperty(REPORT, EightByEightReportStatus.class);
        EightByEightCursor cursor = exchange.getProperty(CURSOR, EightByEightCursor.class);
        request(exchange, "GET", EightByEightApi.dataPath(regionPrefix, status.id()), cursor.query(), null);
    }

    /**
     * Reads a data page and moves the cursor on.
     *
     * @param answer   the page's JSON
     * @param exchange the window's exchange (its {@value #CURSOR} and the page's cursor header)
     * @return the page's rows: column key to text
     * @throws IllegalArgumentException when the page is not an array of rows
     * @throws IllegalStateException    when 8x8 repeats the cursor it was asked with
     */
    public List<Map<String, String>> readPage(@Body String answer, Exchange exchange) {
        List<EightByEightDetailedRow> rows = EightByEightDetailedRow.parsePage(answer);
        EightByEightCursor cursor = exchange.getProperty(CURSOR, EightByEightCursor.class);
        exchange.setProperty(CURSOR, cursor.next(rows.size(), exchange.getProperty(EightByEightRequests.NEXT_CURSOR,
                String.class)));
        return rows.stream().map(EightByEightDetailedRow::values).toList();
    }

    private static void request(Exchange exchange, String method, String path, String query, String body) {
        exchange.setProperty(EightByEightRequests.METHOD, method);
        exchange.setProperty(EightByEightRequests.PATH, path);
        setOrRemove(exchange, EightByEightRequests.QUERY, query);
        setOrRemove(exchange, EightByEightRequests.BODY, body);
    }

    private static void setOrRemove(Exchange exchange, String name, Object value) {
        if (value == null) {
            exchange.removeProperty(name);
        } else {
            exchange.setProperty(name, value);
        }
    }

    // ------------------------------------------------------------------ records

    /**
     * The row of a record: a data page's row as it is, or the {@code row} of a dead letter's payload
     * ({@code {"row":{...},"augmentation":...}}, read back by a replay with its values as JSON text).
     *
     * @param body a row, or a replayed payload
     * @return the row
     * @throws InvalidRecordException when a replayed payload is not an 8x8 record
     */
    public Map<String, String> rowOf(@Body Map<String, Object> body) {
        return row(body);
    }

    /** {@link #rowOf}, without the bean. */
    static Map<String, String> row(Map<String, ?> body) {
        if (body.containsKey(WolkvoxEnvelopeReader.INVALID_KEY)) {
            throw new InvalidRecordException("8x8 record is not a JSON object");
        }
        Object row = body.get("row");
        if (row == null) {
            Map<String, String> plain = new LinkedHashMap<>();
            body.forEach((k, v) -> plain.put(k, v == null ? null : v.toString()));
            return plain;
        }
        JsonNode node = row instanceof String text ? EightByEightApi.readTree(text, "8x8 dead-letter row")
                : EightByEightApi.json().valueToTree(row);
        if (!node.isObject()) {
            throw new InvalidRecordException("8x8 dead-letter row is not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> values.put(e.getKey(), EightByEightApi.text(node, e.getKey())));
        return values;
    }

    /**
     * @param row a row
     * @return the interaction id it translates to, for dead letters of rows that fail translation; null without guid
     */
    public String interactionIdOf(@Body Map<String, String> row) {
        String guid = row.get("interactionGuid");
        return guid == null || guid.isBlank() ? null : EightByEightInteractionsTranslator.interactionId(guid);
    }

    /**
     * @param row a row
     * @return its guid when it has one (its augmentation is then fetched), else null
     */
    public String guidOf(@Body Map<String, String> row) {
        String guid = row.get("interactionGuid");
        return guid == null || guid.isBlank() ? null : guid;
    }

    /**
     * Settles, before any Data Augmentation request, a row whose interaction Playvox already confirmed (already
     * delivered) or that is parked as a dead letter (outside a replay), as the record route's Idempotent Consumer
     * and parked check would after translation.
     *
     * @param row    the row
     * @param window its window
     * @param replay the replay flag
     * @return true when settled here (the route stops)
     */
    public boolean alreadySettled(@Body Map<String, String> row,
                                  @ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window,
                                  @ExchangeProperty(DeadLetterRecorder.REPLAY_PROPERTY) Boolean replay) {
        String id = interactionIdOf(row);
        if (id == null) {
            return false;
        }
        if (!Boolean.TRUE.equals(replay) && deadLetters.holdsInteraction(FEED, id)) {
            LOG.debug("interaction_id={} of feed {} is a dead letter already: skipped", id, FEED);
            tracker.settled(window.id(), WindowTracker.Outcome.DEAD_LETTERED);
            return true;
        }
        if (deliveryLog.contains(integrationName(), id)) {
            tracker.alreadyDelivered(window);
            return true;
        }
        return false;
    }

    /**
     * Gives up on the window after a Data Augmentation request failed all its retries (8x8 down, the action token
     * refused): not the record's fault, so no dead letter; the window is not committed and the next poll reads it
     * again. The reason names the status, never a variable.
     *
     * @param exchange the record's exchange, its caught exception set
     */
    public void augmentationFailed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        FeedWindow window = exchange.getProperty(WindowTracker.WINDOW_PROPERTY, FeedWindow.class);
        String reason = "8x8 Data Augmentation failed for interaction " + exchange.getProperty(EightByEightRequests.GUID)
                + ": " + (error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage());
        exchange.getMessage().setBody(exchange.getProperty(ROW));
        if (window != null) {
            tracker.abandon(window.id(), reason);
        }
    }

    /**
     * @param row          the row
     * @param augmentation its augmentation, or null (8x8 holds none)
     * @return the record to translate
     */
    public EightByEightInteractionRecord interactionRecord(@ExchangeProperty(ROW) Map<String, String> row,
                                                           @ExchangeProperty(EightByEightRequests.AUGMENTATION)
                                                           EightByEightAugmentation augmentation) {
        return new EightByEightInteractionRecord(row, augmentation);
    }

    /**
     * @param record the row and its augmentation
     * @param window the window it came in
     * @return the record on its way to Playvox, with its masked JSON as the dead-letter payload
     * @throws InvalidRecordException with the reason when it cannot become an interaction
     */
    public FeedRecord translate(@Body EightByEightInteractionRecord record,
                                @ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        TranslatedInteraction t = translator.translate(record);
        return new FeedRecord(FEED, integrationName(), window.id(), t.interaction(), t.comments(), record.deadLetterJson());
    }
}
