package io.playvoxbridge.source.gladly;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The Content Enricher's strategy of the record route: the items answer ({@code GET /api/v1/conversations/{id}/items},
 * a JSON array; GLADLY-OAS https://developer.gladly.com/rest/ "List items in conversation") goes into the exchange
 * properties {@value #ITEMS} and {@value #LIMITED}, and the record's body (the close event's JSON, the dead-letter
 * payload) stays as it was. A failed call is not aggregated (Camel sets its exception on the record's exchange).
 */
public final class GladlyItemsAggregation implements AggregationStrategy {

    /** Property with the items answer ({@code JsonNode}). */
    public static final String ITEMS = "gladlyItems";
    /** Property: whether the answer had {@code Gladly-Limited-Data: true} ({@code Boolean}). */
    public static final String LIMITED = "gladlyItemsLimited";

    /**
     * @param original the record's exchange
     * @param resource the items call's exchange
     * @return the record's exchange with the two properties set
     */
    @Override
    public Exchange aggregate(Exchange original, Exchange resource) {
        if (resource == null) {
            return original;
        }
        original.setProperty(ITEMS, resource.getMessage().getBody());
        original.setProperty(LIMITED, GladlyApi.limited(resource));
        return original;
    }
}
