package io.playvoxbridge.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.time.Clock;
import java.util.List;
import java.util.TimeZone;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Wires health checks and metrics (see docs/operations-observe.md): the Micrometer registry that
 * camel-micrometer-prometheus serves on {@code /observe/metrics} (bound as {@value #REGISTRY_NAME}, which that
 * component looks up before making its own), the {@link BridgeMetrics}, the vendor request counter
 * ({@link VendorRequestMetrics}), and the readiness checks: {@link StateDatabaseHealthCheck} and one
 * {@link FeedHealthCheck} per running feed. Camel's health-check registry finds the checks as beans.
 */
public final class Observability {

    /** Registry name of the Micrometer registry camel-micrometer-prometheus serves. */
    public static final String REGISTRY_NAME = "metricsRegistry";

    private Observability() {
    }

    /**
     * Builds and binds the metrics and health checks.
     *
     * @param camel    the Camel context
     * @param s        the settings (vendors' base URLs, feeds' crons)
     * @param active   the feeds that run
     * @param database the state database
     * @param clock    the clock
     * @return the metrics, bound as {@code bridgeMetrics}
     */
    public static BridgeMetrics configure(CamelContext camel, BridgeSettings s, ActiveFeeds active,
                                          StateDatabase database, Clock clock) {
        Registry registry = camel.getRegistry();
        MeterRegistry meters = registry.lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(REGISTRY_NAME, meters);
        }
        BridgeMetrics metrics = new BridgeMetrics(meters, clock);
        registry.bind("bridgeMetrics", metrics);

        registry.bind("stateDatabaseHealthCheck",
                new StateDatabaseHealthCheck(database.dataSource(), database.displayUrl()));
        WatermarkStore watermarks = new WatermarkStore(database.dataSource());
        TimeZone zone = TimeZone.getDefault();
        for (ActiveFeeds.Vendor vendor : ActiveFeeds.VENDORS) {
            for (ActiveFeeds.Feed feed : vendor.feeds()) {
                if (active.isActive(feed.id())) {
                    registry.bind("feedHealthCheck-" + feed.id(), new FeedHealthCheck(feed.id(),
                            s.cron(feed.key() + ".cron"), zone, metrics, clock, clock.instant()));
                    metrics.registerFeed(feed.id(), watermarks::get);
                }
            }
        }

        camel.getManagementStrategy().addEventNotifier(new VendorRequestMetrics(metrics, List.of(
                new VendorRequestMetrics.VendorBase("playvox", s.optional("playvox.base-url").orElse("")),
                new VendorRequestMetrics.VendorBase("wolkvox", s.optional("wolkvox.base-url").orElse("")),
                new VendorRequestMetrics.VendorBase("eightbyeight", s.optional("eightbyeight.api-base-url").orElse("")),
                new VendorRequestMetrics.VendorBase("eightbyeight",
                        s.optional("eightbyeight.augmentation-base-url").orElse("")),
                new VendorRequestMetrics.VendorBase("five9", s.optional("five9.base-url").orElse("")),
                new VendorRequestMetrics.VendorBase("gladly", s.optional("gladly.base-url").orElse("")))));
        return metrics;
    }
}
