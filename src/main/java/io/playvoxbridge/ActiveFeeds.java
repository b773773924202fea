package io.playvoxbridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which feeds run in this process. Every source vendor ({@code wolkvox}, {@code eightbyeight}, {@code five9},
 * {@code gladly}) has keys that must all be set for its feeds to run: its base URL(s) and credentials. A user of one
 * platform configures only that one; the other vendors stay quiet, and {@link #summary()} says so once in the log.
 * In sandbox mode every vendor points at its fake, so every feed runs. {@code <vendor>.<feed>.enabled=false} turns
 * one feed off either way.
 *
 * <p>Each feed has its routes file, {@code routes/sources/<feed id>.camel.yaml}, and a vendor's routes shared by its
 * feeds are in {@code routes/common/<vendor id>-*.camel.yaml}; the files of feeds (and vendors) that do not run are
 * not loaded ({@link #routesExcludePattern()}), and their beans are not built.
 */
public final class ActiveFeeds {

    /**
     * A feed.
     *
     * @param vendor the vendor id
     * @param key    the settings prefix, like {@code five9.call-log} ({@code .enabled}, {@code .cron}, ...)
     * @param source what it reads, for the log and the docs (report or endpoint)
     */
    public record Feed(String vendor, String key, String source) {
        /** @return the feed id, like {@code five9-call-log}: watermark key, routes file name and dead letters' feed */
        public String id() {
            return key.replace('.', '-');
        }
    }

    /**
     * A source vendor.
     *
     * @param id       the vendor id (also the agent directory's {@code source} column)
     * @param required keys that must all be set for its feeds to run (base URLs and credentials)
     * @param feeds    its feeds
     */
    public record Vendor(String id, List<String> required, List<Feed> feeds) {
    }

    /** Every vendor and feed the bridge knows, in the order they are logged and documented. */
    public static final List<Vendor> VENDORS = List.of(
            new Vendor("wolkvox", List.of("wolkvox.base-url", "wolkvox.token"), List.of(
                    new Feed("wolkvox", "wolkvox.chat", "Reports Manager chat_4"),
                    new Feed("wolkvox", "wolkvox.survey", "Reports Manager diagram_4"),
                    new Feed("wolkvox", "wolkvox.conversations", "Reports Manager chat_1 + chat_2"))),
            new Vendor("eightbyeight", List.of("eightbyeight.api-base-url", "eightbyeight.augmentation-base-url",
                    "eightbyeight.client-id", "eightbyeight.client-secret", "eightbyeight.tenant-id",
                    "eightbyeight.action-token"), List.of(
                    new Feed("eightbyeight", "eightbyeight.interactions",
                            "Historical Metrics detailed report + Data Augmentation"))),
            new Vendor("five9", List.of("five9.base-url", "five9.username", "five9.password"), List.of(
                    new Feed("five9", "five9.call-log", "Configuration Web Services report Call Log"),
                    new Feed("five9", "five9.digital", "Configuration Web Services digital-channel report"))),
            new Vendor("gladly", List.of("gladly.base-url", "gladly.username", "gladly.api-token"), List.of(
                    new Feed("gladly", "gladly.conversations", "events API + conversation items"))));

    private final Map<String, Feed> active;
    private final List<String> summary;

    private ActiveFeeds(Map<String, Feed> active, List<String> summary) {
        this.active = active;
        this.summary = summary;
    }

    /**
     * Decides which feeds run.
     *
     * @param s       the settings
     * @param sandbox whether the sandbox points every vendor at its fake
     * @return the decision
     * @throws BridgeConfigurationException naming the key when a vendor is half configured (some of its required keys
     *                                      set, others not), an {@code .enabled} value is not a boolean, or no feed
     *                                      runs at all
     */
    public static ActiveFeeds decide(BridgeSettings s, boolean sandbox) {
        Map<String, Feed> active = new LinkedHashMap<>();
        List<String> summary = new ArrayList<>();
        for (Vendor vendor : VENDORS) {
            List<String> missing = vendor.required().stream().filter(k -> s.optional(k).isEmpty()).toList();
            if (!sandbox && missing.size() == vendor.required().size()) {
                summary.add(vendor.id() + ": not configured, its feeds stay off (to poll it, set "
                        + vendor.required().stream().map(BridgeSettings::envName).collect(Collectors.joining(", ")) + ")");
                for (Feed feed : vendor.feeds()) {
                    s.bool(feed.key() + ".enabled", true); // still a boolean, or the start stops
                }
                continue;
            }
            if (!sandbox && !missing.isEmpty()) {
                String set = vendor.required().stream().filter(k -> !missing.contains(k)).findFirst().orElseThrow();
                throw new BridgeConfigurationException(missing.get(0) + ": is required because " + set
                        + " is set (set it in application.properties or the environment variable "
                        + BridgeSettings.envName(missing.get(0)) + ", or unset every " + vendor.id()
                        + " key to leave " + vendor.id() + " off)");
            }
            List<String> on = new ArrayList<>();
            List<String> off = new ArrayList<>();
            for (Feed feed : vendor.feeds()) {
                if (s.bool(feed.key() + ".enabled", true)) {
                    active.put(feed.id(), feed);
                    on.add(feed.id());
                } else {
                    off.add(feed.id());
                }
            }
            summary.add(vendor.id() + ": " + (on.isEmpty() ? "no feed" : String.join(", ", on))
                    + (off.isEmpty() ? "" : " (off by " + off.stream().map(f -> f.replaceFirst("-", ".") + ".enabled")
                    .collect(Collectors.joining(", ")) + "=false)"));
        }
        if (active.isEmpty()) {
            throw new BridgeConfigurationException("bridge.sandbox.enabled: the sandbox is off and no feed can run: set "
                    + "the base URL and credentials of at least one vendor (for Wolkvox: WOLKVOX_BASE_URL and "
                    + "WOLKVOX_TOKEN; see the feeds table in the README), or turn a disabled feed back on");
        }
        return new ActiveFeeds(Map.copyOf(active), List.copyOf(summary));
    }

    /** @param feedId a feed id like {@code five9-call-log} @return whether its routes and beans are loaded */
    public boolean isActive(String feedId) {
        return active.containsKey(feedId);
    }

    /** @param vendorId a vendor id @return whether at least one of its feeds runs */
    public boolean isVendorActive(String vendorId) {
        return active.values().stream().anyMatch(f -> f.vendor().equals(vendorId));
    }

    /** @return one line per vendor: its running feeds, or why it stays quiet */
    public List<String> summary() {
        return summary;
    }

    /**
     * @return Camel Main's {@code routesExcludePattern}: the routes files of the feeds that do not run, and the shared
     *         routes files ({@code routes/common/<vendor id>-*.camel.yaml}) of vendors none of whose feeds run (Ant
     *         patterns matched against each file's location), or {@code null} when every feed runs
     */
    public String routesExcludePattern() {
        return routesExcludePattern(active.keySet());
    }

    /**
     * @param activeFeedIds the feed ids that run
     * @return the exclude pattern of {@link #routesExcludePattern()} for that set, or {@code null} when every feed runs
     */
    public static String routesExcludePattern(java.util.Set<String> activeFeedIds) {
        List<String> patterns = new ArrayList<>();
        for (Vendor vendor : VENDORS) {
            boolean any = false;
            for (Feed feed : vendor.feeds()) {
                if (activeFeedIds.contains(feed.id())) {
                    any = true;
                } else {
                    patterns.add("**/sources/" + feed.id() + ".camel.yaml");
                }
            }
            if (!any) {
                patterns.add("**/common/" + vendor.id() + "-*.camel.yaml");
            }
        }
        return patterns.isEmpty() ? null : String.join(",", patterns);
    }
}
