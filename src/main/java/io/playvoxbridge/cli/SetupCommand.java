package io.playvoxbridge.cli;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.feed.PolledFeed;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup.IntegrationPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.CamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code setup [--dry-run]}: creates the Playvox integrations and metadata fields of every feed that runs
 * ({@code integrations/<feed>.yaml}, or {@code <feed key>.integration-file}) that Playvox lacks, showing the
 * difference first. The application is started in this process without polls (as {@code dead-letters replay} does),
 * so the integration files, settings and Playvox requests (rate limit, retries) are the bridge's own
 * ({@link PlayvoxIntegrationSetup#plan}, then {@link PlayvoxIntegrationSetup#ensure}); it is stopped afterwards.
 * Setup never changes or deletes what exists: fields Playvox has beyond the file are listed and left alone.
 *
 * <p>Exit codes: 0 (also when there is nothing to do); 1 when Playvox cannot be asked; 2 for a bad setting.
 */
@Command(name = "setup", description = "Creates the Playvox integrations and metadata fields of the feeds that run, "
        + "where Playvox lacks them, after showing the difference (the bridge is started without polls, then "
        + "stopped). Existing integrations and fields are never changed.")
final class SetupCommand implements Callable<Integer> {

    /** Longest wait for the application to start. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    @ParentCommand
    BridgeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Only show the difference; create nothing (Playvox is asked with GETs only).")
    boolean dryRun;

    /**
     * @return 0
     * @throws Exception when the application cannot start (a bad setting, an H2 state file held by a running bridge)
     *                   or Playvox cannot be asked
     */
    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> settings = new LinkedHashMap<>(root.overrides());
        settings.put("bridge.poll-on-start", "false");
        settings.put("camel.component.quartz.auto-start-scheduler", "false");
        if (dryRun) {
            settings.put("bridge.dry-run", "true");
        }
        try (BackgroundBridge app = BackgroundBridge.start(settings, START_TIMEOUT)) {
            CamelContext camel = app.camel();
            PlayvoxIntegrationSetup setup = camel.getRegistry().lookupByNameAndType("playvoxIntegrationSetup",
                    PlayvoxIntegrationSetup.class);
            List<IntegrationDefinition> definitions = definitions(camel);
            List<IntegrationPlan> todo = new ArrayList<>();
            for (IntegrationDefinition d : definitions) {
                IntegrationPlan plan = setup.plan(d);
                describe(plan).forEach(out::println);
                if (!plan.upToDate()) {
                    todo.add(plan);
                }
            }
            out.flush();
            if (todo.isEmpty()) {
                out.println("nothing to do: every integration and metadata field exists in Playvox");
            } else if (dryRun) {
                out.println("dry run: nothing created (" + todo.size() + " integration(s) to create or complete; "
                        + "run setup without --dry-run to apply)");
            } else {
                for (IntegrationPlan plan : todo) {
                    IntegrationDefinition d = definitions.stream().filter(x -> x.name().equals(plan.name()))
                            .findFirst().orElseThrow();
                    String id = setup.ensure(d);
                    out.println(plan.existingId() == null
                            ? "created integration '" + plan.name() + "' (_id " + id + ") with metadata field(s) "
                                    + String.join(", ", plan.missingFields())
                            : "created metadata field(s) " + String.join(", ", plan.missingFields())
                                    + " of integration '" + plan.name() + "' (_id " + id + ")");
                }
                out.println("setup done: " + todo.size() + " integration(s) created or completed");
            }
            out.flush();
        }
        return 0;
    }

    /** @return the lines that show one integration's difference */
    static List<String> describe(IntegrationPlan plan) {
        List<String> lines = new ArrayList<>();
        if (plan.existingId() == null) {
            lines.add("integration '" + plan.name() + "': missing in Playvox, would be created with metadata field(s) "
                    + String.join(", ", plan.missingFields()));
            return lines;
        }
        lines.add("integration '" + plan.name() + "': exists (_id " + plan.existingId() + ")"
                + (plan.upToDate() ? ", up to date (" + plan.presentFields().size() + " metadata field(s))" : ""));
        if (!plan.missingFields().isEmpty()) {
            lines.add("  metadata field(s) missing in Playvox, would be created: " + String.join(", ", plan.missingFields()));
            if (!plan.presentFields().isEmpty()) {
                lines.add("  metadata field(s) present: " + String.join(", ", plan.presentFields()));
            }
        }
        if (!plan.extraFields().isEmpty()) {
            lines.add("  metadata field(s) in Playvox but not in the file, left alone: " + String.join(", ", plan.extraFields()));
        }
        return lines;
    }

    /** @return the integration definitions of the feeds that run, in the order of the feeds table, each name once */
    private static List<IntegrationDefinition> definitions(CamelContext camel) {
        List<String> order = ActiveFeeds.VENDORS.stream().flatMap(v -> v.feeds().stream()).map(ActiveFeeds.Feed::id).toList();
        Map<String, IntegrationDefinition> byName = new LinkedHashMap<>();
        camel.getRegistry().findByType(PolledFeed.class).stream()
                .sorted(Comparator.comparingInt(f -> order.indexOf(f.feed())))
                .forEach(f -> byName.putIfAbsent(f.integration().name(), f.integration()));
        return List.copyOf(byName.values());
    }
}
