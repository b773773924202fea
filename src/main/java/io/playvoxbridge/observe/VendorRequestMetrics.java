package io.playvoxbridge.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts every HTTP request the routes send to a vendor ({@code bridge_vendor_requests_total{vendor,status}}): a Camel
 * event notifier on {@link CamelEvent.ExchangeSentEvent} of {@code http:}/{@code https:} endpoints. Each vendor's
 * requests go through one HTTP producer per API (routes {@code wolkvox-call}, {@code playvox-call}, {@code five9-call},
 * {@code eightbyeight-*}, {@code gladly-*}), all with {@code throwExceptionOnFailure=false}, so the answer's status is
 * in {@link Exchange#HTTP_RESPONSE_CODE}; a request that got no answer (connection refused or cut, timeout) counts as
 * status {@code error}. Every attempt counts: a retried request counts once per attempt.
 *
 * <p>The vendor is found by the longest configured base URL the endpoint's URL starts with; requests to other hosts
 * are not counted.
 */
public final class VendorRequestMetrics extends EventNotifierSupport {

    /**
     * A vendor's base URL.
     *
     * @param vendor  the vendor id
     * @param baseUrl the base URL its HTTP endpoints start with
     */
    public record VendorBase(String vendor, String baseUrl) {
    }

    private final BridgeMetrics metrics;
    private final List<VendorBase> bases;

    /**
     * @param metrics where the counts go
     * @param bases   the vendors' base URLs (empty ones are ignored)
     */
    public VendorRequestMetrics(BridgeMetrics metrics, List<VendorBase> bases) {
        this.metrics = metrics;
        List<VendorBase> usable = new ArrayList<>();
        for (VendorBase b : bases) {
            if (b.baseUrl() != null && !b.baseUrl().isBlank()) {
                usable.add(new VendorBase(b.vendor(), normalise(b.baseUrl())));
            }
        }
        usable.sort(Comparator.comparingInt((VendorBase b) -> b.baseUrl().length()).reversed());
        this.bases = List.copyOf(usable);
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        String vendor = vendorOf(sent.getEndpoint());
        if (vendor == null) {
            return;
        }
        metrics.vendorRequest(vendor, status(sent.getExchange()));
    }

    /**
     * @param endpoint an endpoint a message was sent to
     * @return the vendor whose base URL the endpoint's URL starts with, or null (not an HTTP endpoint, other host)
     */
    String vendorOf(Endpoint endpoint) {
        String uri = endpoint.getEndpointUri();
        String scheme = uri == null ? "" : uri.toLowerCase(Locale.ROOT);
        if (!(scheme.startsWith("http:") || scheme.startsWith("https:"))) {
            return null;
        }
        String normalised = normalise(uri);
        for (VendorBase b : bases) {
            if (normalised.startsWith(b.baseUrl()) && (normalised.length() == b.baseUrl().length()
                    || "/?".indexOf(normalised.charAt(b.baseUrl().length())) >= 0)) {
                return b.vendor();
            }
        }
        return null;
    }

    /**
     * @param exchange the exchange after the HTTP producer
     * @return the answer's status code, or {@code error} when there was none
     */
    static String status(Exchange exchange) {
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (code != null && exchange.getException() == null) {
            return Integer.toString(code);
        }
        if (exchange.getException() instanceof org.apache.camel.http.base.HttpOperationFailedException failed) {
            return Integer.toString(failed.getStatusCode());
        }
        return code != null ? Integer.toString(code) : "error";
    }

    /** Lower-cased scheme and host, no {@code //}, no trailing slash: {@code http://H:1/a/} -> {@code http:h:1/a}. */
    static String normalise(String url) {
        String u = url.replaceFirst("^([A-Za-z]+):/*", "$1:");
        int colon = u.indexOf(':');
        int path = u.indexOf('/', colon + 1);
        int query = u.indexOf('?');
        String head = path < 0 ? (query < 0 ? u : u.substring(0, query)) : u.substring(0, path);
        String rest = path < 0 ? "" : (query < 0 ? u.substring(path) : u.substring(path, Math.max(path, query)));
        String out = head.toLowerCase(Locale.ROOT) + rest;
        return out.endsWith("/") ? out.substring(0, out.length() - 1) : out;
    }
}
