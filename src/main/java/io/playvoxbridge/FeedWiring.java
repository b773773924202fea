package io.playvoxbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.http.HttpStatusCheck;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.WatermarkStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * What a vendor's feeds are built from: the validated settings, the registry to bind their beans in, and the shared
 * beans (state, agent directory, Playvox sink parts). {@link BridgeConfiguration} makes one and hands it to each
 * active vendor's {@code <Vendor>Feeds.configure} (for example {@code io.playvoxbridge.source.five9.Five9Feeds}).
 *
 * <p>Every feed reads its settings the same way ({@link #planner}, {@link #integration}): {@code <key>.cron},
 * {@code <key>.start-at}, {@code <key>.lookback}, {@code <key>.integration-file}, where {@code <key>} is the feed's
 * settings prefix ({@code five9.call-log}).
 *
 * @param camel         the Camel context
 * @param settings      the settings
 * @param registry      where beans are bound (names are the lowerCamelCase class names the YAML routes use)
 * @param clock         the clock of the planners
 * @param json          the shared Jackson mapper
 * @param watermarks    watermark store
 * @param deadLetters   dead letter store
 * @param agents        the agent directory (its {@code source} column takes the vendor id)
 * @param setup         Playvox integration setup
 * @param reconciler    settles in-doubt batches before each poll
 * @param tracker       window accounting
 * @param settleTimeout longest wait for a window to settle
 * @param statusCheck   turns vendor HTTP answers into {@link io.playvoxbridge.http.VendorHttpException}s
 * @param activeFeeds   which feeds run
 */
public record FeedWiring(CamelContext camel, BridgeSettings settings, Registry registry, Clock clock, ObjectMapper json,
                         WatermarkStore watermarks, DeadLetterStore deadLetters, AgentDirectory agents,
                         PlayvoxIntegrationSetup setup, PlayvoxReconciler reconciler, WindowTracker tracker,
                         Duration settleTimeout, HttpStatusCheck statusCheck, ActiveFeeds activeFeeds) {

    /** @return {@code playvox.default-assignee}, the Playvox user of records whose agent is not in the directory */
    public Optional<String> defaultAssignee() {
        return settings.optional("playvox.default-assignee");
    }

    /**
     * @param feed the feed
     * @return its integration and metadata: {@code <key>.integration-file} when set, else
     *         {@code integrations/<feed id>.yaml} in the working directory or the packaged copy
     * @throws BridgeConfigurationException when the file is missing or invalid (the message names the file)
     */
    public IntegrationDefinition integration(ActiveFeeds.Feed feed) {
        String file = settings.optional(feed.key() + ".integration-file").orElse(
                Application.localOrPackaged("integrations").replace("file:", "") + "/" + feed.id() + ".yaml");
        try {
            return IntegrationDefinitionLoader.load(file);
        } catch (BridgeConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BridgeConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * Builds a feed's window planner from {@code <key>.start-at}, {@code <key>.lookback} and checks
     * {@code <key>.cron}.
     *
     * @param feed            the feed
     * @param zone            the zone windows are planned in (the vendor's report zone)
     * @param defaultLookback lookback when {@code <key>.lookback} is unset
     * @param maxWindow       longest window per request (the vendor's limit)
     * @return the planner
     * @throws BridgeConfigurationException naming the key of a bad value
     */
    public FeedWindowPlanner planner(ActiveFeeds.Feed feed, ZoneId zone, Duration defaultLookback, Duration maxWindow) {
        settings.cron(feed.key() + ".cron");
        return new FeedWindowPlanner(feed.id(), settings.localDateTime(feed.key() + ".start-at"), zone,
                settings.duration(feed.key() + ".lookback", defaultLookback), maxWindow, watermarks, clock);
    }

    /**
     * @param feedId a feed id like {@code five9-call-log}
     * @return the feed, when it runs in this process
     */
    public Optional<ActiveFeeds.Feed> active(String feedId) {
        return ActiveFeeds.VENDORS.stream().flatMap(v -> v.feeds().stream())
                .filter(f -> f.id().equals(feedId) && activeFeeds.isActive(feedId)).findFirst();
    }
}
