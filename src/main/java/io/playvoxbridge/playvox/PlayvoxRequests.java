package io.playvoxbridge.playvox;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Sends one request to Playvox through the {@code playvox-request} route, so Java-side calls (integration setup)
 * share the routes' rate limit, retries and logs.
 */
public final class PlayvoxRequests {

    /** The route every Playvox call goes through. */
    public static final String ENDPOINT = "direct:playvox-request";

    private final ProducerTemplate template;

    /** @param template a producer template of the running Camel context */
    public PlayvoxRequests(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * @param method HTTP method
     * @param path   path below {@code playvox.base-url}, e.g. {@code /integrations}
     * @param query  query string without {@code ?}, or null
     * @param body   JSON body, or null
     * @return the answer's body (2xx)
     * @throws RuntimeException the route's failure after its retries ({@link io.playvoxbridge.http.VendorHttpException}
     *                          for an HTTP status, an I/O exception for the network)
     */
    public String send(String method, String path, String query, String body) {
        Exchange result = template.send(ENDPOINT, ex -> {
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            ex.getMessage().setHeader(Exchange.HTTP_PATH, path);
            if (query != null) {
                ex.getMessage().setHeader(Exchange.HTTP_QUERY, query);
            }
            ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            ex.getMessage().setBody(body);
        });
        if (result.getException() != null) {
            Exception e = result.getException();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
        return result.getMessage().getBody(String.class);
    }
}
