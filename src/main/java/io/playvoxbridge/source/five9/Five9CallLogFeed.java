package io.playvoxbridge.source.five9;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The {@code five9-call-log} feed: the Call Log report ("Call Log Reports" / "Call Log", api-facts 5), one row per
 * call, translated by {@link Five9CallLogTranslator}. The steps are those of {@link Five9ReportFeed}.
 */
public final class Five9CallLogFeed extends Five9ReportFeed {

    /** The feed id. */
    public static final String FEED = "five9-call-log";

    /**
     * @param folderName           the report's folder
     * @param reportName           the report's name
     * @param zone                 the report zone
     * @param splitter             range planning
     * @param translator           the Call Log translator
     * @param skipRowsWithoutAgent whether calls no agent took are skipped
     * @param reportTimeout        longest wait for one report
     * @param clock                clock
     * @param planner              window planning
     * @param integration          the integration file
     * @param setup                Playvox setup
     * @param reconciler           in-doubt batches
     * @param tracker              window accounting
     * @param settleTimeout        window settle timeout
     * @param json                 JSON of dead letters
     */
    public Five9CallLogFeed(String folderName, String reportName, ZoneId zone, Five9RangeSplitter splitter,
                            Five9CallLogTranslator translator, boolean skipRowsWithoutAgent, Duration reportTimeout,
                            Clock clock, FeedWindowPlanner planner, IntegrationDefinition integration,
                            PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                            Duration settleTimeout, ObjectMapper json) {
        super(Five9Report.CALL_LOG, folderName, reportName, zone, splitter, translator::translate,
                skipRowsWithoutAgent, reportTimeout, clock, planner, integration, setup, reconciler, tracker,
                settleTimeout, json);
    }
}
