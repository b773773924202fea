package io.playvoxbridge.source.wolkvox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.Duration;
import java.util.Map;

/**
 * The Java steps of the Wolkvox {@code diagram_4} feed ({@code routes/sources/wolkvox-survey.camel.yaml}, built from
 * the templates of {@code routes/common/wolkvox-report-templates.camel.yaml}): one survey response, one interaction
 * ({@link WolkvoxSurveyTranslator}). Follows https://www.wolkvox.com/en/apis-v2-2/4-smart-survey-details/
 * (api-facts 3): {@code api=diagram_4}, {@code date_ini}/{@code date_end} as {@code YYYYmmddHHiiss}.
 *
 * <p>Personal data: what is sent follows the {@link PersonalDataPolicy} ({@code wolkvox.survey.personal-data.*});
 * what a dead letter stores is always {@link PersonalDataPolicy#redact redacted} ({@code ani}, {@code customer_id},
 * {@code agent_dni} masked whatever their rule), so the clear values are never written to the state database. A
 * replayed survey dead letter therefore sends those fields masked (or dropped), never in clear, and its agent is
 * found by {@code agent_id} or {@code agent_name}, not by the masked {@code agent_dni}.
 */
public final class WolkvoxSurveyFeed extends WolkvoxReportFeed {

    /** The feed id: the watermark key and the {@code bridgeFeed} property. */
    public static final String FEED = "wolkvox-survey";

    private final WolkvoxSurveyTranslator translator;
    private final PersonalDataPolicy personal;

    /**
     * @param planner       window planning and watermark
     * @param integration   the feed's integration file (integrations/wolkvox-survey.yaml)
     * @param translator    diagram_4 record to interaction
     * @param personal      the feed's personal-data policy (the translator's)
     * @param setup         Playvox integration setup (run before the first window)
     * @param reconciler    settles in-doubt batches before each poll
     * @param tracker       window accounting
     * @param settleTimeout longest wait for a window's records to settle before giving up on committing it
     * @param json          to keep each record's redacted JSON for dead letters
     */
    public WolkvoxSurveyFeed(FeedWindowPlanner planner, IntegrationDefinition integration,
                             WolkvoxSurveyTranslator translator, PersonalDataPolicy personal,
                             PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                             Duration settleTimeout, ObjectMapper json) {
        super(FEED, WolkvoxSurveyTranslator.REPORT, planner, integration, setup, reconciler, tracker, settleTimeout,
                json);
        this.translator = translator;
        this.personal = personal;
    }

    /**
     * @param record a diagram_4 record
     * @return {@code wolkvox-survey-<conn_id>}; null when it has no conn_id
     */
    @Override
    public String interactionIdOf(Map<String, String> record) {
        String connId = record.get("conn_id");
        return connId == null || connId.isBlank() ? null : WolkvoxSurveyTranslator.interactionId(record);
    }

    @Override
    protected TranslatedInteraction translateRecord(Map<String, String> record) {
        return translator.translate(record);
    }

    /** @return the record with ani, customer_id and agent_dni masked ({@link PersonalDataPolicy#redact}) */
    @Override
    protected Map<String, String> storedCopy(Map<String, String> record) {
        return personal.redact(record);
    }
}
