package io.playvoxbridge.source.wolkvox;

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
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The Java steps shared by the Wolkvox feeds that read a Reports Manager report per window (the route templates of
 * {@code routes/common/wolkvox-report-templates.camel.yaml}): the query of a window, the checks every record gets,
 * and the copy of a record a dead letter stores. A subclass names its report and translates one record.
 *
 * <p>Request (api-facts 3, https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/ and every other report page):
 * {@code GET .../reports_manager.php?api=<report>&date_ini=YYYYmmddHHiiss&date_end=YYYYmmddHHiiss}, both bounds in the
 * operation's zone. Records are {@code Map<String,String>} (every Wolkvox value is a string).
 */
public abstract class WolkvoxReportFeed extends PolledFeed {

    /** Exchange property {@link #translate} sets: the record's {@link FeedRecord#deliveryKey()}. */
    public static final String DELIVERY_KEY_PROPERTY = "bridgeDeliveryKey";

    /** Wolkvox's request date format. */
    public static final DateTimeFormatter WOLKVOX_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** Longest value of a vendor field the bridge sends on: 10 MB (characters). */
    public static final int MAX_FIELD_CHARS = 10 * 1024 * 1024;

    private final String report;
    private final ObjectMapper json;

    /**
     * @param feed          the feed id (watermark key, {@code bridgeFeed})
     * @param report        the Reports Manager report read per window, e.g. {@code chat_4}
     * @param planner       window planning and watermark
     * @param integration   the feed's integration file
     * @param setup         Playvox integration setup (run before the first window)
     * @param reconciler    settles in-doubt batches before each poll
     * @param tracker       window accounting
     * @param settleTimeout longest wait for a window's records to settle before giving up on committing it
     * @param json          to keep each record's JSON for dead letters
     */
    protected WolkvoxReportFeed(String feed, String report, FeedWindowPlanner planner, IntegrationDefinition integration,
                                PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                                Duration settleTimeout, ObjectMapper json) {
        super(feed, planner, integration, setup, reconciler, tracker, settleTimeout);
        this.report = report;
        this.json = json;
    }

    /** @return the report read per window, e.g. {@code chat_4} */
    public String report() {
        return report;
    }

    /**
     * @param window the window
     * @return the Reports Manager query: {@code api=<report>&date_ini=YYYYmmddHHiiss&date_end=YYYYmmddHHiiss}
     */
    public String query(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        return query(report, window.localFrom().toLocalDateTime(), localEnd(window));
    }

    /**
     * @param report the report
     * @param from   the first local time asked for
     * @param to     the last local time asked for (Wolkvox includes it)
     * @return {@code api=<report>&date_ini=...&date_end=...}
     */
    static String query(String report, LocalDateTime from, LocalDateTime to) {
        return "api=" + report + "&date_ini=" + WOLKVOX_DATE.format(from) + "&date_end=" + WOLKVOX_DATE.format(to);
    }

    /**
     * The local end to ask Wolkvox for. Wolkvox takes local times without an offset, so when the clocks go back
     * inside a window (daylight saving ends) the local range {@code [from, to]} is shorter than the window, and the
     * repeated hour would be missed: the end is then pushed later by the shift. Records fetched twice are skipped
     * by the delivery log.
     *
     * @param window the window
     * @return its end in local time, widened by the clock shift when the offset decreases inside the window
     */
    static LocalDateTime localEnd(FeedWindow window) {
        int shift = window.localFrom().getOffset().getTotalSeconds() - window.localTo().getOffset().getTotalSeconds();
        LocalDateTime end = window.localTo().toLocalDateTime();
        return shift > 0 ? end.plusSeconds(shift) : end;
    }

    /**
     * @param record a record of the report
     * @return the interaction id it translates to, for dead letters of records that fail translation; null when it
     *         has none
     */
    public abstract String interactionIdOf(Map<String, String> record);

    /**
     * Translates one record. When it fails, the exchange's body becomes {@link #storedCopy} of the record before the
     * error goes on to the dead-letter channel, so the dead letter never holds what the feed must not store.
     *
     * @param record   a record of the report (all values strings)
     * @param window   the window it came in
     * @param exchange the record's exchange
     * @return the record on its way to Playvox, its payload {@link #storedCopy}; its {@link FeedRecord#deliveryKey()}
     *         is also set as the exchange property {@value #DELIVERY_KEY_PROPERTY} (the Idempotent Consumer's key)
     * @throws InvalidRecordException when it cannot become an interaction (the reason names field and value), or a
     *                                 field is over {@link #MAX_FIELD_CHARS}
     */
    public FeedRecord translate(Map<String, String> record,
                                @ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window, Exchange exchange) {
        try {
            if (record.containsKey(WolkvoxEnvelopeReader.INVALID_KEY)) {
                throw new InvalidRecordException(report + " record is not a JSON object: "
                        + shorten(record.get(WolkvoxEnvelopeReader.INVALID_KEY)));
            }
            for (Map.Entry<String, String> field : record.entrySet()) {
                String value = field.getValue();
                if (value != null && value.length() > MAX_FIELD_CHARS) {
                    throw new InvalidRecordException("field " + field.getKey() + " is " + value.length()
                            + " characters, over the 10 MB limit (Playvox's limit for a file, the largest it documents)");
                }
            }
            TranslatedInteraction t = translateRecord(record);
            FeedRecord translated = new FeedRecord(feed(), integrationName(), window.id(), t.interaction(),
                    t.comments(), toJson(storedCopy(record)));
            exchange.setProperty(DELIVERY_KEY_PROPERTY, translated.deliveryKey());
            return translated;
        } catch (RuntimeException e) {
            exchange.getMessage().setBody(storedCopy(record));
            throw e;
        }
    }

    /**
     * @param record a record of the report, not an invalid one
     * @return its interaction and comments
     * @throws InvalidRecordException with the dead-letter reason
     */
    protected abstract TranslatedInteraction translateRecord(Map<String, String> record);

    /**
     * @param record a record as polled (or replayed)
     * @return the copy a dead letter stores and a replay translates again: the record itself unless the feed
     *         redacts personal data
     */
    protected Map<String, String> storedCopy(Map<String, String> record) {
        return record;
    }

    /** @return the value as JSON text (its {@code toString()} if Jackson cannot write it) */
    protected String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            return String.valueOf(value);
        }
    }

    /** @return the shared Jackson mapper */
    protected ObjectMapper json() {
        return json;
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
