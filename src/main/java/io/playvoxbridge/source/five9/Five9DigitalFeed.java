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
 * The {@code five9-digital} feed: the digital-channel report ("Digital Engagement Reports" / "Digital Interaction
 * Log" by default, an <b>assumption</b>: api-facts 5 names no digital report), one row per chat, e-mail, SMS or social
 * session, translated by {@link Five9DigitalTranslator} (first customer message and notes as comments). The steps
 * are those of {@link Five9ReportFeed}.
 */
public final class Five9DigitalFeed extends Five9ReportFeed {

    /** The feed id. */
    public static final String FEED = "five9-digital";

    /**
     * @param folderName           the report's folder
     * @param reportName           the report's name
     * @param zone                 the report zone
     * @param splitter             range planning
     * @param translator           the digital translator
     * @param skipRowsWithoutAgent whether sessions no agent handled are skipped
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
    public Five9DigitalFeed(String folderName, String reportName, ZoneId zone, Five9RangeSplitter splitter,
                            Five9DigitalTranslator translator, boolean skipRowsWithoutAgent, Duration reportTimeout,
                            Clock clock, FeedWindowPlanner planner, IntegrationDefinition integration,
                            PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                            Duration settleTimeout, ObjectMapper json) {
        super(Five9Report.DIGITAL, folderName, reportName, zone, splitter, translator::translate,
                skipRowsWithoutAgent, reportTimeout, clock, planner, integration, setup, reconciler, tracker,
                settleTimeout, json);
    }
}
