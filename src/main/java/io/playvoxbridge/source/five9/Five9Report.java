package io.playvoxbridge.source.five9;

import java.util.List;

/**
 * The two Five9 reports the bridge reads through the Configuration Web Services report flow
 * ({@code runReport} -> {@code isReportRunning} -> {@code getReportResultCsv}, api-facts 5,
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/runReport.htm),
 * with the CSV columns the bridge needs from each. Column names are Five9's original English ones, upper case with
 * spaces, as {@code getReportResultCsv} always writes them (api-facts 5: "Column names are always the original English
 * ones"; the upper-case spelling is inferred from the snake-cased names of the taps, e.g. {@code bill_time__rounded_}
 * for {@code BILL TIME (ROUNDED)}, github.com/Pathlight/tap-five9 {@code schemas/call_log.json}).
 */
public enum Five9Report {

    /**
     * "Call Log Reports" / "Call Log" (api-facts 5, [3P] Pathlight and Matatika tap-five9 {@code streams.py}): one row
     * per call, keyed by {@code CALL ID}, started at {@code TIMESTAMP}, handled by {@code AGENT} (the Five9 user name).
     */
    CALL_LOG("five9-call-log", "Call Log Reports", "Call Log", "CALL ID", "five9-call-"),

    /**
     * A digital-channel report (chat, e-mail, SMS, social). api-facts names no digital report, folder or column:
     * <b>assumption</b>: folder "Digital Engagement Reports", report "Digital Interaction Log", one row per session,
     * keyed by {@code SESSION ID}, with the same {@code TIMESTAMP} and {@code AGENT} columns as the Call Log. The
     * folder and report name are settings, so a domain whose report is named otherwise only changes them.
     */
    DIGITAL("five9-digital", "Digital Engagement Reports", "Digital Interaction Log", "SESSION ID", "five9-digital-");

    /** Column of the moment the call or session started, Pacific local time. */
    public static final String TIMESTAMP = "TIMESTAMP";
    /** Column of the Five9 user name of the agent (empty when no agent took the call). */
    public static final String AGENT = "AGENT";
    /** Column of the agent's full name. */
    public static final String AGENT_NAME = "AGENT NAME";

    private final String feed;
    private final String folderName;
    private final String reportName;
    private final String idColumn;
    private final String idPrefix;

    Five9Report(String feed, String folderName, String reportName, String idColumn, String idPrefix) {
        this.feed = feed;
        this.folderName = folderName;
        this.reportName = reportName;
        this.idColumn = idColumn;
        this.idPrefix = idPrefix;
    }

    /** @return the feed (and Playvox integration) name, e.g. {@code five9-call-log} */
    public String feed() {
        return feed;
    }

    /** @return the default {@code folderName} of {@code runReport}, e.g. {@code Call Log Reports} */
    public String folderName() {
        return folderName;
    }

    /** @return the default {@code reportName} of {@code runReport}, e.g. {@code Call Log} */
    public String reportName() {
        return reportName;
    }

    /** @return the column holding the row's unique id, e.g. {@code CALL ID} */
    public String idColumn() {
        return idColumn;
    }

    /** @return the prefix of the Playvox {@code interaction_id}s made from this report, e.g. {@code five9-call-} */
    public String idPrefix() {
        return idPrefix;
    }

    /** @return the columns a result must have for the bridge to use it: the id, {@code TIMESTAMP} and {@code AGENT} */
    public List<String> requiredColumns() {
        return List.of(idColumn, TIMESTAMP, AGENT);
    }
}
