package io.playvoxbridge.source.eightbyeight;

import com.fasterxml.jackson.databind.JsonNode;
import io.playvoxbridge.source.eightbyeight.EightByEightApi.ReportState;
import java.util.Locale;
import java.util.Objects;

/**
 * The answer of {@code POST /detailed-reports} and of {@code GET /detailed-reports/{id}/status}
 * ({@code ResourceOfStatusResponse}, api-facts 4.2,
 * https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report): {@code {"id":64,"status":
 * "IN_PROGRESS","reason":null}}. The vendor's OpenAPI copy shows the create answer as a one-element array of that
 * object; both forms are read.
 *
 * @param id     the report id
 * @param state  its state
 * @param reason why it failed, or null
 */
public record EightByEightReportStatus(long id, ReportState state, String reason) {

    /** @throws NullPointerException if the state is missing */
    public EightByEightReportStatus {
        Objects.requireNonNull(state, "state");
    }

    /**
     * Reads a create or status answer.
     *
     * @param answer the JSON body
     * @return the status
     * @throws IllegalArgumentException if it is not JSON, has no integral {@code id}, or its {@code status} is not one
     *                                  of QUEUED, IN_PROGRESS, DONE, FAILED (the message names the value)
     */
    public static EightByEightReportStatus parse(String answer) {
        JsonNode node = EightByEightApi.readTree(answer, "8x8 report status answer");
        if (node.isArray() && node.size() == 1) {
            node = node.get(0);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("8x8 report status answer is not an object");
        }
        JsonNode id = node.get("id");
        long reportId;
        if (id != null && id.canConvertToLong() && id.isIntegralNumber()) {
            reportId = id.longValue();
        } else if (id != null && id.isTextual() && id.asText().matches("\\d{1,18}")) {
            reportId = Long.parseLong(id.asText());
        } else {
            throw new IllegalArgumentException("8x8 report status answer has no report id: " + id);
        }
        String status = EightByEightApi.text(node, "status");
        ReportState state;
        try {
            state = ReportState.valueOf(String.valueOf(status).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("8x8 report " + reportId + " has an unknown status '" + status + "'");
        }
        return new EightByEightReportStatus(reportId, state, EightByEightApi.text(node, "reason"));
    }

    /** @return whether the report's data can be read */
    public boolean done() {
        return state == ReportState.DONE;
    }

    /** @return whether the report ended without data: create another */
    public boolean failed() {
        return state == ReportState.FAILED;
    }
}
