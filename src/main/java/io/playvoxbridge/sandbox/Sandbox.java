package io.playvoxbridge.sandbox;

import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The built-in sandbox: fakes of every source (Wolkvox Reports Manager, 8x8 analytics and Data Augmentation, Five9
 * Configuration Web Services, Gladly) and of the Playvox Custom Integrations API, started in this JVM on loopback
 * ports, with fresh random credentials, and the settings that point the routes at them. Enabled by
 * {@code bridge.sandbox.enabled=true}; tuned by the {@code bridge.sandbox.*} keys (one group per vendor, each
 * fake's own knobs in its {@code start<Vendor>} method below).
 */
public final class Sandbox implements AutoCloseable {

    /** Keys the sandbox sets; an environment variable for one of them would silently bypass it. */
    public static final List<String> OVERRIDDEN_KEYS = List.of("playvox.base-url", "playvox.api-uid",
            "playvox.api-key", "wolkvox.base-url", "wolkvox.token", "eightbyeight.api-base-url",
            "eightbyeight.augmentation-base-url", "eightbyeight.client-id", "eightbyeight.client-secret",
            "eightbyeight.tenant-id", "eightbyeight.action-token", "five9.base-url", "five9.username",
            "five9.password", "gladly.base-url", "gladly.username", "gladly.api-token");

    private final WolkvoxFake wolkvox;
    private final PlayvoxFake playvox;
    private final EightByEightFake eightByEight;
    private final Five9Fake five9;
    private final GladlyFake gladly;
    private final Properties overrides = new Properties();

    private Sandbox(WolkvoxFake wolkvox, PlayvoxFake playvox, EightByEightFake eightByEight, Five9Fake five9,
                    GladlyFake gladly, Properties overrides) {
        this.wolkvox = wolkvox;
        this.playvox = playvox;
        this.eightByEight = eightByEight;
        this.five9 = five9;
        this.gladly = gladly;
        this.overrides.putAll(overrides);
    }

    /**
     * Starts every fake.
     *
     * @param s the settings ({@code bridge.sandbox.*}, {@code wolkvox.time-zone})
     * @return the running sandbox
     * @throws BridgeConfigurationException when a sandbox key is wrong, an overridden key is also set in the
     *                                      environment, or a port is taken
     */
    public static Sandbox start(BridgeSettings s) {
        for (String key : OVERRIDDEN_KEYS) {
            if (System.getenv(BridgeSettings.envName(key)) != null) {
                throw new BridgeConfigurationException("bridge.sandbox.enabled: the sandbox is on but "
                        + BridgeSettings.envName(key) + " is set, which would bypass it; unset it, or set "
                        + "BRIDGE_SANDBOX_ENABLED=false to use the real APIs");
            }
        }
        long seed = s.integer("bridge.sandbox.seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE);
        String token = "sandbox-" + UUID.randomUUID();
        WolkvoxFake.Options wo = WolkvoxFake.Options.defaults(token)
                .withZone(s.zone("wolkvox.time-zone"))
                .withSeed(seed)
                .withHistoryRecords(s.integer("bridge.sandbox.wolkvox.history-records", 500, 0, 10_000_000))
                .withHistorySpan(s.duration("bridge.sandbox.wolkvox.history-span", Duration.ofDays(1)))
                .withRecordsPerMinute(decimal(s, "bridge.sandbox.wolkvox.records-per-minute", 6))
                .withUnmappedAgentRate(rateOr(s, "bridge.sandbox.wolkvox.unmapped-agent-rate", 0.02))
                .withLateRate(rateOr(s, "bridge.sandbox.wolkvox.late-rate", 0.05));
        String uid = "sandbox-uid-" + UUID.randomUUID();
        String key = "sandbox-key-" + UUID.randomUUID();
        PlayvoxFake.Options po = PlayvoxFake.Options.defaults(uid, key)
                .withSeed(seed)
                .withJobDuration(Duration.ofMillis(s.integer("bridge.sandbox.playvox.job-duration", 600, 0, 3_600_000)))
                .withRequestsPerMinute(s.integer("bridge.sandbox.playvox.enforced-requests-per-minute", 0, 0,
                        1_000_000));
        WolkvoxFake wolkvox = new WolkvoxFake(wo);
        wolkvox.commentRate(rateOr(s, "bridge.sandbox.wolkvox.comment-rate", 1.0));
        PlayvoxFake playvox = new PlayvoxFake(po);
        playvox.faults(new PlayvoxFake.Faults(
                rate(s, "bridge.sandbox.playvox.server-error-rate"),
                rate(s, "bridge.sandbox.playvox.rate-limit-rate"),
                s.integer("bridge.sandbox.playvox.retry-after", 1, 0, 3600),
                rate(s, "bridge.sandbox.playvox.item-failure-rate"),
                Duration.ofMillis(s.integer("bridge.sandbox.playvox.latency", 0, 0, 600_000)))
                .withConnectionResetRate(rate(s, "bridge.sandbox.playvox.connection-reset-rate"))
                .withMalformedJsonRate(rate(s, "bridge.sandbox.playvox.malformed-json-rate"))
                .withNeverEndingJobRate(rate(s, "bridge.sandbox.playvox.never-ending-job-rate")));
        wolkvox.faults(WolkvoxFake.Faults.none()
                .withServerErrorRate(rate(s, "bridge.sandbox.wolkvox.server-error-rate"))
                .withRateLimit(rate(s, "bridge.sandbox.wolkvox.rate-limit-rate"),
                        s.integer("bridge.sandbox.wolkvox.retry-after", 1, 0, 3600))
                .withLatency(Duration.ofMillis(s.integer("bridge.sandbox.wolkvox.latency", 0, 0, 600_000)))
                .withConnectionResetRate(rate(s, "bridge.sandbox.wolkvox.connection-reset-rate"))
                .withMalformedJsonRate(rate(s, "bridge.sandbox.wolkvox.malformed-json-rate"))
                .withMalformedRecordRate(rate(s, "bridge.sandbox.wolkvox.malformed-record-rate")));
        int wolkvoxPort = s.integer("bridge.sandbox.wolkvox-port", 8091, 0, 65535);
        int playvoxPort = s.integer("bridge.sandbox.playvox-port", 8092, 0, 65535);
        try {
            wolkvox.start(wolkvoxPort);
        } catch (RuntimeException e) {
            throw new BridgeConfigurationException("bridge.sandbox.wolkvox-port: cannot listen on 127.0.0.1:"
                    + wolkvoxPort + " (" + e.getMessage() + ")", e);
        }
        try {
            playvox.start(playvoxPort);
        } catch (RuntimeException e) {
            wolkvox.close();
            throw new BridgeConfigurationException("bridge.sandbox.playvox-port: cannot listen on 127.0.0.1:"
                    + playvoxPort + " (" + e.getMessage() + ")", e);
        }
        Properties p = new Properties();
        EightByEightFake eightByEight = null;
        Five9Fake five9 = null;
        GladlyFake gladly = null;
        try {
            eightByEight = startEightByEight(s, seed, p);
            five9 = startFive9(s, seed, p);
            gladly = startGladly(s, seed, p);
        } catch (RuntimeException e) {
            for (AutoCloseable fake : new AutoCloseable[] {wolkvox, playvox, eightByEight, five9, gladly}) {
                closeQuietly(fake);
            }
            throw e;
        }
        p.setProperty("playvox.base-url", playvox.baseUrl());
        p.setProperty("playvox.api-uid", uid);
        p.setProperty("playvox.api-key", key);
        p.setProperty("wolkvox.base-url", wolkvox.baseUrl());
        p.setProperty("wolkvox.token", token);
        p.setProperty("bridge.agents-file", "classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE);
        s.optional("bridge.sandbox.playvox.requests-per-minute")
                .ifPresent(v -> p.setProperty("playvox.rate-limit.requests-per-minute", v));
        return new Sandbox(wolkvox, playvox, eightByEight, five9, gladly, p);
    }

    /** Starts the fake 8x8 (OAuth, Historical Metrics detailed reports, Data Augmentation) and points the settings at it. */
    private static EightByEightFake startEightByEight(BridgeSettings s, long seed, Properties p) {
        String clientId = "sandbox-client-" + UUID.randomUUID();
        String secret = "sandbox-secret-" + UUID.randomUUID();
        String actionToken = "sandbox-action-" + UUID.randomUUID();
        EightByEightFake fake = new EightByEightFake(EightByEightFake.Options.defaults().toBuilder()
                .client(clientId, secret)
                .tenant("sandbox", actionToken)
                .seed(seed)
                .historyRecords(s.integer("bridge.sandbox.eightbyeight.history-records", 300, 0, 10_000_000))
                .recordsPerMinute(decimal(s, "bridge.sandbox.eightbyeight.records-per-minute", 4))
                .build());
        int port = s.integer("bridge.sandbox.eightbyeight-port", 8093, 0, 65535);
        listen(fake::start, port, "bridge.sandbox.eightbyeight-port");
        p.setProperty("eightbyeight.api-base-url", fake.apiBaseUrl());
        p.setProperty("eightbyeight.augmentation-base-url", fake.augmentationBaseUrl());
        p.setProperty("eightbyeight.client-id", clientId);
        p.setProperty("eightbyeight.client-secret", secret);
        p.setProperty("eightbyeight.tenant-id", "sandbox");
        p.setProperty("eightbyeight.action-token", actionToken);
        return fake;
    }

    /** Starts the fake Five9 Configuration Web Services and points the settings at it. */
    private static Five9Fake startFive9(BridgeSettings s, long seed, Properties p) {
        String user = "sandbox.admin@example.com";
        String password = "sandbox-" + UUID.randomUUID();
        Five9Fake fake = new Five9Fake(Five9Fake.Options.defaults(java.util.Map.of(user, password)).toBuilder()
                .seed(seed)
                .history(s.integer("bridge.sandbox.five9.history-calls", 500, 0, 10_000_000),
                        s.integer("bridge.sandbox.five9.history-sessions", 200, 0, 10_000_000))
                .perMinute(decimal(s, "bridge.sandbox.five9.calls-per-minute", 6),
                        decimal(s, "bridge.sandbox.five9.sessions-per-minute", 2))
                .build());
        int port = s.integer("bridge.sandbox.five9-port", 8094, 0, 65535);
        listen(fake::start, port, "bridge.sandbox.five9-port");
        p.setProperty("five9.base-url", fake.baseUrl());
        p.setProperty("five9.username", user);
        p.setProperty("five9.password", password);
        return fake;
    }

    /** Starts the fake Gladly (events, conversation items, agents) and points the settings at it. */
    private static GladlyFake startGladly(BridgeSettings s, long seed, Properties p) {
        String user = "sandbox.api@example.com";
        String token = "sandbox-" + UUID.randomUUID();
        GladlyFake fake = new GladlyFake(GladlyFake.Options.defaults(user, token)
                .withSeed(seed)
                .withHistory(s.integer("bridge.sandbox.gladly.history-conversations", 300, 0, 10_000_000),
                        Duration.ofHours(12))
                .withConversationsPerMinute(decimal(s, "bridge.sandbox.gladly.conversations-per-minute", 4)));
        int port = s.integer("bridge.sandbox.gladly-port", 8095, 0, 65535);
        listen(fake::start, port, "bridge.sandbox.gladly-port");
        p.setProperty("gladly.base-url", fake.baseUrl());
        p.setProperty("gladly.username", user);
        p.setProperty("gladly.api-token", token);
        return fake;
    }

    private static void listen(java.util.function.IntConsumer start, int port, String key) {
        try {
            start.accept(port);
        } catch (RuntimeException e) {
            throw new BridgeConfigurationException(key + ": cannot listen on 127.0.0.1:" + port + " ("
                    + e.getMessage() + ")", e);
        }
    }

    private static void closeQuietly(AutoCloseable fake) {
        if (fake == null) {
            return;
        }
        try {
            fake.close();
        } catch (Exception ignored) {
            // already failing to start; the first error is the one reported
        }
    }

    /** @return the settings that point the routes at the fakes (base URLs, credentials, agent directory) */
    public Properties overrides() {
        Properties copy = new Properties();
        copy.putAll(overrides);
        return copy;
    }

    /** @return the fake Wolkvox */
    public WolkvoxFake wolkvox() {
        return wolkvox;
    }

    /** @return the fake Playvox */
    public PlayvoxFake playvox() {
        return playvox;
    }

    /** @return the fake 8x8 */
    public EightByEightFake eightByEight() {
        return eightByEight;
    }

    /** @return the fake Five9 */
    public Five9Fake five9() {
        return five9;
    }

    /** @return the fake Gladly */
    public GladlyFake gladly() {
        return gladly;
    }

    /** Stops every fake. */
    @Override
    public void close() {
        for (AutoCloseable fake : new AutoCloseable[] {wolkvox, playvox, eightByEight, five9, gladly}) {
            closeQuietly(fake);
        }
    }

    private static double rateOr(BridgeSettings s, String key, double defaultValue) {
        double d = decimal(s, key, defaultValue);
        if (d > 1) {
            throw new BridgeConfigurationException(key + ": " + d + " is not a share between 0 and 1");
        }
        return d;
    }

    /** @return a share in 0..1 (default 0); @throws BridgeConfigurationException naming the key otherwise */
    private static double rate(BridgeSettings s, String key) {
        double d = decimal(s, key, 0);
        if (d > 1) {
            throw new BridgeConfigurationException(key + ": " + d + " is not a share between 0 and 1");
        }
        return d;
    }

    private static double decimal(BridgeSettings s, String key, double defaultValue) {
        String v = s.optional(key).orElse(String.valueOf(defaultValue));
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || d > 1_000_000) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BridgeConfigurationException(key + ": '" + v + "' is not a non-negative number");
        }
    }
}
