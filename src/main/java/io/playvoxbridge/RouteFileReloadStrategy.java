package io.playvoxbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.util.AntPathMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a routes file of {@code routes/} when it is saved in a running bridge, so that an edited YAML route (a
 * changed cron, an added step) takes effect without a restart.
 *
 * <p>Camel's own {@link RouteWatcherReloadStrategy} watches the folder (the JDK file watch service, subfolders
 * included) and this class changes what a reload does. Camel's reload updates plain routes only; the bridge's
 * feeds are mostly {@code templatedRoute}s (a feed file names a route template and its parameters), which its update
 * skips silently. Here a reload of one file:
 * <ol>
 *   <li>parses the file first: a file that does not parse leaves the running routes as they are (one WARN line);</li>
 *   <li>stops and removes the routes that came from that file (Camel's graceful route stop: a window in progress is
 *       left uncommitted and fetched again by the next poll, so nothing is lost or sent twice), then adds the file's
 *       routes again, templated ones included; a Quartz route is scheduled anew with its cron;</li>
 *   <li>when the file defines route templates (a {@code routes/common} file), also re-creates the routes made
 *       from those templates, by reloading the files they came from;</li>
 *   <li>when the new version cannot be added (a bad bean name, an unknown endpoint), puts the previous version
 *       back and logs the error.</li>
 * </ol>
 * Files of feeds that do not run ({@link ActiveFeeds#routesExcludePattern()}) are not loaded on a change either.
 * Routes packaged in the jar (no {@code routes/} folder in the working directory) cannot be watched.
 * Follows https://camel.apache.org/manual/route-reload.html.
 */
public final class RouteFileReloadStrategy extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloadStrategy.class);

    /** Longest wait for a file's routes to finish their work in flight before they are stopped for a reload. */
    public static final java.time.Duration IDLE_WAIT = java.time.Duration.ofMinutes(10);

    private final List<String> excluded;
    private final Map<String, String> lastGood = new LinkedHashMap<>();

    /**
     * @param folder           the routes folder, e.g. {@code routes}
     * @param excludePatterns  comma-separated Ant patterns of files not to load (null for none), as given to Camel
     *                         Main's routes exclude pattern
     */
    public RouteFileReloadStrategy(String folder, String excludePatterns) {
        super(folder, true);
        setPattern("*.camel.yaml");
        this.excluded = new ArrayList<>();
        if (excludePatterns != null) {
            for (String p : excludePatterns.split(",")) {
                if (!p.isBlank()) {
                    excluded.add(p.trim());
                }
            }
        }
    }

    @Override
    protected String startupMessage(java.io.File dir) {
        return "Route reload on: saving a *.camel.yaml file under " + dir + "/ reloads its routes";
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // the running version of every file: what its routes are, and what to put back when a new version fails
        Path folder = Path.of(getFolder());
        try (var files = Files.walk(folder)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                String location = "file:" + org.apache.camel.util.FileUtil.compactPath(f.toString());
                if (!isExcluded(location)) {
                    lastGood.put(location, Files.readString(f));
                }
            }
        }
    }

    /**
     * Reloads the routes of the changed files, one by one (see the class comment).
     *
     * @param resources the changed files; null entries (a properties change) are ignored: settings are read at start
     * @param removeEverything ignored: only the routes of a changed file are replaced
     */
    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null) {
            return;
        }
        for (Resource resource : resources) {
            if (resource != null) {
                reload(resource);
            }
        }
    }

    private void reload(Resource resource) {
        String location = resource.getLocation();
        if (isExcluded(location)) {
            LOG.info("Route reload: {} changed, but it belongs to a feed that does not run; not loaded", location);
            return;
        }
        if (!Files.exists(Path.of(location.substring("file:".length())))) {
            return;
        }
        String content = read(resource);
        if (content.equals(lastGood.get(location))) {
            return; // saved without a change (editors often write twice)
        }
        Parsed next;
        try {
            next = parse(location, content);
        } catch (Exception e) {
            LOG.warn("Route reload: {} does not parse, its running routes are kept: {}", location, e.getMessage());
            return;
        }
        if (!replace(location, next)) {
            return;
        }
        lastGood.put(location, content);
        if (next.templateIds().isEmpty()) {
            return;
        }
        // routes made from the changed templates are made again
        for (Map.Entry<String, String> other : new ArrayList<>(lastGood.entrySet())) {
            if (other.getKey().equals(location)) {
                continue;
            }
            try {
                Parsed dependent = parse(other.getKey(), other.getValue());
                if (dependent.templateRefs().stream().anyMatch(next.templateIds()::contains)) {
                    replace(other.getKey(), dependent);
                }
            } catch (Exception e) {
                LOG.error("Route reload: the routes of {} could not be made again from the changed templates: {}",
                        other.getKey(), e.getMessage());
            }
        }
    }

    /** A routes file, parsed and configured but not added. */
    private record Parsed(String location, String content, Set<String> routeIds, Set<String> templateIds,
                          Set<String> templateRefs) {
    }

    /** @return the file's builders, fresh (a builder configured to read its ids does not add its templated routes) */
    private Collection<RoutesBuilder> builders(Parsed parsed) throws Exception {
        return PluginHelper.getRoutesLoader(getCamelContext())
                .findRoutesBuilders(List.of(ResourceHelper.fromString(parsed.location(), parsed.content())));
    }

    private Parsed parse(String location, String content) throws Exception {
        CamelContext camel = getCamelContext();
        Resource resource = ResourceHelper.fromString(location, content);
        List<RoutesBuilder> builders = new ArrayList<>(
                PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource)));
        Set<String> routeIds = new LinkedHashSet<>();
        Set<String> templateIds = new LinkedHashSet<>();
        Set<String> templateRefs = new LinkedHashSet<>();
        for (RoutesBuilder b : builders) {
            if (b instanceof RouteBuilder rb) {
                rb.configureRoutes(camel);
                rb.getRouteCollection().getRoutes().forEach(r -> routeIds.add(r.getRouteId()));
                rb.getTemplatedRouteCollection().getTemplatedRoutes().forEach(t -> {
                    routeIds.add(t.getRouteId());
                    templateRefs.add(t.getRouteTemplateRef());
                });
                rb.getRouteTemplateCollection().getRouteTemplates().forEach(t -> templateIds.add(t.getId()));
            }
        }
        routeIds.remove(null);
        return new Parsed(location, content, routeIds, templateIds, templateRefs);
    }

    /** Removes the routes of a file's running version and adds its new one; puts the running one back on failure. */
    private boolean replace(String location, Parsed next) {
        CamelContext camel = getCamelContext();
        Set<String> before = new LinkedHashSet<>();
        String previous = lastGood.get(location);
        if (previous != null) {
            try {
                before.addAll(parse(location, previous).routeIds());
            } catch (Exception e) {
                LOG.debug("the running version of {} does not parse any more", location, e);
            }
        }
        before.addAll(next.routeIds());
        waitUntilIdle(location, before);
        removeRoutes(before);
        next.templateIds().forEach(id -> {
            try {
                camel.removeRouteTemplates(id);
            } catch (Exception e) {
                LOG.debug("route template {} could not be removed", id, e);
            }
        });
        try {
            add(builders(next));
            LOG.info("Route reload: {} reloaded, routes {} running", location, next.routeIds());
            return true;
        } catch (Exception e) {
            LOG.error("Route reload: {} could not be loaded ({}); putting its running version back", location,
                    e.getMessage());
            removeRoutes(next.routeIds());
            if (previous != null) {
                try {
                    Parsed back = parse(location, previous);
                    for (String id : back.templateIds()) {
                        camel.removeRouteTemplates(id);
                    }
                    add(builders(back));
                    LOG.info("Route reload: the running version of {} is back: routes {}", location, back.routeIds());
                } catch (Exception again) {
                    LOG.error("Route reload: the running version of {} could not be put back either: {}", location,
                            again.getMessage());
                }
            }
            return false;
        }
    }

    /**
     * Pauses the file's scheduled consumers (a Quartz trigger fires no new poll) and waits until none of its routes
     * has an exchange in flight, so a window in progress ends as it would have (committed, or left for the next
     * poll) rather than being cut by the stop; after {@link #IDLE_WAIT} the routes are stopped anyway (gracefully,
     * within Camel's shutdown timeout).
     */
    private void waitUntilIdle(String location, Collection<String> ids) {
        CamelContext camel = getCamelContext();
        for (String id : ids) {
            Route route = camel.getRoute(id);
            if (route != null && route.getEndpoint() instanceof org.apache.camel.component.quartz.QuartzEndpoint) {
                try {
                    camel.getRouteController().suspendRoute(id);
                } catch (Exception e) {
                    LOG.debug("route {} could not be suspended", id, e);
                }
            }
        }
        long deadline = System.nanoTime() + IDLE_WAIT.toNanos();
        boolean told = false;
        while (inflight(ids) > 0 && System.nanoTime() < deadline) {
            if (!told) {
                LOG.info("Route reload: {} changed; waiting for its {} exchange(s) in flight to finish (no new poll "
                        + "starts meanwhile)", location, inflight(ids));
                told = true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int inflight(Collection<String> ids) {
        int n = 0;
        for (String id : ids) {
            if (getCamelContext().getRoute(id) != null) {
                n += getCamelContext().getInflightRepository().size(id);
            }
        }
        return n;
    }

    /** Adds routes, templates and templated routes (Camel adds the last ones in a separate step). */
    private void add(Collection<RoutesBuilder> builders) throws Exception {
        for (RoutesBuilder b : builders) {
            getCamelContext().addRoutes(b);
        }
        for (RoutesBuilder b : builders) {
            b.addTemplatedRoutesToCamelContext(getCamelContext());
        }
    }

    private void removeRoutes(Collection<String> ids) {
        for (String id : ids) {
            if (getCamelContext().getRoute(id) == null) {
                continue;
            }
            try {
                getCamelContext().getRouteController().stopRoute(id);
                getCamelContext().removeRoute(id);
            } catch (Exception e) {
                LOG.warn("Route reload: route {} could not be stopped and removed: {}", id, e.getMessage());
            }
        }
    }

    private boolean isExcluded(String location) {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        AntPathMatcher matcher = AntPathMatcher.INSTANCE;
        for (String p : excluded) {
            String pattern = p.startsWith("file:") ? p.substring("file:".length()) : p;
            if (matcher.match(pattern, path) || matcher.match(pattern, "/" + path)) {
                return true;
            }
        }
        return false;
    }

    private static String read(Resource resource) {
        try (var in = resource.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + resource.getLocation() + ": " + e.getMessage(), e);
        }
    }
}
