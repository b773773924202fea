package io.playvoxbridge.source.eightbyeight;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every path, header, limit and response shape of the two 8x8 Contact Center APIs the {@code eightbyeight.interactions}
 * feed uses, in one place: the bridge's helpers and the sandbox's {@code EightByEightFake} both read them from here,
 * so an assumption is made once and the fake cannot drift from the client.
 *
 * <p><b>Documented</b> (api-facts 4.2, https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report
 * and https://developer.8x8.com/analytics/docs/oauth-authentication-for-8x8-xcaas-apis):
 * <ul>
 *   <li>OAuth2 client credentials: {@code POST https://api.8x8.com/oauth/v2/token}, HTTP Basic {@code clientId:secret},
 *       form field {@code grant_type=client_credentials}; the answer carries {@code access_token} and
 *       {@code expires_in}; later calls send {@code Authorization: Bearer <access_token>}; multi-tenant customers also
 *       send {@code X-Tenant-Info: <tenantId>} and get 400 without it;</li>
 *   <li>Historical Metrics base {@code /analytics/cc/v8/historical-metrics} (US; {@code /eu}, {@code /au}, {@code /ca}
 *       prefixes for the other regions);</li>
 *   <li>detailed reports: {@code POST /detailed-reports} with {@code {type,title,dateRange{start,end},timezone,metrics[],
 *       searchQuery[{field,operator,value}],includeParticipants,reportSettings{showOngoingInteractions}}}, then
 *       {@code GET /detailed-reports/{id}/data?size<=1000&lastDocumentId=...}, cursor paging whose next
 *       {@code lastDocumentId} comes back in a response header; report states {@code IN_PROGRESS}, {@code DONE},
 *       {@code FAILED};</li>
 *   <li>Data Augmentation (api-facts 4.1, https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api):
 *       base {@code https://{cluster}.8x8.com/api/v1/interaction/data}, HTTP Basic {@code tenantId:actionToken},
 *       {@code GET /guid/{guid}} (the path form of the seed's example 3) answering
 *       {@code {interactionId, channel, createTime, ani, callerName, variables[]}}; errors
 *       {@code {"status":"error","code":N,"message":...}} for 400/401/404/429/500; at most
 *       {@value #AUGMENTATION_REQUESTS_PER_MINUTE} requests a minute per tenant.</li>
 * </ul>
 *
 * <p><b>Assumed where api-facts is silent</b> (each listed in docs/feeds/eightbyeight.md; change them here):
 * <ul>
 *   <li>the report is polled at {@code GET /detailed-reports/{id}/status}, answering {@code {id,status,reason}} like
 *       the summary report's {@code /{id}/status}; the create answer has the same shape (the vendor's OpenAPI copy
 *       shows it wrapped in a one-element array: {@link EightByEightReportStatus#parse} takes both);</li>
 *   <li>the detailed report type is {@value #DETAILED_REPORT_TYPE}, with the columns of {@link #DETAILED_COLUMNS};
 *       a data page is a JSON array of rows {@code {"items":[{"key","label","value":{"value":"...","ongoing":false}}]}}
 *       (the shape of the vendor's OpenAPI copy, {@code DetailedRow}); times are ISO-8601 with the offset of the
 *       report's timezone; durations are whole milliseconds;</li>
 *   <li>the cursor header is named {@value #CURSOR_HEADER}, like the query parameter; it is sent with every non-empty
 *       page and names that page's last row; the data ends with an empty page (or a page without the header);</li>
 *   <li>{@code dateRange} is half-open {@code [start, end)} on the interaction's start time;</li>
 *   <li>Historical Metrics errors are {@code {"status":N,"error":"<reason>","message":"..."}}; the token endpoint's
 *       are OAuth2's {@code {"error":"invalid_client",...}} (RFC 6749 section 5.2); data asked for before the report
 *       is DONE is a 400;</li>
 *   <li>Data Augmentation over its limit answers 429 with its error envelope and a {@code Retry-After} header in
 *       seconds; the minute is a sliding 60 s window counted on arrival.</li>
 * </ul>
 * Stateless; the {@link ObjectMapper} is thread-safe.
 */
public final class EightByEightApi {

    /** Path of the OAuth2 token endpoint on the API host. */
    public static final String TOKEN_PATH = "/oauth/v2/token";
    /** The form body of a token request. */
    public static final String TOKEN_REQUEST_BODY = "grant_type=client_credentials";
    /** Base path of the Historical Metrics API (US region; others put a region prefix before it). */
    public static final String HISTORICAL_METRICS_PATH = "/analytics/cc/v8/historical-metrics";
    /** Region prefixes of the Historical Metrics API besides the US's empty one. */
    public static final List<String> REGION_PREFIXES = List.of("/eu", "/au", "/ca");
    /** The multi-tenant header. */
    public static final String TENANT_HEADER = "X-Tenant-Info";
    /** The cursor: query parameter of the data request, and (assumed) the response header carrying the next one. */
    public static final String CURSOR_HEADER = "lastDocumentId";
    /** Default rows per data page. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Most rows per data page. */
    public static final int MAX_PAGE_SIZE = 1000;
    /** The detailed report type of interactions (assumed). */
    public static final String DETAILED_REPORT_TYPE = "interaction-details";
    /** Base path of the Data Augmentation API on the cluster host. */
    public static final String AUGMENTATION_PATH = "/api/v1/interaction/data";
    /** Data Augmentation requests allowed per minute per tenant. */
    public static final int AUGMENTATION_REQUESTS_PER_MINUTE = 100;

    /**
     * The columns (metric keys) of a detailed interaction row, in the order the report gives them (assumed):
     * interactionGuid, startTime, endTime (ISO-8601 with offset), mediaType (Phone, Chat, Email, Voicemail), direction
     * (Inbound, Outbound), agentId, agentName, queueId, queueName, channelName, ani, callerName, talkTime, holdTime,
     * wrapUpTime (milliseconds), wrapUpCode, wrapUpNotes.
     */
    public static final List<String> DETAILED_COLUMNS = List.of("interactionGuid", "startTime", "endTime", "mediaType",
            "direction", "agentId", "agentName", "queueId", "queueName", "channelName", "ani", "callerName", "talkTime",
            "holdTime", "wrapUpTime", "wrapUpCode", "wrapUpNotes");

    /** The report's states (ResourceOfStatusResponse.status). */
    public enum ReportState {
        /** Accepted, not started. */
        QUEUED,
        /** Being built. */
        IN_PROGRESS,
        /** Ready: its data can be read. */
        DONE,
        /** Failed: create another. */
        FAILED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private EightByEightApi() {
    }

    /**
     * @param regionPrefix "" for the US, else one of {@link #REGION_PREFIXES}
     * @return {@code <prefix>/analytics/cc/v8/historical-metrics/detailed-reports}
     */
    public static String detailedReportsPath(String regionPrefix) {
        return regionPrefix + HISTORICAL_METRICS_PATH + "/detailed-reports";
    }

    /** @return {@code <prefix>/analytics/cc/v8/historical-metrics/detailed-reports/{id}/status} */
    public static String statusPath(String regionPrefix, long reportId) {
        return detailedReportsPath(regionPrefix) + "/" + reportId + "/status";
    }

    /** @return {@code <prefix>/analytics/cc/v8/historical-metrics/detailed-reports/{id}/data} */
    public static String dataPath(String regionPrefix, long reportId) {
        return detailedReportsPath(regionPrefix) + "/" + reportId + "/data";
    }

    /**
     * @param guid the interaction guid, e.g. {@code int-1628bb9dbf7-YUTGAUsGrJDvPC9DqMgJr01iy-phone-01-acme}
     * @return {@code /api/v1/interaction/data/guid/<guid, URL-encoded>}
     */
    public static String augmentationPath(String guid) {
        return AUGMENTATION_PATH + "/guid/" + URLEncoder.encode(guid, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Parses a vendor answer. On a syntax error the message gives only the position, never the text around it: an
     * answer may hold private values (Jackson's own messages quote the offending token).
     *
     * @param text the answer's body
     * @param what names the answer in the message, e.g. {@code 8x8 augmentation answer}
     * @return the tree
     * @throws IllegalArgumentException if the text is not JSON: {@code <what> is not valid JSON (line 1, column 17)}
     */
    static JsonNode readTree(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(what + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    /** @return the shared mapper (for writing request bodies and dead-letter payloads) */
    static ObjectMapper json() {
        return JSON;
    }

    /**
     * A text value of an object: a string as is, a number or boolean as its text, null/absent/other as null.
     *
     * @param node a JSON object (or null)
     * @param names field names to try in order (e.g. the current and the older Pascal-case spelling)
     */
    static String text(JsonNode node, String... names) {
        if (node == null) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }
}
