package io.playvoxbridge.source.wolkvox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * The Java steps of the Wolkvox {@code chat_4} feed ({@code routes/sources/wolkvox-chat.camel.yaml}, built from the
 * templates of {@code routes/common/wolkvox-report-templates.camel.yaml}): plan the windows, build the Reports
 * Manager query, translate each record, and commit a window once it is settled.
 * Follows https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/ (api-facts 3): {@code api=chat_4},
 * {@code date_ini}/{@code date_end} as {@code YYYYmmddHHiiss} in the operation's zone.
 */
public final class WolkvoxChatFeed extends WolkvoxReportFeed {

    /** The feed id: the watermark key and the {@code bridgeFeed} property. */
    public static final String FEED = "wolkvox-chat";

    private final WolkvoxChatTranslator translator;

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
        super(FEED, "chat_4", planner, integration, setup, reconciler, tracker, settleTimeout, json);
        this.translator = translator;
    }

    /**
     * @param window the window
     * @return its end in local time, widened by the clock shift when the offset decreases inside the window
     * @see WolkvoxReportFeed#localEnd(FeedWindow)
     */
    static LocalDateTime localEnd(FeedWindow window) {
        return WolkvoxReportFeed.localEnd(window);
    }

    /**
     * @param record a chat_4 record
     * @return the interaction id it translates to, for dead letters of records that fail translation; null when
     *         it has no case_id
     */
    @Override
    public String interactionIdOf(Map<String, String> record) {
        String caseId = record.get("case_id");
        return caseId == null || caseId.isBlank() ? null : WolkvoxChatTranslator.interactionId(caseId);
    }

    @Override
    protected TranslatedInteraction translateRecord(Map<String, String> record) {
        return translator.translate(record);
    }
}
