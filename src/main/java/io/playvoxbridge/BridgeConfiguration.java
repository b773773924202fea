package io.playvoxbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.cluster.ClusterMode;
import io.playvoxbridge.feed.DeadLetterRecorder;
import io.playvoxbridge.feed.FeedRecordCodec;
import io.playvoxbridge.feed.DeliveryLogIdempotentRepository;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.http.HttpStatusCheck;
import io.playvoxbridge.http.RetryAfterDelay;
import io.playvoxbridge.observe.BridgeMetrics;
import io.playvoxbridge.observe.Observability;
import io.playvoxbridge.playvox.InFlightBatches;
import io.playvoxbridge.playvox.PlayvoxApi;
import io.playvoxbridge.playvox.PlayvoxAvailability;
import io.playvoxbridge.playvox.PlayvoxBatchAggregationStrategy;
import io.playvoxbridge.playvox.PlayvoxBulkSink;
import io.playvoxbridge.playvox.PlayvoxDryRun;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import io.playvoxbridge.playvox.PlayvoxRequests;
import io.playvoxbridge.source.eightbyeight.EightByEightFeeds;
import io.playvoxbridge.source.five9.Five9Feeds;
import io.playvoxbridge.source.gladly.GladlyFeeds;
import io.playvoxbridge.source.wolkvox.WolkvoxFeeds;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.DeliveryLog;
import io.playvoxbridge.state.InFlightBatchStore;
import io.playvoxbridge.state.IntegrationIdStore;
import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Wires every bean the routes use, in one place, from validated settings. Runs after the sandbox (if enabled)
 * has pointed the settings at its fakes and before the routes are built. Bean names are the lowerCamelCase
 * class names the YAML routes refer to.
 *
 * @throws BridgeConfigurationException (from {@link #configure}) naming the key of a bad setting
 */
public final class BridgeConfiguration implements CamelConfiguration {

    /** Builds and binds the beans. */
    @Override
    public void configure(CamelContext camel) {
        BridgeSettings s = new BridgeSettings(camel.getPropertiesComponent());
        Registry registry = camel.getRegistry();
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();

        // settings that must hold before anything runs; each names its key when wrong
        s.url("playvox.base-url");
        s.required("playvox.api-uid");
        s.required("playvox.api-key");
        s.integer("playvox.bulk.batch-size", 100, 1, 100);
        s.integer("playvox.bulk.batch-timeout", 5000, 1, 3_600_000);
        s.integer("playvox.rate-limit.requests-per-minute", 100, 1, 1_000_000);
        s.integer("bridge.retry.max-attempts", 5, 0, 100);
        s.integer("bridge.retry.initial-delay", 1000, 0, 3_600_000);
        int maxRetryDelay = s.integer("bridge.retry.max-delay", 60_000, 0, 3_600_000);
        s.integer("bridge.shutdown-timeout", 30, 1, 3600);

        // clustered mode: Quartz on a clustered JDBC JobStore in the state database (see ClusterMode)
        ClusterMode cluster = ClusterMode.from(s);
        StateDatabase database = open(() -> new StateDatabase(durableH2(s.required("bridge.state.jdbc-url")),
                s.optional("bridge.state.user").orElse(""), s.optional("bridge.state.password").orElse(""),
                cluster.poolSize(StateDatabase.POOL_SIZE)));
        registry.bind("stateDatabase", database);
        cluster.configureQuartz(camel, database);
        registry.bind("clusterTokenLock", cluster.tokenLock(database));
        WatermarkStore watermarks = new WatermarkStore(database.dataSource());
        DeliveryLog deliveryLog = new DeliveryLog(database.dataSource());
        DeadLetterStore deadLetters = new DeadLetterStore(database.dataSource());
        IntegrationIdStore integrationIds = new IntegrationIdStore(database.dataSource());
        registry.bind("watermarkStore", watermarks);
        registry.bind("deliveryLog", deliveryLog);
        registry.bind("deadLetterStore", deadLetters);

        AgentDirectory agents = open(() -> AgentDirectory.load(s.required("bridge.agents-file")));
        registry.bind("agentDirectory", agents);

        // health checks and metrics on the management server (/observe/health, /observe/metrics)
        ActiveFeeds activeFeeds = camel.getRegistry().findSingleByType(ActiveFeeds.class);
        BridgeMetrics metrics = Observability.configure(camel, s, activeFeeds != null ? activeFeeds
                : ActiveFeeds.decide(s, s.bool("bridge.sandbox.enabled", false)), database, clock);
        WindowTracker tracker = new WindowTracker(metrics);
        DeliveryLogIdempotentRepository inFlight = new DeliveryLogIdempotentRepository(deliveryLog);
        registry.bind("windowTracker", tracker);
        registry.bind("deliveryLogIdempotentRepository", inFlight);

        HttpStatusCheck statusCheck = new HttpStatusCheck(clock);
        registry.bind("httpStatusCheck", statusCheck);
        registry.bind("retryAfterDelay", new RetryAfterDelay(Duration.ofMillis(maxRetryDelay)));
        PlayvoxAvailability availability = new PlayvoxAvailability(
                s.integer("playvox.circuit-breaker.failure-rate", 100, 1, 100),
                // by default one request that failed all its retries with 5xx or network errors opens it
                s.integer("playvox.circuit-breaker.window", 1, 1, 10_000),
                Duration.ofMillis(s.integer("playvox.circuit-breaker.open-duration", 30_000, 10, 3_600_000)));
        registry.bind("playvoxAvailability", availability);
        registry.bind("playvoxCircuitBreaker", availability.circuitBreaker());

        PlayvoxApi api = new PlayvoxApi(json);
        PlayvoxRequests playvoxRequests = new PlayvoxRequests(camel.createProducerTemplate());
        // dry run (run --dry-run): nothing is sent to Playvox and no delivery state changes (see PlayvoxDryRun)
        boolean dryRun = s.bool("bridge.dry-run", false);
        PlayvoxIntegrationSetup setup = new PlayvoxIntegrationSetup(playvoxRequests, api, integrationIds, dryRun);
        registry.bind("playvoxApi", api);
        registry.bind("playvoxIntegrationSetup", setup);
        registry.bind("playvoxBatchAggregationStrategy", new PlayvoxBatchAggregationStrategy());
        // the Aggregator's threads (parallelProcessing): each follows one bulk batch from its POST to its last comment
        registry.bind("playvoxBulkExecutor", PlayvoxBatchAggregationStrategy.executor(camel,
                s.integer("playvox.bulk.concurrent-batches", 4, 1, 64)));
        registry.bind("playvoxDryRun", new PlayvoxDryRun(api, setup, tracker, inFlight,
                s.optional("bridge.dry-run.output-dir").map(java.nio.file.Path::of).orElse(null)));
        Duration jobTimeout = Duration.ofMillis(s.integer("playvox.job.timeout", 600_000, 1000, 86_400_000));
        Duration jobPollInterval = Duration.ofMillis(s.integer("playvox.job.poll-interval", 500, 10, 600_000));
        InFlightBatches batches = new InFlightBatches(new InFlightBatchStore(database.dataSource()), new FeedRecordCodec());
        registry.bind("inFlightBatches", batches);
        registry.bind("playvoxBulkSink", new PlayvoxBulkSink(api, setup, deliveryLog, tracker, inFlight, batches,
                jobPollInterval, Duration.ofMillis(s.integer("playvox.job.max-poll-interval", 10_000, 10, 600_000)),
                jobTimeout));
        PlayvoxReconciler reconciler = new PlayvoxReconciler(playvoxRequests, api, setup, batches, deliveryLog,
                jobTimeout, jobPollInterval, inFlight, deadLetters);
        registry.bind("playvoxReconciler", reconciler);
        registry.bind("deadLetterRecorder", new DeadLetterRecorder(deadLetters, tracker, inFlight, json, batches,
                availability));

        // the sources: each active vendor binds its feeds' beans (see ActiveFeeds for which run)
        ActiveFeeds active = camel.getRegistry().findSingleByType(ActiveFeeds.class);
        if (active == null) {
            active = ActiveFeeds.decide(s, s.bool("bridge.sandbox.enabled", false));
        }
        FeedWiring wiring = new FeedWiring(camel, s, registry, clock, json, watermarks, deadLetters, agents, setup,
                reconciler, tracker, settleTimeout(s), statusCheck, active);
        if (active.isVendorActive("wolkvox")) {
            WolkvoxFeeds.configure(wiring);
        }
        if (active.isVendorActive("eightbyeight")) {
            EightByEightFeeds.configure(wiring);
        }
        if (active.isVendorActive("five9")) {
            Five9Feeds.configure(wiring);
        }
        if (active.isVendorActive("gladly")) {
            GladlyFeeds.configure(wiring);
        }
    }

    /**
     * How long a window (or a replay chunk) may wait for its records to settle before it is left uncommitted: the
     * bulk job timeout, plus the batch timeout of the last partial batch, plus a minute for the comments.
     *
     * @param s the settings ({@code playvox.job.timeout}, {@code playvox.bulk.batch-timeout}, milliseconds)
     * @return the settle timeout
     * @throws BridgeConfigurationException naming the key when one of them is out of range
     */
    public static Duration settleTimeout(BridgeSettings s) {
        return Duration.ofMillis(s.integer("playvox.job.timeout", 600_000, 1000, 86_400_000))
                .plusMillis(s.integer("playvox.bulk.batch-timeout", 5000, 1, 3_600_000))
                .plusMinutes(1);
    }

    /**
     * Makes an embedded H2 file database safe for a process that may be killed: every commit is written at once
     * ({@code WRITE_DELAY=0}; H2 otherwise keeps up to 500 ms of commits in memory), and H2 does not close itself
     * in the JVM's shutdown hook before the graceful shutdown has written its last state
     * ({@code DB_CLOSE_ON_EXIT=FALSE}; the bridge closes it after Camel stopped). Explicit settings in the URL win.
     *
     * @param url the configured JDBC URL
     * @return the URL, with those two settings added for {@code jdbc:h2:file:} URLs that lack them
     */
    public static String durableH2(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return url;
        }
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String out = url;
        if (!upper.contains(";WRITE_DELAY=")) {
            out += ";WRITE_DELAY=0";
        }
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            out += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return out;
    }

    /** Runs a loader, turning its error (whose message starts with the key) into a start-stopping error. */
    private static <T> T open(java.util.function.Supplier<T> loader) {
        try {
            return loader.get();
        } catch (BridgeConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BridgeConfigurationException(e.getMessage(), e);
        }
    }
}
