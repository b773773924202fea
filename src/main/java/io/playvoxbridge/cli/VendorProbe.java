package io.playvoxbridge.cli;

import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.source.eightbyeight.EightByEightApi;
import io.playvoxbridge.source.gladly.GladlyApi;
import io.playvoxbridge.source.wolkvox.WolkvoxReportFeed;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The cheapest real call of each vendor's API, made once without retries, to tell whether its credentials are
 * accepted and it is reachable ({@code check}). Every call has the same short timeout, for connecting and for the
 * answer. Secrets go only into request headers; the results name the method, the URL's last path segment and the
 * status, never a credential.
 *
 * <ul>
 *   <li>Playvox: {@code GET /integrations?page=1&per_page=1}, HTTP Basic uid:key (api-facts 1.2, 1.3).</li>
 *   <li>Wolkvox: {@code GET /reports_manager.php?api=chat_4} for the last minute, header {@code wolkvox-token}
 *       (api-facts 3); a 404 "Validate dates entered" (no records in the minute) counts as accepted.</li>
 *   <li>8x8: {@code POST /oauth/v2/token} with {@code grant_type=client_credentials}, HTTP Basic clientId:secret
 *       (api-facts 4.2).</li>
 *   <li>Five9: the SOAP operation {@code getCallCountersState} (a query call: it uses none of the report limits),
 *       HTTP Basic (api-facts 5).</li>
 *   <li>Gladly: {@code GET /api/v1/agents}, HTTP Basic user:token (api-facts 6).</li>
 * </ul>
 */
final class VendorProbe {

    /** How a probe ended. */
    enum Status { OK, FAILED }

    /**
     * One vendor's result.
     *
     * @param status OK or FAILED
     * @param detail one line: what was asked and what came back (no secret)
     */
    record Result(Status status, String detail) {
        boolean ok() {
            return status == Status.OK;
        }
    }

    /** The SOAP request of Five9's {@code getCallCountersState}. */
    static final String FIVE9_COUNTERS_REQUEST = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:ser=\"http://service.admin.ws.five9.com/\"><soapenv:Header/><soapenv:Body>"
            + "<ser:getCallCountersState/></soapenv:Body></soapenv:Envelope>";

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout longest wait to connect, and again for the answer, of each call */
    VendorProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @param s settings with {@code playvox.base-url}, {@code playvox.api-uid}, {@code playvox.api-key} @return the result */
    Result playvox(BridgeSettings s) {
        String url = s.url("playvox.base-url") + "/integrations?page=1&per_page=1";
        return call("GET", url, basic(s.required("playvox.api-uid"), s.required("playvox.api-key")), null, null,
                "API key accepted", null);
    }

    /** @param s the Wolkvox settings @return the result */
    Result wolkvox(BridgeSettings s) {
        ZoneId zone = s.zone("wolkvox.time-zone");
        LocalDateTime end = LocalDateTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
        String url = s.url("wolkvox.base-url") + "/reports_manager.php?api=chat_4&date_ini="
                + WolkvoxReportFeed.WOLKVOX_DATE.format(end.minusMinutes(1)) + "&date_end="
                + WolkvoxReportFeed.WOLKVOX_DATE.format(end);
        HttpRequest.Builder request = request(url).header("wolkvox-token", s.required("wolkvox.token")).GET();
        return send("GET", url, request, "token accepted", "for the last minute",
                (status, body) -> status == 404 && body.toLowerCase(java.util.Locale.ROOT).contains("validate dates"));
    }

    /** @param s the 8x8 settings @return the result */
    Result eightByEight(BridgeSettings s) {
        String url = s.url("eightbyeight.api-base-url") + EightByEightApi.TOKEN_PATH;
        return call("POST", url, basic(s.required("eightbyeight.client-id"), s.required("eightbyeight.client-secret")),
                "application/x-www-form-urlencoded", EightByEightApi.TOKEN_REQUEST_BODY, "OAuth client accepted",
                "grant_type=client_credentials");
    }

    /** @param s the Five9 settings @return the result */
    Result five9(BridgeSettings s) {
        String url = s.url("five9.base-url") + s.optional("five9.service-path").orElse("/wsadmin/v13/AdminWebService");
        return call("POST", url, basic(s.required("five9.username"), s.required("five9.password")),
                "text/xml; charset=utf-8", FIVE9_COUNTERS_REQUEST, "user accepted", "getCallCountersState");
    }

    /** @param s the Gladly settings @return the result */
    Result gladly(BridgeSettings s) {
        String url = s.url("gladly.base-url") + GladlyApi.AGENTS_PATH;
        return call("GET", url, basic(s.required("gladly.username"), s.required("gladly.api-token")), null, null,
                "API token accepted", null);
    }

    private Result call(String method, String url, String authorization, String contentType, String body, String ok,
                        String what) {
        HttpRequest.Builder request = request(url).header("Authorization", authorization);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return send(method, url, request, ok, what, (status, b) -> false);
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json, text/xml");
    }

    private Result send(String method, String url, HttpRequest.Builder request, String ok, String what,
                        java.util.function.BiPredicate<Integer, String> alsoOk) {
        String shown = shortUrl(url);
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            String asked = method + " " + shown + (what == null ? "" : " " + what);
            if (status / 100 == 2 || alsoOk.test(status, answer.body())) {
                return new Result(Status.OK, ok + " (" + asked + ", " + status + ")");
            }
            if ((status == 403 || status == 429) && answer.body() != null
                    && answer.body().toUpperCase(java.util.Locale.ROOT).contains("LIMIT")) {
                // e.g. Wolkvox's 403 "TOKEN LIMIT EXCEEDED" or "... SIMULTANEOUS REQUESTS PER TOKEN (2)"
                return new Result(Status.FAILED, status + " from " + shown + ": a limit was reached" + excerpt(answer.body()));
            }
            if (status == 401 || status == 403) {
                return new Result(Status.FAILED, status + " from " + shown + ": credentials refused" + excerpt(answer.body()));
            }
            return new Result(Status.FAILED, status + " from " + shown + excerpt(answer.body()));
        } catch (HttpConnectTimeoutException e) {
            return new Result(Status.FAILED, "could not connect to " + hostOf(url) + " within " + timeout.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            return new Result(Status.FAILED, "no answer from " + shown + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return new Result(Status.FAILED, "cannot reach " + hostOf(url) + ": connection refused");
        } catch (IOException e) {
            return new Result(Status.FAILED, "cannot reach " + hostOf(url) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Status.FAILED, "interrupted");
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @return {@code .../<last path segment>[?query without dates]} */
    static String shortUrl(String url) {
        URI uri = URI.create(url);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        String query = uri.getQuery() == null ? "" : "?" + uri.getQuery().replaceAll("&date_(ini|end)=\\d+", "");
        return ".../" + last + query;
    }

    private static String hostOf(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** @return a short, one-line excerpt of an error answer, or nothing when it is empty */
    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
        return line.isEmpty() ? "" : " (" + (line.length() > 120 ? line.substring(0, 117) + "..." : line) + ")";
    }
}
