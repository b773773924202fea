package io.playvoxbridge.source.five9;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A minimal Five9 report client for tests: the pure classes of this package over {@link HttpClient}, one request at a
 * time, as a route would chain them (runReport, isReportRunning until false, getReportResultCsv, rows).
 */
public final class Five9SandboxClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI service;
    private final String authorization;

    /**
     * @param serviceUrl the endpoint, e.g. {@code http://127.0.0.1:8093/wsadmin/v13/AdminWebService}
     * @param user       administrator user
     * @param password   its password
     */
    public Five9SandboxClient(String serviceUrl, String user, String password) {
        this.service = URI.create(serviceUrl);
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the raw answer to a SOAP request body */
    public HttpResponse<InputStream> post(byte[] body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(service)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", Five9SoapRequests.CONTENT_TYPE)
                .header("SOAPAction", "\"\"")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** runReport for a report with its default folder and name. */
    public String runReport(Five9Report report, Five9Range range) throws IOException {
        HttpResponse<InputStream> answer = post(Five9SoapRequests.runReport(report.folderName(), report.reportName(),
                range, Five9ReportTimes.PACIFIC));
        return Five9SoapResponses.runReportIdentifier(answer.statusCode(), answer.body());
    }

    /** isReportRunning. */
    public boolean isReportRunning(String identifier, long timeoutSeconds) throws IOException {
        HttpResponse<InputStream> answer = post(Five9SoapRequests.isReportRunning(identifier, timeoutSeconds));
        return Five9SoapResponses.isReportRunning(answer.statusCode(), answer.body());
    }

    /** getReportResultCsv, as a stream. */
    public Reader resultCsv(String identifier) throws IOException {
        HttpResponse<InputStream> answer = post(Five9SoapRequests.getReportResultCsv(identifier));
        return Five9SoapResponses.reportResultCsv(answer.statusCode(), answer.body());
    }

    /** Waits for a report with long polls of 5 s. */
    public void awaitReport(String identifier) throws IOException {
        while (isReportRunning(identifier, Five9SoapRequests.RECOMMENDED_POLL_TIMEOUT_SECONDS)) {
            // Five9 answered after the timeout: poll again
        }
    }

    /** @return every row of one report run for the range (runReport, polls, result) */
    public List<Map<String, String>> report(Five9Report report, Five9Range range) throws IOException {
        String identifier = runReport(report, range);
        awaitReport(identifier);
        return rows(identifier, report, range);
    }

    /** @return every row of a finished report */
    public List<Map<String, String>> rows(String identifier, Five9Report report, Five9Range range) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Five9ReportCsv rows = Five9ReportCsv.open(resultCsv(identifier), report,
                new Five9ReportTimes(Five9ReportTimes.PACIFIC, range))) {
            rows.forEachRemaining(out::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    /**
     * @return every row of a window, read as the splitter plans it: ranges cut at daylight-saving changes and halved
     *         while a result reaches the limit; rows of boundary seconds may come twice
     */
    public List<Map<String, String>> window(Five9Report report, Five9RangeSplitter splitter, Instant from, Instant to)
            throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        Five9RangeSplitter.Plan plan = splitter.plan(from, to);
        while (plan.hasNext()) {
            Five9Range range = plan.next();
            List<Map<String, String>> rows = report(report, range);
            if (plan.complete(range, rows.size())) {
                out.addAll(rows);
            }
        }
        return out;
    }
}
