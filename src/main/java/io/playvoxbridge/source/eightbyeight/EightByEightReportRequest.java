package io.playvoxbridge.source.eightbyeight;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /detailed-reports} for one window of the {@code eightbyeight.interactions} feed (api-facts
 * 4.2, https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report):
 * <pre>
 * {"type":"interaction-details","title":"playvox-bridge eightbyeight.interactions 2026-11-21T14:00:00Z/...",
 *  "dateRange":{"start":"2026-11-21T14:00:00.000Z","end":"2026-11-21T15:00:00.000Z"},
 *  "timezone":"America/New_York","metrics":["interactionGuid","startTime",...],
 *  "includeParticipants":false,"reportSettings":{"showOngoingInteractions":false}}
 * </pre>
 * {@code dateRange} is read as half-open {@code [start, end)} on the start time (assumed); instants are written in
 * UTC with milliseconds, as the vendor's examples ({@code 2018-10-06T14:57:33.410Z}). Ongoing interactions are left
 * out: they come in a later window's lookback, once ended. {@code searchQuery} is not sent (no filter).
 *
 * @param type     the report type, {@value EightByEightApi#DETAILED_REPORT_TYPE}
 * @param title    a title that names the feed and the window
 * @param start    window start, included
 * @param end      window end, excluded; after start
 * @param timezone the zone 8x8 writes the row times in
 * @param metrics  the columns asked for, non-empty
 */
public record EightByEightReportRequest(String type, String title, Instant start, Instant end, ZoneId timezone,
                                        List<String> metrics) {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** @throws IllegalArgumentException if the window is empty or reversed, or no metric is asked */
    public EightByEightReportRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(timezone, "timezone");
        metrics = List.copyOf(metrics);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("8x8 report window must end after it starts: [" + start + ", " + end + ")");
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("an 8x8 detailed report needs at least one metric");
        }
    }

    /**
     * The request of one feed window, asking every column of {@link EightByEightApi#DETAILED_COLUMNS}.
     *
     * @param start    window start, included
     * @param end      window end, excluded
     * @param timezone the contact center's zone
     * @return the request
     */
    public static EightByEightReportRequest forWindow(Instant start, Instant end, ZoneId timezone) {
        return new EightByEightReportRequest(EightByEightApi.DETAILED_REPORT_TYPE,
                "playvox-bridge eightbyeight.interactions " + start + "/" + end, start, end, timezone,
                EightByEightApi.DETAILED_COLUMNS);
    }

    /** @return the body as an ordered map, ready for Jackson */
    public Map<String, Object> toJson() {
        Map<String, Object> dateRange = new LinkedHashMap<>();
        dateRange.put("start", INSTANT.format(start));
        dateRange.put("end", INSTANT.format(end));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("title", title);
        json.put("dateRange", dateRange);
        json.put("timezone", timezone.getId());
        json.put("metrics", metrics);
        json.put("includeParticipants", false);
        json.put("reportSettings", Map.of("showOngoingInteractions", false));
        return json;
    }

    /** @return the body as JSON text */
    public String toJsonText() {
        try {
            return EightByEightApi.json().writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the 8x8 report request", e);
        }
    }
}
