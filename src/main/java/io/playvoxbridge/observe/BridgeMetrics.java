package io.playvoxbridge.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The bridge's own Micrometer meters, and what the feed health checks read: per feed, the time of its last committed
 * window and its watermark. The registry is the one {@code /observe/metrics} serves (camel-micrometer-prometheus's
 * {@code metricsRegistry}), so every meter here appears there in Prometheus form:
 * <ul>
 *   <li>{@code bridge_records_fetched_total{feed}}, {@code bridge_records_delivered_total{feed}},
 *       {@code bridge_records_dead_lettered_total{feed}}, {@code bridge_records_already_delivered_total{feed}}
 *       (counters, records);</li>
 *   <li>{@code bridge_watermark_lag_seconds{feed}} (gauge: now minus the feed's watermark, seconds; NaN before the
 *       feed has one);</li>
 *   <li>{@code bridge_vendor_requests_total{vendor,status}} (counter: HTTP requests by answer status, {@code error}
 *       when no answer came);</li>
 *   <li>{@code bridge_playvox_job_duration_seconds{feed}} (timer: from bulk request accepted to job ended).</li>
 * </ul>
 * Thread-safe.
 */
public final class BridgeMetrics {

    /** Buckets of the Playvox job latency histogram. */
    private static final Duration[] JOB_BUCKETS = {Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> lastCommit = new ConcurrentHashMap<>();
    private final Map<String, Instant> watermark = new ConcurrentHashMap<>();

    /**
     * @param registry where the meters go
     * @param clock    the clock of the lag gauge and of commit times
     */
    public BridgeMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** @return metrics kept in a private registry that nothing serves (unit tests, tools without Camel) */
    public static BridgeMetrics standalone() {
        return new BridgeMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /** @return the registry the meters are in */
    public MeterRegistry registry() {
        return registry;
    }

    /** @param feed the feed id; counts one record fetched from the vendor in a polled window */
    public void fetched(String feed) {
        counter("bridge.records.fetched", "records fetched from the vendor in polled windows", feed).increment();
    }

    /** @param feed the feed id; counts one record confirmed by a Playvox job (and its comments posted) */
    public void delivered(String feed) {
        counter("bridge.records.delivered", "records confirmed by a Playvox bulk job", feed).increment();
    }

    /** @param feed the feed id; counts one record newly recorded as a dead letter */
    public void deadLettered(String feed) {
        counter("bridge.records.dead.lettered", "records recorded as dead letters", feed).increment();
    }

    /** @param feed the feed id; counts one record skipped because the delivery log holds it already */
    public void alreadyDelivered(String feed) {
        counter("bridge.records.already.delivered", "records skipped because Playvox has them already", feed).increment();
    }

    /**
     * Counts one HTTP request to a vendor.
     *
     * @param vendor {@code wolkvox}, {@code eightbyeight}, {@code five9}, {@code gladly} or {@code playvox}
     * @param status the answer's status code, like {@code 200}, or {@code error} when no answer came
     */
    public void vendorRequest(String vendor, String status) {
        Counter.builder("bridge.vendor.requests").description("HTTP requests to each vendor by answer status")
                .tag("vendor", vendor).tag("status", status).register(registry).increment();
    }

    /**
     * Records the time a Playvox bulk job took from its request being accepted to its end.
     *
     * @param feed     the feed id of the batch's records
     * @param duration how long
     */
    public void playvoxJobEnded(String feed, Duration duration) {
        Timer.builder("bridge.playvox.job.duration")
                .description("Playvox bulk jobs: time from bulk request accepted to job ended")
                .tag("feed", feed)
                .serviceLevelObjectives(JOB_BUCKETS)
                .register(registry).record(duration);
    }

    /**
     * A window of the feed was committed: its watermark moved to {@code newWatermark} now.
     *
     * @param feed         the feed id
     * @param newWatermark the window's end
     */
    public void windowCommitted(String feed, Instant newWatermark) {
        lastCommit.put(feed, clock.instant());
        watermark.put(feed, newWatermark);
    }

    /**
     * Registers a running feed's meters: its record counters (at 0, so they show before the first record) and its
     * watermark lag gauge.
     *
     * @param feed   the feed id
     * @param stored reads the feed's stored watermark, used until this process commits a window (may throw: the
     *               gauge then reads NaN)
     */
    public void registerFeed(String feed, Function<String, Optional<Instant>> stored) {
        counter("bridge.records.fetched", "records fetched from the vendor in polled windows", feed);
        counter("bridge.records.delivered", "records confirmed by a Playvox bulk job", feed);
        counter("bridge.records.dead.lettered", "records recorded as dead letters", feed);
        counter("bridge.records.already.delivered", "records skipped because Playvox has them already", feed);
        Gauge.builder("bridge.watermark.lag", () -> lagSeconds(feed, stored))
                .description("now minus the feed's watermark (the end of its last committed window)")
                .baseUnit("seconds").tag("feed", feed).register(registry);
    }

    private double lagSeconds(String feed, Function<String, Optional<Instant>> stored) {
        Instant w = watermark.get(feed);
        if (w == null) {
            try {
                w = stored.apply(feed).orElse(null);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
        return w == null ? Double.NaN : Duration.between(w, clock.instant()).toMillis() / 1000.0;
    }

    /** @param feed the feed id @return when this process last committed a window of the feed */
    public Optional<Instant> lastCommit(String feed) {
        return Optional.ofNullable(lastCommit.get(feed));
    }

    /** @param feed the feed id @return the feed's watermark as this process last committed it */
    public Optional<Instant> committedWatermark(String feed) {
        return Optional.ofNullable(watermark.get(feed));
    }

    private Counter counter(String name, String description, String feed) {
        return Counter.builder(name).description(description).tag("feed", feed).register(registry);
    }
}
