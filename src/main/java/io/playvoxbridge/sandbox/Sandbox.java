package io.playvoxbridge.sandbox;

import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The built-in sandbox: a fake Wolkvox Reports Manager API and a fake Playvox Custom Integrations API, started in
 * this JVM on loopback ports, with fresh random credentials, and the settings that point the routes at them.
 * Enabled by {@code bridge.sandbox.enabled=true}; tuned by the {@code bridge.sandbox.*} keys.
 */
public final class Sandbox implements AutoCloseable {

    /** Keys the sandbox sets; an environment variable for one of them would silently bypass it. */
    public static final List<String> OVERRIDDEN_KEYS = List.of("playvox.base-url", "playvox.api-uid",
            "playvox.api-key", "wolkvox.base-url", "wolkvox.token");

    private final WolkvoxFake wolkvox;
    private final PlayvoxFake playvox;
    private final Properties overrides = new Properties();

    private Sandbox(WolkvoxFake wolkvox, PlayvoxFake playvox, Properties overrides) {
        this.wolkvox = wolkvox;
        this.playvox = playvox;
        this.overrides.putAll(overrides);
    }

    /**
     * Starts both fakes.
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
                .withJobDuration(Duration.ofMillis(s.integer("bridge.sandbox.playvox.job-duration", 600, 0, 3_600_000)));
        WolkvoxFake wolkvox = new WolkvoxFake(wo);
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
        p.setProperty("playvox.base-url", playvox.baseUrl());
        p.setProperty("playvox.api-uid", uid);
        p.setProperty("playvox.api-key", key);
        p.setProperty("wolkvox.base-url", wolkvox.baseUrl());
        p.setProperty("wolkvox.token", token);
        p.setProperty("bridge.agents-file", "classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE);
        s.optional("bridge.sandbox.playvox.requests-per-minute")
                .ifPresent(v -> p.setProperty("playvox.rate-limit.requests-per-minute", v));
        return new Sandbox(wolkvox, playvox, p);
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

    /** Stops both fakes. */
    @Override
    public void close() {
        wolkvox.close();
        playvox.close();
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
