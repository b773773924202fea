package io.playvoxbridge.source.eightbyeight;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.FeedWiring;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.state.DeliveryLog;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Binds the beans of the 8x8 feed when it runs ({@link ActiveFeeds}): {@code eightbyeight-interactions}
 * (Historical Metrics detailed reports + Data Augmentation). Settings: {@code eightbyeight.api-base-url},
 * {@code eightbyeight.augmentation-base-url}, {@code eightbyeight.client-id}, {@code eightbyeight.client-secret},
 * {@code eightbyeight.tenant-id}, {@code eightbyeight.action-token}, {@code eightbyeight.time-zone},
 * {@code eightbyeight.region}, {@code eightbyeight.multi-tenant},
 * {@code eightbyeight.augmentation.requests-per-minute} (1-100, 8x8's limit per tenant) and per feed
 * {@code eightbyeight.interactions.*}. Follows https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report
 * and https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api (api-facts 4).
 *
 * <p>Beans: {@code eightByEightRequests} ({@link EightByEightRequests}) and {@code eightByEightInteractionsFeed}
 * ({@link EightByEightInteractionsFeed}).
 */
public final class EightByEightFeeds {

    /** Default longest window per report. */
    public static final Duration DEFAULT_MAX_WINDOW = Duration.ofHours(1);

    private EightByEightFeeds() {
    }

    /**
     * @param w the shared wiring
     * @throws BridgeConfigurationException naming the key of a bad 8x8 setting
     */
    public static void configure(FeedWiring w) {
        BridgeSettings s = w.settings();
        s.url("eightbyeight.api-base-url");
        s.url("eightbyeight.augmentation-base-url");
        String clientId = s.required("eightbyeight.client-id");
        String secret = s.required("eightbyeight.client-secret");
        String tenant = s.required("eightbyeight.tenant-id");
        String actionToken = s.required("eightbyeight.action-token");
        if (tenant.contains(":")) {
            throw new BridgeConfigurationException("eightbyeight.tenant-id: must not contain ':' (it is the HTTP Basic user)");
        }
        ZoneId zone = s.zone("eightbyeight.time-zone");
        String region = regionPrefix(s.optional("eightbyeight.region").orElse("us"));
        boolean multiTenant = s.bool("eightbyeight.multi-tenant", false);
        s.integer("eightbyeight.augmentation.requests-per-minute", EightByEightApi.AUGMENTATION_REQUESTS_PER_MINUTE, 1,
                EightByEightApi.AUGMENTATION_REQUESTS_PER_MINUTE);

        EightByEightTokenHolder tokens = new EightByEightTokenHolder(w.clock(), EightByEightTokenHolder.DEFAULT_MARGIN);
        w.registry().bind("eightByEightRequests", new EightByEightRequests(tokens, clientId, secret, tenant, actionToken,
                multiTenant, w.statusCheck()));

        var feed = w.active(EightByEightInteractionsFeed.FEED);
        if (feed.isPresent()) {
            String key = feed.get().key();
            IntegrationDefinition integration = w.integration(feed.get());
            Duration maxWindow = s.duration(key + ".max-window", DEFAULT_MAX_WINDOW);
            if (maxWindow.isZero()) {
                throw new BridgeConfigurationException(key + ".max-window: must be positive");
            }
            FeedWindowPlanner planner = w.planner(feed.get(), zone, Duration.ofMinutes(30), maxWindow);
            int pageSize = s.integer(key + ".page-size", EightByEightApi.MAX_PAGE_SIZE, 1, EightByEightApi.MAX_PAGE_SIZE);
            s.integer(key + ".status-interval", 2000, 0, 600_000);
            Duration reportTimeout = s.duration(key + ".report-timeout", Duration.ofMinutes(10));
            EightByEightInteractionsTranslator translator = new EightByEightInteractionsTranslator(integration,
                    w.agents(), zone, w.defaultAssignee().orElse(null));
            DeliveryLog deliveryLog = w.registry().lookupByNameAndType("deliveryLog", DeliveryLog.class);
            w.registry().bind("eightByEightInteractionsFeed", new EightByEightInteractionsFeed(planner, integration,
                    translator, w.setup(), w.reconciler(), w.tracker(), w.settleTimeout(), deliveryLog, w.deadLetters(),
                    region, pageSize, reportTimeout, w.clock()));
        }
    }

    /**
     * @param region {@code us}, {@code eu}, {@code au} or {@code ca} (any case)
     * @return the Historical Metrics path prefix: "" for the US, else {@code /eu}, {@code /au}, {@code /ca}
     * @throws BridgeConfigurationException for another value
     */
    static String regionPrefix(String region) {
        String r = region.strip().toLowerCase(Locale.ROOT);
        if (r.equals("us") || r.isEmpty()) {
            return "";
        }
        if (EightByEightApi.REGION_PREFIXES.contains("/" + r)) {
            return "/" + r;
        }
        throw new BridgeConfigurationException("eightbyeight.region: '" + region + "' is not one of us, eu, au, ca");
    }
}
