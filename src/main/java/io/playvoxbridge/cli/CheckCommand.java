package io.playvoxbridge.cli;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.Application;
import io.playvoxbridge.BridgeConfiguration;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.sandbox.Sandbox;
import io.playvoxbridge.state.StateDatabase;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code check}: is the configuration valid, are the credentials accepted, is each vendor reachable? Like Airbyte's
 * {@code check}: one line per vendor, and an exit code.
 *
 * <p>First the settings go through the same validation as a start ({@link BridgeConfiguration#configure}: which
 * feeds run by {@link ActiveFeeds#decide}, every vendor's and feed's settings, the integration files, the agent
 * directory), without routes, without polls and against an in-memory state database (so it also runs beside a
 * running bridge). With {@code bridge.sandbox.enabled=true} the fakes are started on free ports for the check.
 * Then each vendor gets its cheapest real call ({@link VendorProbe}), once, without retries, with a short timeout:
 * Playvox, then each source vendor in the order of {@link ActiveFeeds#VENDORS}; an unconfigured one says so.
 *
 * <p>Exit codes: 0 when every configured vendor is OK, 1 when one failed, 2 for a bad setting (one line naming the
 * key, printed by {@link BridgeCommand}). No secret is printed.
 */
@Command(name = "check", description = "Checks the configuration (the same validation as a start), then whether each "
        + "configured vendor is reachable and accepts its credentials: one line per vendor. Exit code 0 when all are "
        + "OK, 1 when one failed, 2 for a bad setting.")
final class CheckCommand implements Callable<Integer> {

    /** Default of {@code --timeout}: longest wait to connect, and again for the answer, per vendor call. */
    static final int DEFAULT_TIMEOUT_SECONDS = 10;

    @ParentCommand
    BridgeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + DEFAULT_TIMEOUT_SECONDS,
            description = "Longest wait to connect to a vendor, and again for its answer (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    /**
     * @return 0 when every configured vendor is OK, 1 otherwise
     * @throws io.playvoxbridge.BridgeConfigurationException (exit code 2) naming the key of a bad setting
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> overrides = new LinkedHashMap<>(root.overrides());
        // the start's validation opens the state database: an in-memory one, so a running bridge's file is not needed
        overrides.put("bridge.state.jdbc-url", "jdbc:h2:mem:check-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        DefaultCamelContext camel = context(overrides);
        Sandbox sandbox = null;
        try {
            BridgeSettings s = new BridgeSettings(camel.getPropertiesComponent());
            boolean sandboxOn = s.bool("bridge.sandbox.enabled", false);
            if (sandboxOn) {
                sandbox = startSandbox(camel, overrides);
                out.println("sandbox on: checking the fakes started for this check (bridge.sandbox.enabled=true)");
            }
            ActiveFeeds active = ActiveFeeds.decide(s, sandboxOn);
            camel.getRegistry().bind("activeFeeds", active);
            try {
                new BridgeConfiguration().configure(camel);
            } finally {
                StateDatabase db = camel.getRegistry().lookupByNameAndType("stateDatabase", StateDatabase.class);
                if (db != null) {
                    db.close();
                }
            }
            out.println("configuration OK: feeds " + String.join(", ", activeFeedIds(active)));
            out.flush();
            boolean stateOk = stateDatabase(out);
            return probe(s, active, out) && stateOk ? 0 : 1;
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
            camel.stop();
        }
    }

    /**
     * Opens the configured state database ({@code bridge.state.*}) as the bridge would, migrations included, and
     * prints one line: OK, OK for an H2 file a running bridge holds (it opens, in that bridge), or FAILED with the
     * reason (without the password).
     *
     * @return false when it cannot be opened
     */
    private boolean stateDatabase(PrintWriter out) {
        String line;
        boolean ok;
        try (StateDatabase db = CliSettings.load(root.overrides()).openStateDatabase()) {
            ok = db != null;
            line = "reachable and migrated (bridge.state.jdbc-url)";
        } catch (RuntimeException e) {
            ok = CliSettings.inUseByAnotherProcess(e);
            line = ok ? "the H2 file is open in a running bridge (bridge.state.jdbc-url): in use, so not opened here"
                    : "cannot be opened (bridge.state.jdbc-url): " + e.getMessage();
        }
        out.printf("%-13s %-7s %s%n", "state", ok ? "OK" : "FAILED", line);
        out.flush();
        return ok;
    }

    /** Probes Playvox and each source vendor, printing one line each. @return true when every configured one is OK */
    private boolean probe(BridgeSettings s, ActiveFeeds active, PrintWriter out) {
        VendorProbe probe = new VendorProbe(Duration.ofSeconds(timeoutSeconds));
        Map<String, Function<BridgeSettings, VendorProbe.Result>> sources = Map.of(
                "wolkvox", probe::wolkvox, "eightbyeight", probe::eightByEight, "five9", probe::five9,
                "gladly", probe::gladly);
        boolean allOk = print(out, "playvox", probe.playvox(s));
        for (ActiveFeeds.Vendor vendor : ActiveFeeds.VENDORS) {
            if (!active.isVendorActive(vendor.id())) {
                boolean unset = vendor.required().stream().allMatch(k -> s.optional(k).isEmpty());
                out.printf("%-13s %-7s %s%n", vendor.id(), "-", unset ? "not configured"
                        : "configured, but none of its feeds is enabled: not checked");
                out.flush();
                continue;
            }
            allOk &= print(out, vendor.id(), sources.get(vendor.id()).apply(s));
        }
        return allOk;
    }

    private static boolean print(PrintWriter out, String vendor, VendorProbe.Result result) {
        out.printf("%-13s %-7s %s%n", vendor, result.status(), result.detail());
        out.flush();
        return result.ok();
    }

    private static java.util.List<String> activeFeedIds(ActiveFeeds active) {
        return ActiveFeeds.VENDORS.stream().flatMap(v -> v.feeds().stream()).map(ActiveFeeds.Feed::id)
                .filter(active::isActive).toList();
    }

    /** Starts the fakes on free ports (a running sandbox bridge may hold the configured ones) and points the settings at them. */
    private static Sandbox startSandbox(DefaultCamelContext camel, Map<String, String> overrides) {
        Map<String, String> ports = new LinkedHashMap<>(overrides);
        for (String key : new String[] {"wolkvox", "playvox", "eightbyeight", "five9", "gladly"}) {
            ports.put("bridge.sandbox." + key + "-port", "0");
        }
        setOverrides(camel.getPropertiesComponent(), ports);
        Sandbox sandbox = Sandbox.start(new BridgeSettings(camel.getPropertiesComponent()));
        Properties merged = sandbox.overrides();
        merged.putAll(ports); // explicit overrides win, as in the bridge
        camel.getPropertiesComponent().setOverrideProperties(merged);
        return sandbox;
    }

    /** @return a Camel context that is built, never started, reading the settings as the bridge does */
    static DefaultCamelContext context(Map<String, String> overrides) {
        DefaultCamelContext camel = new DefaultCamelContext(false);
        camel.build();
        camel.getPropertiesComponent().setLocation(Application.localOrPackaged("application.properties"));
        setOverrides(camel.getPropertiesComponent(), overrides);
        return camel;
    }

    private static void setOverrides(PropertiesComponent properties, Map<String, String> overrides) {
        Properties p = new Properties();
        p.putAll(overrides);
        properties.setOverrideProperties(p);
    }
}
