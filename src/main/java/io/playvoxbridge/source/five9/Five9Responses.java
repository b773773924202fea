package io.playvoxbridge.source.five9;

import io.playvoxbridge.http.HttpStatusCheck;
import io.playvoxbridge.http.VendorHttpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads the answers of the {@code five9-call} route (camel-http, {@code throwExceptionOnFailure=false},
 * {@code disableStreamCache=true}) with {@link Five9SoapResponses}, by the operation in the
 * {@value Five9CallPacer#OPERATION_HEADER} header (api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/runReport.htm and the
 * {@code isReportRunning.htm}, {@code getReportResultCsv.htm} pages next to it):
 * <ul>
 *   <li>{@code runReport}: body becomes the report's identifier (String);</li>
 *   <li>{@code isReportRunning}: body becomes a Boolean, true while the report runs;</li>
 *   <li>{@code getReportResultCsv}: the answer is copied to a temp file (the user is free for the next call as soon
 *       as the download ends; the CSV is never a String in memory), then read through once with
 *       {@link Five9ReportCsv} to count its rows and to find a cut or broken answer while the request can still be
 *       retried; body becomes a {@link Five9Result}. The report and its range come from the exchange properties
 *       {@value #REPORT_PROPERTY} and {@value #RANGE_PROPERTY}.</li>
 * </ul>
 * A SOAP fault is a {@link Five9FaultException}; another non-200 a {@link VendorHttpException} (with
 * {@code Retry-After} for a 429); a broken 200 a {@link Five9MalformedResponseException} or another
 * {@link IOException}: the {@code vendor-request} configuration retries what is retryable. Credentials are never
 * logged: the {@code Authorization} header is made here and removed right after the call.
 */
public final class Five9Responses {

    /** Exchange property with the {@link Five9Report} being read. */
    public static final String REPORT_PROPERTY = "five9Report";
    /** Exchange property with the {@link Five9Range} being read. */
    public static final String RANGE_PROPERTY = "five9Range";
    /** Exchange property with the report zone. */
    public static final String ZONE_PROPERTY = "five9Zone";

    private final HttpStatusCheck statusCheck;
    private final String authorization;

    /**
     * @param statusCheck reads {@code Retry-After}
     * @param username    the administrator user
     * @param password    its password
     */
    public Five9Responses(HttpStatusCheck statusCheck, String username, String password) {
        this.statusCheck = statusCheck;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the value of the {@code Authorization} header (HTTP Basic); never log it */
    public String authorization() {
        return authorization;
    }

    /**
     * @param exchange after the HTTP call; its body is the raw answer stream
     * @throws Five9FaultException              for a SOAP fault
     * @throws VendorHttpException              for another error status
     * @throws IOException                      for an answer that cannot be read (cut, malformed)
     * @throws Five9ReportException             for a result without the report's required columns
     */
    public void handle(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String operation = m.getHeader(Five9CallPacer.OPERATION_HEADER, String.class);
        InputStream body = m.getBody(InputStream.class);
        if (body == null) {
            body = InputStream.nullInputStream();
        }
        if (status == 429) {
            String text;
            try (InputStream in = body) {
                text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            throw new VendorHttpException("five9", status, text, statusCheck.retryAfter(m));
        }
        switch (operation == null ? "" : operation) {
            case "runReport" -> m.setBody(Five9SoapResponses.runReportIdentifier(status, body));
            case "isReportRunning" -> m.setBody(Five9SoapResponses.isReportRunning(status, body));
            case "getReportResultCsv" -> m.setBody(result(exchange, status, body));
            default -> throw new IllegalStateException("unknown Five9 operation header: " + operation);
        }
    }

    private static Five9Result result(Exchange exchange, int status, InputStream body) throws IOException {
        if (status != 200) {
            Five9SoapResponses.reportResultCsv(status, body).close(); // throws the fault or status error
            throw new Five9MalformedResponseException("Five9 answered HTTP " + status + " without a fault", null);
        }
        Path file = Files.createTempFile("five9-", ".xml");
        try {
            try (InputStream in = body) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Five9Report report = exchange.getProperty(REPORT_PROPERTY, Five9Report.class);
            Five9Range range = exchange.getProperty(RANGE_PROPERTY, Five9Range.class);
            java.time.ZoneId zone = exchange.getProperty(ZONE_PROPERTY, java.time.ZoneId.class);
            Five9Result result = new Five9Result(file, 0);
            int rows = 0;
            try (Five9ReportCsv csv = Five9ReportCsv.open(Five9SoapResponses.reportResultCsv(200, result.open()),
                    report, new Five9ReportTimes(zone, range))) {
                while (csv.hasNext()) {
                    csv.next();
                    rows++;
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return new Five9Result(file, rows);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
