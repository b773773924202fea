package io.playvoxbridge.source.eightbyeight;

import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.http.HttpStatusCheck;
import io.playvoxbridge.http.VendorHttpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of the 8x8 request routes (in {@code routes/sources/eightbyeight-interactions.camel.yaml}): they set the
 * headers of each camel-http call and read its answer. Shapes and paths come from {@link EightByEightApi}.
 * <ul>
 *   <li>Token (https://developer.8x8.com/analytics/docs/oauth-authentication-for-8x8-xcaas-apis, api-facts 4.2):
 *       {@code POST {api}/oauth/v2/token}, HTTP Basic {@code clientId:secret}, form
 *       {@code grant_type=client_credentials}; kept in an {@link EightByEightTokenHolder} until 60 s before
 *       {@code expires_in} runs out.</li>
 *   <li>Historical Metrics (https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report):
 *       {@code Authorization: Bearer <token>}, plus {@code X-Tenant-Info: <tenantId>} for multi-tenant customers;
 *       the request is described by the exchange properties {@value #METHOD}, {@value #PATH}, {@value #QUERY},
 *       {@value #BODY}. A 401 drops the refused token ({@value #TOKEN_REFUSED} tells the route to send once more
 *       with a new one); a second 401 is an error.</li>
 *   <li>Data Augmentation (https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api,
 *       api-facts 4.1): {@code GET {augmentation}/guid/{guid}}, HTTP Basic {@code tenantId:actionToken}; the
 *       answer is parsed at once, private values masked ({@link EightByEightAugmentation}), and the raw answer
 *       dropped from the exchange: a private value never outlives this class.</li>
 * </ul>
 * Errors: non-2xx answers become {@link VendorHttpException} (429 and 5xx are retried by the route configuration
 * {@code vendor-request}); a 2xx answer that is not JSON becomes {@link EightByEightAnswerException} (retried too).
 * Credentials and tokens are only ever set as headers, removed after each call, and never logged. Thread-safe.
 */
public final class EightByEightRequests {

    /** The vendor id in error messages. */
    public static final String VENDOR = "eightbyeight";
    /** Exchange property: HTTP method of the next Historical Metrics request. */
    public static final String METHOD = "eightbyeightMethod";
    /** Exchange property: its path on the API host (region prefix included). */
    public static final String PATH = "eightbyeightPath";
    /** Exchange property: its query string, or absent. */
    public static final String QUERY = "eightbyeightQuery";
    /** Exchange property: its JSON body, or absent. */
    public static final String BODY = "eightbyeightBody";
    /** Exchange property set (true) when the API refused the token with a 401: send once more with a new one. */
    public static final String TOKEN_REFUSED = "eightbyeightTokenRefused";
    /** Exchange property: the cursor header of the last data page, or absent. */
    public static final String NEXT_CURSOR = "eightbyeightNextCursor";
    /** Exchange property: the guid of the Data Augmentation request. */
    public static final String GUID = "eightbyeightGuid";
    /** Exchange property: the interaction's augmentation (masked), or absent when 8x8 holds none (404). */
    public static final String AUGMENTATION = "eightbyeightAugmentation";

    private static final String SENT_AUTHORIZATION = "eightbyeightSentAuthorization";
    private static final Logger LOG = LoggerFactory.getLogger(EightByEightRequests.class);

    private final EightByEightTokenHolder tokens;
    private final String tokenCredentials;
    private final String augmentationCredentials;
    private final String tenantHeader;
    private final HttpStatusCheck statusCheck;

    /**
     * @param tokens       the token holder
     * @param clientId     OAuth client id ({@code eightbyeight.client-id})
     * @param clientSecret its secret ({@code eightbyeight.client-secret})
     * @param tenantId     the tenant ({@code eightbyeight.tenant-id})
     * @param actionToken  the Data Augmentation action token ({@code eightbyeight.action-token})
     * @param multiTenant  whether to send {@code X-Tenant-Info}
     * @param statusCheck  reads {@code Retry-After}
     */
    public EightByEightRequests(EightByEightTokenHolder tokens, String clientId, String clientSecret, String tenantId,
                                String actionToken, boolean multiTenant, HttpStatusCheck statusCheck) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.tokenCredentials = EightByEightTokenHolder.basicCredentials(clientId, clientSecret);
        this.augmentationCredentials = "Basic " + Base64.getEncoder()
                .encodeToString((tenantId + ":" + actionToken).getBytes(StandardCharsets.UTF_8));
        this.tenantHeader = multiTenant ? tenantId : null;
        this.statusCheck = Objects.requireNonNull(statusCheck, "statusCheck");
    }

    /** @return true when no token is held or it is about to expire: the route gets a new one first */
    public boolean needsToken() {
        return tokens.current().isEmpty();
    }

    /**
     * Prepares {@code POST /oauth/v2/token}: headers cleared (Camel's redelivery counters kept), HTTP Basic, form body.
     *
     * @param exchange the exchange
     */
    public void tokenRequest(Exchange exchange) {
        Message m = clear(exchange);
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.HTTP_PATH, EightByEightApi.TOKEN_PATH);
        m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        m.setHeader("Authorization", tokenCredentials);
        m.setBody(EightByEightApi.TOKEN_REQUEST_BODY);
    }

    /**
     * Keeps the token of the answer.
     *
     * @param exchange the exchange after the token call
     * @throws VendorHttpException          for a non-2xx answer (401 {@code invalid_client}: wrong client id or secret)
     * @throws EightByEightAnswerException  when a 2xx answer is not a token answer
     * @throws IOException                  when the body cannot be read
     */
    public void acceptToken(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        m.removeHeader("Authorization");
        statusCheck.check(exchange, VENDOR);
        try {
            tokens.accept(text(m.getBody()));
        } catch (IllegalArgumentException e) {
            throw new EightByEightAnswerException(e.getMessage());
        }
        m.setBody(null);
        LOG.debug("8x8 access token renewed ({})", tokens);
    }

    /**
     * Prepares one Historical Metrics request from the properties {@value #METHOD}, {@value #PATH}, {@value #QUERY}
     * and {@value #BODY}, with the held token.
     *
     * @param exchange the exchange
     * @throws IllegalStateException when no valid token is held (the route fetches one first)
     */
    public void analyticsRequest(Exchange exchange) {
        Message m = clear(exchange);
        String authorization = tokens.authorization();
        exchange.setProperty(SENT_AUTHORIZATION, authorization);
        m.setHeader(Exchange.HTTP_METHOD, exchange.getProperty(METHOD, "GET", String.class));
        m.setHeader(Exchange.HTTP_PATH, exchange.getProperty(PATH, String.class));
        String query = exchange.getProperty(QUERY, String.class);
        if (query != null && !query.isEmpty()) {
            m.setHeader(Exchange.HTTP_QUERY, query);
        }
        m.setHeader("Authorization", authorization);
        if (tenantHeader != null) {
            m.setHeader(EightByEightApi.TENANT_HEADER, tenantHeader);
        }
        String body = exchange.getProperty(BODY, String.class);
        if (body != null) {
            m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        m.setBody(body);
    }

    /**
     * First look at a Historical Metrics answer: removes the token header; on a 401 drops the refused token and sets
     * {@value #TOKEN_REFUSED}; keeps the cursor header in {@value #NEXT_CURSOR}; reads the body as text.
     *
     * @param exchange the exchange after the call
     * @throws IOException when the body cannot be read
     */
    public void analyticsAnswer(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        m.removeHeader("Authorization");
        String sent = exchange.getProperty(SENT_AUTHORIZATION, String.class);
        exchange.removeProperty(SENT_AUTHORIZATION);
        m.setBody(text(m.getBody()));
        if (status(m) == 401) {
            tokens.invalidate(sent);
            exchange.setProperty(TOKEN_REFUSED, true);
            LOG.info("8x8 refused the access token (401): it was dropped and a new one is requested");
        }
        exchange.setProperty(NEXT_CURSOR, m.getHeader(EightByEightApi.CURSOR_HEADER, String.class));
    }

    /**
     * Last look at a Historical Metrics answer: passes a 2xx JSON answer.
     *
     * @param exchange the exchange after the call (and the resend after a 401)
     * @throws VendorHttpException         for a non-2xx answer (a second 401 included)
     * @throws EightByEightAnswerException when a 2xx body is not JSON
     * @throws IOException                 when the body cannot be read
     */
    public void analyticsChecked(Exchange exchange) throws IOException {
        exchange.removeProperty(TOKEN_REFUSED);
        statusCheck.check(exchange, VENDOR);
        try {
            EightByEightApi.readTree(exchange.getMessage().getBody(String.class), "8x8 Historical Metrics answer");
        } catch (IllegalArgumentException e) {
            throw new EightByEightAnswerException(e.getMessage());
        }
    }

    /**
     * Prepares {@code GET {augmentation-base-url}/guid/{guid}} for the guid in {@value #GUID}.
     *
     * @param exchange the exchange
     */
    public void augmentationRequest(Exchange exchange) {
        Message m = clear(exchange);
        String path = EightByEightApi.augmentationPath(exchange.getProperty(GUID, String.class))
                .substring(EightByEightApi.AUGMENTATION_PATH.length());
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_PATH, path);
        m.setHeader("Authorization", augmentationCredentials);
        m.setBody(null);
    }

    /**
     * Reads a Data Augmentation answer into {@value #AUGMENTATION} (masked), and at once replaces the body by the row
     * the request was made for (the exchange property {@value EightByEightInteractionsFeed#ROW}), so the raw answer
     * never reaches a dead letter or a log line.
     *
     * @param exchange the exchange after the call
     * @throws VendorHttpException         for 401/403/429/5xx and the like (429 and 5xx are retried)
     * @throws InvalidRecordException      for 400: 8x8 refuses the request of this interaction (a dead letter)
     * @throws EightByEightAnswerException when a 200 is not a readable answer (retried)
     * @throws IOException                 when the body cannot be read
     */
    public void augmentationAnswer(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        m.removeHeader("Authorization");
        exchange.removeProperty(AUGMENTATION);
        int status = status(m);
        String body = text(m.getBody());
        m.setBody(exchange.getProperty(EightByEightInteractionsFeed.ROW));
        if (status >= 200 && status < 300) {
            try {
                exchange.setProperty(AUGMENTATION, EightByEightAugmentation.parse(body));
            } catch (IllegalArgumentException e) {
                throw new EightByEightAnswerException(e.getMessage());
            }
            return;
        }
        if (status == 404) {
            LOG.debug("8x8 holds no augmentation for interaction {} (404)", exchange.getProperty(GUID));
            return;
        }
        String message = errorMessage(body);
        if (status == 400) {
            throw new InvalidRecordException("8x8 Data Augmentation refused the request of this interaction (HTTP 400): "
                    + message);
        }
        throw new VendorHttpException(VENDOR, status, "Data Augmentation: " + message, statusCheck.retryAfter(m));
    }

    /** The {@code message} of an error envelope {@code {"status":"error","code":N,"message":...}}, else a note. */
    private static String errorMessage(String body) {
        try {
            String message = EightByEightApi.text(EightByEightApi.readTree(body, "8x8 error answer"), "message");
            return message == null ? "(no message)" : message;
        } catch (IllegalArgumentException e) {
            return "(an answer that is not an error envelope)";
        }
    }

    private static Message clear(Exchange exchange) {
        Message m = exchange.getMessage();
        // drop what came with the exchange, but keep Camel's redelivery headers: the retry counter lives there
        m.removeHeaders("*", "CamelRedelivery*");
        return m;
    }

    private static int status(Message m) {
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? 0 : status;
    }

    private static String text(Object body) throws IOException {
        if (body == null) {
            return "";
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return body.toString();
    }
}
