package io.playvoxbridge.source.five9;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.MetadataValueConverter;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Translates one row of the Five9 Call Log report into a Playvox interaction (feed {@code five9.call-log}).
 *
 * <p>Input: one row of "Call Log Reports" / "Call Log" from {@code getReportResultCsv} (api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/getReportResultCsv.htm;
 * columns per api-facts, [3P] github.com/Pathlight/tap-five9 {@code schemas/call_log.json}): CALL ID, TIMESTAMP,
 * CAMPAIGN, CALL TYPE, AGENT, AGENT NAME, DISPOSITION, ANI, CUSTOMER NAME, DNIS, CALL TIME, BILL TIME (ROUNDED), COST,
 * IVR TIME, QUEUE WAIT TIME, RING TIME, TALK TIME, HOLD TIME, PARK TIME, AFTER CALL WORK TIME, TRANSFERS, CONFERENCES,
 * HOLDS, ABANDONED, RECORDINGS, as {@link Five9ReportCsv} gives it (column name to cell; TIMESTAMP already resolved to
 * ISO-8601 with offset, or still in Five9's Pacific form, which is read here with the earlier offset in the repeated
 * hour).
 *
 * <p>Output (api-facts 1.5, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems):
 * <ul>
 *   <li>{@code interaction_id}: {@code five9-call-<CALL ID>} (hashed when longer than 68 characters or not
 *       {@code [A-Za-z0-9._-]});</li>
 *   <li>{@code assignee_id}: the Playvox user of {@code AGENT} (the Five9 user name) in the agent directory, source
 *       {@code five9}, else the default assignee;</li>
 *   <li>metadata: each field of {@code integrations/five9-call-log.yaml} from its column, by
 *       {@link MetadataValueConverter}; durations {@code hh:mm:ss} into integer fields become seconds, report times
 *       into datetime fields carry their Pacific offset;</li>
 *   <li>no comments: the Call Log carries no text of the conversation.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class Five9CallLogTranslator {

    /** The {@code source} of Five9 agents in the agent directory. */
    public static final String AGENT_SOURCE = Five9RowTranslator.AGENT_SOURCE;

    private final Five9RowTranslator rows;

    /**
     * @param integration           the feed's Playvox integration (its metadata fields and their columns)
     * @param agents                the agent directory
     * @param zone                  the zone of report times, normally {@link Five9ReportTimes#PACIFIC}
     * @param defaultAssigneeOrNull the Playvox user for agents not in the directory (and calls no agent took); null or
     *                              blank to refuse such rows instead
     */
    public Five9CallLogTranslator(IntegrationDefinition integration, AgentDirectory agents, ZoneId zone,
                                  String defaultAssigneeOrNull) {
        this.rows = new Five9RowTranslator(Five9Report.CALL_LOG, integration, agents, zone, defaultAssigneeOrNull);
    }

    /**
     * Translates one Call Log row.
     *
     * @param row column name to cell (absent and empty cells are "no value")
     * @return the interaction, without comments
     * @throws InvalidRecordException with the dead-letter reason: {@code malformed Call Log row: line 7 has 24 cells,
     *                                the header has 25}, {@code missing CALL ID}, {@code unmapped agent jdoe (John
     *                                Doe)}, {@code unmapped agent (empty AGENT)} (a call no agent took),
     *                                {@code missing required field call_timestamp (Call Log column TIMESTAMP)}, or a
     *                                value that does not fit its field, e.g. {@code field holds: 'n/a' is not an
     *                                integer}
     */
    public TranslatedInteraction translate(Map<String, String> row) {
        return new TranslatedInteraction(rows.interaction(row), List.of());
    }
}
