package io.playvoxbridge.source.five9;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataType;
import io.playvoxbridge.playvox.MetadataValueConverter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What both Five9 translators share: one report row (column name to cell, as {@link Five9ReportCsv} gives it) into
 * the Playvox interaction: its id, its assignee through the agent directory (source {@value #AGENT_SOURCE}, key the
 * Five9 user name in {@code AGENT}), and its metadata. Stateless and thread-safe.
 */
final class Five9RowTranslator {

    /** The {@code source} of Five9 agents in the agent directory. */
    static final String AGENT_SOURCE = "five9";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6}):([0-5]\\d):([0-5]\\d)");
    private static final int HASH_HEX_DIGITS = 40;

    private final Five9Report report;
    private final IntegrationDefinition integration;
    private final AgentDirectory agents;
    private final ZoneId zone;
    private final String defaultAssignee;

    Five9RowTranslator(Five9Report report, IntegrationDefinition integration, AgentDirectory agents, ZoneId zone,
                       String defaultAssigneeOrNull) {
        this.report = Objects.requireNonNull(report, "report");
        this.integration = Objects.requireNonNull(integration, "integration");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.defaultAssignee = defaultAssigneeOrNull == null || defaultAssigneeOrNull.isBlank()
                ? null : defaultAssigneeOrNull.strip();
    }

    /** @return the report's zone */
    ZoneId zone() {
        return zone;
    }

    /**
     * @param row the report row
     * @return the interaction: id, assignee and metadata in the order of the integration file
     * @throws InvalidRecordException for a malformed row, a missing id, an unmapped agent, a missing required field or
     *                                a value that does not fit its field
     */
    Interaction interaction(Map<String, String> row) {
        Objects.requireNonNull(row, "row");
        String problem = row.get(Five9ReportCsv.PROBLEM_KEY);
        if (problem != null) {
            throw new InvalidRecordException("malformed " + report.reportName() + " row: " + problem);
        }
        String interactionId = interactionId(report, row.get(report.idColumn()));
        String assignee = assignee(row);
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (MetadataField field : integration.metadata()) {
            Object value = convert(field, row.get(field.source()));
            if (value != null) {
                metadata.put(field.fieldId(), value);
            } else if (field.required()) {
                throw new InvalidRecordException("missing required field " + field.fieldId() + " ("
                        + report.reportName() + " column " + field.source() + ")");
            }
        }
        return new Interaction(interactionId, assignee, metadata);
    }

    /**
     * Reads a report time of the row.
     *
     * @return the time with its offset, or null when the cell is empty or absent
     * @throws InvalidRecordException if the cell is not a report time
     */
    OffsetDateTime time(Map<String, String> row, String column) {
        return Five9ReportTimes.parse(column, row.get(column), zone);
    }

    /**
     * The stable Playvox {@code interaction_id} of a row: the report's prefix and the id when that is at most 68
     * characters of {@code [A-Za-z0-9._-]}, else the prefix, {@code sha256-} and the first 40 hex digits of SHA-256 of
     * the id's UTF-8 bytes.
     *
     * @throws InvalidRecordException {@code missing <id column>} when the id is empty
     */
    static String interactionId(Five9Report report, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidRecordException("missing " + report.idColumn());
        }
        String plain = report.idPrefix() + id;
        if (plain.length() <= Interaction.MAX_INTERACTION_ID_LENGTH && SAFE_ID.matcher(id).matches()) {
            return plain;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return report.idPrefix() + "sha256-" + HexFormat.of().formatHex(hash).substring(0, HASH_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private String assignee(Map<String, String> row) {
        String agent = row.get(Five9Report.AGENT);
        String key = agent == null ? "" : agent.strip();
        if (!key.isEmpty()) {
            var user = agents.playvoxUser(AGENT_SOURCE, key);
            if (user.isPresent()) {
                return user.get();
            }
        }
        if (defaultAssignee != null) {
            return defaultAssignee;
        }
        if (key.isEmpty()) {
            throw new InvalidRecordException("unmapped agent (empty " + Five9Report.AGENT + ")");
        }
        String name = row.get(Five9Report.AGENT_NAME);
        throw new InvalidRecordException("unmapped agent " + key
                + (name == null || name.isBlank() ? "" : " (" + name.strip() + ")"));
    }

    /**
     * Converts one cell: datetime fields from report times, {@code h:mm:ss} durations into integer fields as seconds,
     * everything else by {@link MetadataValueConverter}.
     */
    private Object convert(MetadataField field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (field.type() == MetadataType.DATETIME) {
            OffsetDateTime at = Five9ReportTimes.parse(field.fieldId(), raw, zone);
            return at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (field.type() == MetadataType.INTEGER) {
            Long seconds = durationSeconds(raw);
            if (seconds != null) {
                return seconds;
            }
        }
        return MetadataValueConverter.convert(field, raw, zone);
    }

    /**
     * Reads a Five9 duration.
     *
     * @param text e.g. {@code 00:05:12} or {@code 1:02:03} (hours, minutes, seconds)
     * @return the seconds, or null when the text is null or not such a duration
     */
    static Long durationSeconds(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        return Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3));
    }
}
