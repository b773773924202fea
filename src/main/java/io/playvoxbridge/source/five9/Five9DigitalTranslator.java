package io.playvoxbridge.source.five9;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.MetadataValueConverter;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Translates one row of the Five9 digital-channel report into a Playvox interaction and its comments (feed
 * {@code five9.digital}).
 *
 * <p>Input: one row of the digital report ({@link Five9Report#DIGITAL}) from {@code getReportResultCsv} (api-facts 5,
 * F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/getReportResultCsv.htm).
 * api-facts lists no column of a digital report; <b>assumption</b>, a report built with these columns: SESSION ID,
 * TIMESTAMP, MEDIA TYPE, CAMPAIGN, SKILL, AGENT, AGENT NAME, DISPOSITION, CUSTOMER NAME, CUSTOMER CONTACT, SUBJECT,
 * QUEUE WAIT TIME, HANDLE TIME, MESSAGES, TRANSFERS, FIRST CUSTOMER MESSAGE, NOTES.
 *
 * <p>Output (api-facts 1.5 and 1.6, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems):
 * <ul>
 *   <li>{@code interaction_id}: {@code five9-digital-<SESSION ID>} (hashed when longer than 68 characters or not
 *       {@code [A-Za-z0-9._-]});</li>
 *   <li>{@code assignee_id}: the Playvox user of {@code AGENT} in the agent directory (source {@code five9}), else the
 *       default assignee;</li>
 *   <li>metadata: each field of {@code integrations/five9-digital.yaml} from its column, by
 *       {@link MetadataValueConverter}; durations {@code hh:mm:ss} into integer fields become seconds;</li>
 *   <li>comments, in this order, empty ones skipped: {@code FIRST CUSTOMER MESSAGE} as customer_comment (author:
 *       {@code CUSTOMER CONTACT} when it is an e-mail address, else the assignee; added at TIMESTAMP), {@code NOTES} as
 *       internal_note (author: the assignee; added at TIMESTAMP + HANDLE TIME, the end of the session). Texts are kept
 *       exactly.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class Five9DigitalTranslator {

    /** The {@code source} of Five9 agents in the agent directory. */
    public static final String AGENT_SOURCE = Five9RowTranslator.AGENT_SOURCE;
    /** Column of the customer's first message (assumption). */
    public static final String FIRST_CUSTOMER_MESSAGE = "FIRST CUSTOMER MESSAGE";
    /** Column of the agent's notes on the session (assumption). */
    public static final String NOTES = "NOTES";
    /** Column of the customer's address: e-mail, phone or social handle (assumption). */
    public static final String CUSTOMER_CONTACT = "CUSTOMER CONTACT";
    /** Column of the time the agent handled the session, {@code hh:mm:ss} (assumption). */
    public static final String HANDLE_TIME = "HANDLE TIME";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:.]+");

    private final Five9RowTranslator rows;

    /**
     * @param integration           the feed's Playvox integration (its metadata fields and their columns)
     * @param agents                the agent directory
     * @param zone                  the zone of report times, normally {@link Five9ReportTimes#PACIFIC}
     * @param defaultAssigneeOrNull the Playvox user for agents not in the directory; null or blank to refuse such rows
     */
    public Five9DigitalTranslator(IntegrationDefinition integration, AgentDirectory agents, ZoneId zone,
                                  String defaultAssigneeOrNull) {
        this.rows = new Five9RowTranslator(Five9Report.DIGITAL, integration, agents, zone, defaultAssigneeOrNull);
    }

    /**
     * Translates one digital-report row.
     *
     * @param row column name to cell (absent and empty cells are "no value")
     * @return the interaction and its comments (0 to 2)
     * @throws InvalidRecordException with the dead-letter reason, as {@link Five9CallLogTranslator#translate} (with
     *                                {@code missing SESSION ID}), or a TIMESTAMP that is not a report time
     */
    public TranslatedInteraction translate(Map<String, String> row) {
        Interaction interaction = rows.interaction(row);
        String assignee = interaction.assigneeId();
        OffsetDateTime started = rows.time(row, Five9Report.TIMESTAMP);
        Long handled = Five9RowTranslator.durationSeconds(row.get(HANDLE_TIME));
        // on the instant, then in the zone: a session may end after a daylight-saving change
        OffsetDateTime ended = started == null || handled == null ? started
                : started.toInstant().plusSeconds(handled).atZone(rows.zone()).toOffsetDateTime();
        List<Comment> comments = new ArrayList<>(2);
        String contact = row.get(CUSTOMER_CONTACT);
        String customer = contact != null && EMAIL.matcher(contact.strip()).matches() ? contact.strip() : assignee;
        add(comments, row.get(FIRST_CUSTOMER_MESSAGE), CommentType.CUSTOMER_COMMENT, customer, started);
        add(comments, row.get(NOTES), CommentType.INTERNAL_NOTE, assignee, ended);
        return new TranslatedInteraction(interaction, comments);
    }

    private static void add(List<Comment> comments, String body, CommentType type, String author, OffsetDateTime at) {
        if (body != null && !body.isBlank()) {
            comments.add(new Comment(body, type, author, at));
        }
    }
}
