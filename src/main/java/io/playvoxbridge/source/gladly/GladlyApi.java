package io.playvoxbridge.source.gladly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.http.HttpStatusCheck;
import io.playvoxbridge.http.VendorHttpException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The request shapes of Gladly's REST API that the conversations feed uses, and the reading of its answers, for the
 * {@code gladly-call} route (camel-http with {@code throwExceptionOnFailure=false} and {@code disableStreamCache=true}).
 * Follows api-facts 6 and GLADLY-OAS https://developer.gladly.com/rest/:
 * <ul>
 *   <li>auth: HTTP Basic, user = the API user's agent e-mail, password = its API token ({@link #authorization()});</li>
 *   <li>{@value #EVENTS_PATH}{@code ?startAt=ISO&endAt=ISO&entities=CONVERSATION} ("List events"): JSONL, spooled
 *       to a temp file, the body becomes its {@link Path};</li>
 *   <li>{@code /api/v1/conversations/{id}/items} ("List items in conversation") and {@value #AGENTS_PATH}
 *       ("List Agents"): JSON arrays, the body becomes the parsed {@link JsonNode}; header
 *       {@value #LIMITED_DATA_HEADER} stays on the message;</li>
 *   <li>any other status: {@link VendorHttpException} (429 and 5xx retryable, with {@code Retry-After}); every answer
 *       first goes to the {@link GladlyRequestGate}.</li>
 * </ul>
 * The token is never logged (the header is set from here and removed after the call). Thread-safe.
 */
public final class GladlyApi {

    /** Vendor id in errors and logs. */
    public static final String VENDOR = "gladly";
    /** Path of the events API. */
    public static final String EVENTS_PATH = "/api/v1/events";
    /** Path of the agent list. */
    public static final String AGENTS_PATH = "/api/v1/agents";
    /** Header of an items answer cut at 1000 items. */
    public static final String LIMITED_DATA_HEADER = "Gladly-Limited-Data";

    private final String authorization;
    private final GladlyRequestGate gate;
    private final HttpStatusCheck statusCheck;
    private final ObjectMapper json;

    /**
     * @param username    the API user's e-mail ({@code gladly.username})
     * @param apiToken    its API token ({@code gladly.api-token})
     * @param gate        told of every answer
     * @param statusCheck reads {@code Retry-After} of error answers
     * @param json        parses JSON answers
     */
    public GladlyApi(String username, String apiToken, GladlyRequestGate gate, HttpStatusCheck statusCheck,
                     ObjectMapper json) {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (Objects.requireNonNull(username, "username") + ":" + Objects.requireNonNull(apiToken, "apiToken"))
                        .getBytes(StandardCharsets.UTF_8));
        this.gate = Objects.requireNonNull(gate, "gate");
        this.statusCheck = Objects.requireNonNull(statusCheck, "statusCheck");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** @return the {@code Authorization} header value ({@code Basic base64(user:token)}); never log it */
    public String authorization() {
        return authorization;
    }

    /**
     * @param window the window
     * @return the events query: {@code startAt=<from>&endAt=<to>&entities=CONVERSATION}, instants in UTC ISO-8601
     *         (startAt inclusive, endAt exclusive)
     */
    public static String eventsQuery(FeedWindow window) {
        return "startAt=" + encode(window.from().toString()) + "&endAt=" + encode(window.to().toString())
                + "&entities=CONVERSATION";
    }

    /**
     * @param conversationId a conversation id
     * @return {@code /api/v1/conversations/<id, URL-encoded>/items}
     */
    public static String itemsPath(String conversationId) {
        return "/api/v1/conversations/" + encode(conversationId) + "/items";
    }

    /**
     * Reads the answer of one call.
     *
     * @param exchange after the camel-http call; header {@code CamelHttpPath} says which call it was
     * @throws VendorHttpException    for a non-2xx answer (the body, at most 8 KB, in the message)
     * @throws IOException            when the body cannot be read to its end (connection cut): retried
     * @throws InvalidRecordException when a JSON answer is not JSON (not retried)
     */
    public void handle(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        gate.answered(status, name -> m.getHeader(name, String.class));
        String path = m.getHeader(Exchange.HTTP_PATH, String.class);
        InputStream body = m.getBody(InputStream.class);
        if (status < 200 || status >= 300) {
            String text;
            try (InputStream in = body) {
                text = in == null ? "" : new String(in.readNBytes(8192), StandardCharsets.UTF_8);
            }
            throw new VendorHttpException(VENDOR, status, text, statusCheck.retryAfter(m));
        }
        if (EVENTS_PATH.equals(path)) {
            Path file = Files.createTempFile("gladly-events-", ".jsonl");
            try (InputStream in = body) {
                if (in != null) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            m.setBody(file);
            return;
        }
        try (InputStream in = body) {
            m.setBody(in == null ? json.missingNode() : json.readTree(in));
        } catch (JsonEOFException e) {
            throw e; // cut short: read it again
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("answer of GET " + path + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * @param exchange the answer's exchange
     * @return whether the answer carried {@value #LIMITED_DATA_HEADER}{@code : true}
     */
    public static boolean limited(Exchange exchange) {
        return "true".equalsIgnoreCase(String.valueOf(exchange.getMessage().getHeader(LIMITED_DATA_HEADER)).strip());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
