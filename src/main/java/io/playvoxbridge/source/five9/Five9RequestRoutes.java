package io.playvoxbridge.source.five9;

import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;

/**
 * Creates the shared Five9 request routes, {@code five9-request} and {@code five9-call}, from their templates in
 * {@code routes/common/five9-request.camel.yaml}. Bound by {@link Five9Feeds} only when a Five9 feed runs: Camel creates
 * a route per id of every {@link RouteTemplateParameterSource} in the registry when the context starts. The routes
 * files under {@code routes/common} are loaded whatever runs, and a plain route there would need the Five9 beans and
 * {@code five9.base-url} even with Five9 off; a template needs nothing until it is used.
 */
public final class Five9RequestRoutes implements RouteTemplateParameterSource {

    private static final Map<String, String> TEMPLATES = Map.of(
            "five9-request", "five9-request-template",
            "five9-call", "five9-call-template");

    /** @return the route ids: {@code five9-request}, {@code five9-call} */
    @Override
    public Set<String> routeIds() {
        return TEMPLATES.keySet();
    }

    /**
     * @param routeId a route id of {@link #routeIds()}
     * @return its template id under {@link #TEMPLATE_ID}; the templates take no other parameter
     */
    @Override
    public Map<String, Object> parameters(String routeId) {
        return Map.of(TEMPLATE_ID, TEMPLATES.get(routeId));
    }
}
