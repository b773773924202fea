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
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.camel.ExchangeProperty;

/**
 * The Java steps of the Wolkvox {@code chat_4} feed ({@code routes/sources/wolkvox-chat.camel.yaml}): plan the
 * windows, build the Reports Manager query, translate each record, and commit a window once it is settled.
 * Follows https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/ (api-facts 3): {@code api=chat_4},
 * {@code date_ini}/{@code date_end} as {@code YYYYmmddHHiiss} in the operation's zone.
 */
public final class WolkvoxChatFeed extends PolledFeed {

    /** The feed id: the watermark key and the {@code bridgeFeed} property. */
    public static final String FEED = "wolkvox-chat";

    /** Wolkvox's request date format. */
    public static final DateTimeFormatter WOLKVOX_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** Longest value of a vendor field the bridge sends on: 10 MB (characters). */
    public static final int MAX_FIELD_CHARS = 10 * 1024 * 1024;

    private final WolkvoxChatTranslator translator;
    private final ObjectMapper json;

    /**
     * @param planner       window planning and watermark
     * @param integration   the feed's integration file
     * @param translator    chat_4 record to interaction
     * @param setup         Playvox integration setup (run before the first window)
     * @param reconciler    settles in-doubt batches before each poll
     * @param tracker       window accounting
     * @param settleTimeout longest wait for a window's records to settle before giving up on committing it
     * @param json          to keep each record's JSON for dead letters
     */
    public WolkvoxChatFeed(FeedWindowPlanner planner, IntegrationDefinition integration, WolkvoxChatTranslator translator,
                           PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                           Duration settleTimeout, ObjectMapper json) {
        super(FEED, planner, integration, setup, reconciler, tracker, settleTimeout);
        this.translator = translator;
        this.json = json;
    }

    /**
     * @param window the window
     * @return the Reports Manager query: {@code api=chat_4&date_ini=YYYYmmddHHiiss&date_end=YYYYmmddHHiiss}
     */
    public String query(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        return "api=chat_4&date_ini=" + WOLKVOX_DATE.format(window.localFrom().toLocalDateTime())
                + "&date_end=" + WOLKVOX_DATE.format(localEnd(window));
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
    static java.time.LocalDateTime localEnd(FeedWindow window) {
        int shift = window.localFrom().getOffset().getTotalSeconds() - window.localTo().getOffset().getTotalSeconds();
        java.time.LocalDateTime end = window.localTo().toLocalDateTime();
        return shift > 0 ? end.plusSeconds(shift) : end;
    }

    /**
     * @param record a chat_4 record
     * @return the interaction id it translates to, for dead letters of records that fail translation; null when
     *         it has no case_id
     */
    public String interactionIdOf(Map<String, String> record) {
        String caseId = record.get("case_id");
        return caseId == null || caseId.isBlank() ? null : WolkvoxChatTranslator.interactionId(caseId);
    }

    /**
     * @param record a chat_4 record (all values strings)
     * @param window the window it came in
     * @return the record on its way to Playvox
     * @throws InvalidRecordException when it cannot become an interaction (the reason names field and value), or a
     *                                 field is over {@link #MAX_FIELD_CHARS}
     */
    public FeedRecord translate(Map<String, String> record,
                                @ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        if (record.containsKey(WolkvoxEnvelopeReader.INVALID_KEY)) {
            throw new InvalidRecordException("chat_4 record is not a JSON object: "
                    + shorten(record.get(WolkvoxEnvelopeReader.INVALID_KEY)));
        }
        for (Map.Entry<String, String> field : record.entrySet()) {
            String value = field.getValue();
            if (value != null && value.length() > MAX_FIELD_CHARS) {
                throw new InvalidRecordException("field " + field.getKey() + " is " + value.length()
                        + " characters, over the 10 MB limit (Playvox's limit for a file, the largest it documents)");
            }
        }
        TranslatedInteraction t = translator.translate(record);
        return new FeedRecord(FEED, integrationName(), window.id(), t.interaction(), t.comments(), toJson(record));
    }

    private String toJson(Map<String, String> record) {
        try {
            return json.writeValueAsString(record);
        } catch (Exception e) {
            return record.toString();
        }
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
