package io.playvoxbridge;

import io.playvoxbridge.cluster.ClusterMode;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.sandbox.Sandbox;
import io.playvoxbridge.state.StateDatabase;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.quartz.JobKey;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's hooks into Camel Main's lifecycle:
 * <ol>
 *   <li>before the beans and routes are configured, starts the sandbox when {@code bridge.sandbox.enabled=true}
 *       and points the settings at it;</li>
 *   <li>after start, fires each feed's Quartz job once ({@code bridge.poll-on-start}), so a new start polls at once
 *       instead of waiting for the first cron time (Quartz's stateful jobs never overlap); the poll itself sets up
 *       the Playvox integration and reconciles in-doubt batches first;</li>
 *   <li>before stop, tells the window tracker that windows still waiting give up uncommitted;</li>
 *   <li>after stop, closes the sandbox and the state database.</li>
 * </ol>
 */
public final class BridgeMainListener extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeMainListener.class);

    private Sandbox sandbox;

    /**
     * Starts the sandbox when enabled, then decides which feeds run ({@link ActiveFeeds}): binds the decision as
     * {@code activeFeeds}, keeps the routes files of the others from loading, and logs one line per vendor.
     *
     * @param main Camel Main
     */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        BridgeSettings s = new BridgeSettings(camel.getPropertiesComponent());
        boolean sandboxOn = s.bool("bridge.sandbox.enabled", false);
        ClusterMode.from(s); // a bad cluster setting stops the start before the sandbox takes its ports
        if (sandboxOn) {
            startSandbox(main, camel, s);
        } else {
            LOG.info("Sandbox off: using Playvox at {}", s.optional("playvox.base-url").orElse("(unset)"));
        }
        ActiveFeeds active = ActiveFeeds.decide(s, sandboxOn);
        camel.getRegistry().bind("activeFeeds", active);
        String exclude = active.routesExcludePattern();
        if (exclude != null) {
            String before = main.configure().getRoutesExcludePattern();
            main.configure().withRoutesExcludePattern(before == null || before.isBlank() ? exclude : before + "," + exclude);
        }
        active.summary().forEach(line -> LOG.info("Feeds of {}", line));
    }

    private void startSandbox(BaseMainSupport main, CamelContext camel, BridgeSettings s) {
        sandbox = Sandbox.start(s);
        Properties overrides = main.getOverrideProperties();
        Properties merged = new Properties();
        merged.putAll(sandbox.overrides());
        if (overrides != null) {
            merged.putAll(overrides); // explicit overrides (tests) win over the sandbox's
        }
        camel.getPropertiesComponent().setOverrideProperties(merged);
        camel.getRegistry().bind("sandbox", sandbox);
        LOG.info("Sandbox on: fake Wolkvox at {}, fake 8x8 at {}, fake Five9 at {}, fake Gladly at {}, fake Playvox at {} "
                        + "(see {}/sandbox/stats and {}/sandbox/interactions)", sandbox.wolkvox().baseUrl(),
                sandbox.eightByEight().apiBaseUrl(), sandbox.five9().baseUrl(), sandbox.gladly().baseUrl(),
                sandbox.playvox().baseUrl(), origin(sandbox.playvox().baseUrl()), origin(sandbox.playvox().baseUrl()));
    }

    /** Fires each feed's poll once. @param main Camel Main */
    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        watchRoutesFolder(main, camel);
        boolean pollOnStart = new BridgeSettings(camel.getPropertiesComponent()).bool("bridge.poll-on-start", true);
        if (!pollOnStart) {
            return;
        }
        for (Route route : camel.getRoutes()) {
            Endpoint endpoint = route.getEndpoint();
            if (endpoint instanceof QuartzEndpoint quartz) {
                fireNow(camel, route.getRouteId(), quartz);
            }
        }
    }

    /** Closes the sandbox and the state database. @param main Camel Main */
    @Override
    public void afterStop(BaseMainSupport main) {
        StateDatabase db = main.getCamelContext() == null ? null
                : main.getCamelContext().getRegistry().lookupByNameAndType("stateDatabase", StateDatabase.class);
        if (db != null) {
            db.close();
        }
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    /**
     * With {@code bridge.routes-reload.enabled=true} (the default) and the routes read from a {@code routes/} folder
     * of the working directory, reloads a routes file when it is saved ({@link RouteFileReloadStrategy}).
     */
    private static void watchRoutesFolder(BaseMainSupport main, CamelContext camel) {
        BridgeSettings s = new BridgeSettings(camel.getPropertiesComponent());
        if (!s.bool("bridge.routes-reload.enabled", true)) {
            return;
        }
        if (!Application.routesIncludePattern().startsWith("file:")) {
            LOG.info("Route reload off: the routes are the ones packaged in the jar (no routes/ folder in the "
                    + "working directory)");
            return;
        }
        try {
            camel.addService(new RouteFileReloadStrategy("routes", main.configure().getRoutesExcludePattern()));
        } catch (Exception e) {
            LOG.warn("Route reload off: the routes/ folder cannot be watched: {}", e.getMessage());
        }
    }

    private static void fireNow(CamelContext camel, String routeId, QuartzEndpoint quartz) {
        try {
            TriggerKey trigger = quartz.getTriggerKey();
            QuartzComponent component = camel.getComponent("quartz", QuartzComponent.class);
            component.getScheduler().triggerJob(new JobKey(trigger.getName(), trigger.getGroup()));
            LOG.info("{}: first poll now (then on its cron)", routeId);
        } catch (Exception e) {
            LOG.warn("{}: could not fire the first poll now ({}); it runs on its cron", routeId, e.getMessage());
        }
    }

    private static String origin(String baseUrl) {
        int path = baseUrl.indexOf('/', "http://".length());
        return path < 0 ? baseUrl : baseUrl.substring(0, path);
    }

    /** Logs the stop. @param main Camel Main */
    @Override
    public void beforeStop(BaseMainSupport main) {
        LOG.info("Stopping: polls end, batches in flight finish or stay uncommitted for the next start");
        WindowTracker tracker = main.getCamelContext() == null ? null
                : main.getCamelContext().getRegistry().lookupByNameAndType("windowTracker", WindowTracker.class);
        if (tracker != null) {
            tracker.stopping();
        }
    }

}
