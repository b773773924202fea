package io.playvoxbridge.source.eightbyeight;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only client of the 8x8 APIs built from the feed's pure helpers: token holder (renewed when expired and once
 * on a 401), report creation, status polling, cursor paging, and Data Augmentation under the per-tenant limit. It is
 * the protocol the lead's routes will implement; tests drive the sandbox fake with it.
 */
public final class EightByEightSandboxClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiBase;
    private final String augmentationBase;
    private final String clientId;
    private final String secret;
    private final String tenantId;
    private final String actionToken;
    private final String tenantHeader;
    private final EightByEightTokenHolder tokens;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger unauthorizedRetries = new AtomicInteger();

    /**
     * @param apiBase          OAuth and Historical Metrics host, e.g. {@code http://127.0.0.1:8093}
     * @param augmentationBase Data Augmentation base, e.g. {@code http://127.0.0.1:8093/api/v1/interaction/data}
     * @param clock            the clock of the token holder
     * @param tenantHeader     the {@code X-Tenant-Info} value to send, or null
     */
    public EightByEightSandboxClient(String apiBase, String augmentationBase, String clientId, String secret,
                                     String tenantId, String actionToken, Clock clock, String tenantHeader) {
        this.apiBase = apiBase;
        this.augmentationBase = augmentationBase;
        this.clientId = clientId;
        this.secret = secret;
        this.tenantId = tenantId;
        this.actionToken = actionToken;
        this.tenantHeader = tenantHeader;
        this.tokens = new EightByEightTokenHolder(clock, EightByEightTokenHolder.DEFAULT_MARGIN);
    }

    /** @return token requests made so far */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** @return requests repeated with a new token after a 401 */
    public int unauthorizedRetries() {
        return unauthorizedRetries.get();
    }

    /** @return the raw answer of one token request */
    public HttpResponse<String> requestToken() throws IOException, InterruptedException {
        tokenRequests.incrementAndGet();
        return send(HttpRequest.newBuilder(URI.create(apiBase + EightByEightApi.TOKEN_PATH))
                .header("Authorization", EightByEightTokenHolder.basicCredentials(clientId, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(EightByEightApi.TOKEN_REQUEST_BODY)).build());
    }

    /** @return a valid {@code Bearer} header value, requesting a token when none is valid */
    public String authorization() throws IOException, InterruptedException {
        if (tokens.current().isEmpty()) {
            HttpResponse<String> answer = requestToken();
            check(answer, "token");
            tokens.accept(answer.body());
        }
        return tokens.authorization();
    }

    /**
     * One Historical Metrics request with the Bearer token; on a 401 the token is dropped and the request is sent
     * once more with a new one.
     *
     * @param pathAndQuery e.g. {@code /analytics/cc/v8/historical-metrics/detailed-reports/1000/status}
     * @param jsonBody     a body to POST, or null for a GET
     */
    public HttpResponse<String> bearer(String pathAndQuery, String jsonBody) throws IOException, InterruptedException {
        String authorization = authorization();
        HttpResponse<String> answer = send(bearerRequest(pathAndQuery, jsonBody, authorization));
        if (answer.statusCode() == 401) {
            tokens.invalidate(authorization);
            unauthorizedRetries.incrementAndGet();
            answer = send(bearerRequest(pathAndQuery, jsonBody, authorization()));
        }
        return answer;
    }

    private HttpRequest bearerRequest(String pathAndQuery, String jsonBody, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiBase + pathAndQuery))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(30));
        if (tenantHeader != null) {
            b.header(EightByEightApi.TENANT_HEADER, tenantHeader);
        }
        return jsonBody == null ? b.GET().build()
                : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build();
    }

    /** Creates a detailed report. */
    public EightByEightReportStatus create(EightByEightReportRequest request) throws IOException, InterruptedException {
        HttpResponse<String> answer = bearer(EightByEightApi.detailedReportsPath(""), request.toJsonText());
        check(answer, "create report");
        return EightByEightReportStatus.parse(answer.body());
    }

    /** Polls the status until it is DONE or FAILED, at most {@code maxPolls} times. */
    public EightByEightReportStatus awaitEnd(long reportId, int maxPolls) throws IOException, InterruptedException {
        for (int i = 0; i < maxPolls; i++) {
            HttpResponse<String> answer = bearer(EightByEightApi.statusPath("", reportId), null);
            check(answer, "report status");
            EightByEightReportStatus status = EightByEightReportStatus.parse(answer.body());
            if (status.done() || status.failed()) {
                return status;
            }
        }
        throw new IllegalStateException("report " + reportId + " still running after " + maxPolls + " polls");
    }

    /** Reads every page of a DONE report with the cursor; {@code pages} receives the page count. */
    public List<EightByEightDetailedRow> readAll(long reportId, int pageSize, int[] pages)
            throws IOException, InterruptedException {
        List<EightByEightDetailedRow> rows = new ArrayList<>();
        EightByEightCursor cursor = EightByEightCursor.first(pageSize);
        while (!cursor.done()) {
            HttpResponse<String> answer = bearer(EightByEightApi.dataPath("", reportId) + "?" + cursor.query(), null);
            check(answer, "report data");
            List<EightByEightDetailedRow> page = EightByEightDetailedRow.parsePage(answer.body());
            rows.addAll(page);
            cursor = cursor.next(page.size(), answer.headers().firstValue(EightByEightApi.CURSOR_HEADER).orElse(null));
        }
        if (pages != null) {
            pages[0] = cursor.pages();
        }
        return rows;
    }

    /** The whole flow for one window: create, poll, read. */
    public List<EightByEightDetailedRow> report(EightByEightReportRequest request, int pageSize)
            throws IOException, InterruptedException {
        EightByEightReportStatus created = create(request);
        EightByEightReportStatus end = created.done() ? created : awaitEnd(created.id(), 20);
        if (end.failed()) {
            throw new IllegalStateException("report " + end.id() + " failed: " + end.reason());
        }
        return readAll(end.id(), pageSize, null);
    }

    /** One Data Augmentation GET by guid (no limit applied here). */
    public HttpResponse<String> augmentation(String guid) throws IOException, InterruptedException {
        String path = EightByEightApi.augmentationPath(guid).substring(EightByEightApi.AUGMENTATION_PATH.length());
        return send(HttpRequest.newBuilder(URI.create(augmentationBase + path))
                .header("Authorization", EightByEightTokenHolder.basicCredentials(tenantId, actionToken))
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** Sends a request and reads the body as UTF-8. */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void check(HttpResponse<String> answer, String what) {
        if (answer.statusCode() / 100 != 2) {
            throw new HttpFailure(answer.statusCode(), "8x8 " + what + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
    }

    /** A request answered with another status than 2xx. */
    public static final class HttpFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HttpFailure(int status, String message) {
            super(message);
            this.status = status;
        }

        /** @return whether a retry may succeed: 5xx, 429, or 401 (a token that expired early) */
        public boolean retryable() {
            return status >= 500 || status == 429 || status == 401;
        }
    }
}
