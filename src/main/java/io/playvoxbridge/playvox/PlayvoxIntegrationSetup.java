package io.playvoxbridge.playvox;

import io.playvoxbridge.state.IntegrationIdStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Setup of each feed's Playvox integration: find it by name or create it ({@code name}, {@code description},
 * {@code settings.data_storage_minutes}), then create the metadata fields it lacks. Idempotent: a restart
 * creates nothing new. Follows steps 1 and 2 of
 * https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems (api-facts 1.3, 1.4).
 */
public final class PlayvoxIntegrationSetup {

    private static final Logger LOG = LoggerFactory.getLogger(PlayvoxIntegrationSetup.class);

    private final PlayvoxRequests requests;
    private final PlayvoxApi api;
    private final IntegrationIdStore idStore;
    private final Map<String, String> readyIds = new ConcurrentHashMap<>();

    /**
     * @param requests the Playvox request route
     * @param api      request and answer shapes
     * @param idStore  the state database's cache of integration ids
     */
    public PlayvoxIntegrationSetup(PlayvoxRequests requests, PlayvoxApi api, IntegrationIdStore idStore) {
        this.requests = requests;
        this.api = api;
        this.idStore = idStore;
    }

    /**
     * Makes sure the integration and all its metadata exist in Playvox; after the first success in this process
     * it returns at once.
     *
     * @param definition the validated integration file
     * @return the integration's Playvox {@code _id}
     * @throws RuntimeException when Playvox cannot be reached or refuses (after the request route's retries)
     */
    public synchronized String ensure(IntegrationDefinition definition) {
        String ready = readyIds.get(definition.name());
        if (ready != null) {
            return ready;
        }
        String id = findByName(definition.name());
        if (id == null) {
            id = api.createdId(requests.send("POST", PlayvoxApi.integrationsPath(), null,
                    api.write(definition.toPlayvoxJson())));
            LOG.info("Playvox integration '{}' created with _id {}", definition.name(), id);
        } else {
            LOG.info("Playvox integration '{}' found with _id {}", definition.name(), id);
        }
        Set<String> existing = api.metadataFieldIds(requests.send("GET", PlayvoxApi.integrationPath(id), null, null));
        int created = 0;
        for (MetadataField field : definition.metadata()) {
            if (!existing.contains(field.fieldId())) {
                Map<String, Object> body = new java.util.LinkedHashMap<>(field.toPlayvoxJson());
                body.put("integration_id", id);
                requests.send("POST", PlayvoxApi.metadataPath(id), null, api.write(body));
                created++;
            }
        }
        if (created > 0) {
            LOG.info("Playvox integration '{}': {} metadata field(s) created", definition.name(), created);
        }
        idStore.put(definition.name(), id);
        readyIds.put(definition.name(), id);
        return id;
    }

    /**
     * @param integrationName an integration name already set up by {@link #ensure}
     * @return its Playvox {@code _id}
     * @throws IllegalStateException when it was not set up in this process
     */
    public String id(String integrationName) {
        String id = readyIds.get(integrationName);
        if (id == null) {
            throw new IllegalStateException("Playvox integration '" + integrationName + "' is not set up yet");
        }
        return id;
    }

    private String findByName(String name) {
        for (int page = 1; page <= 1000; page++) {
            PlayvoxApi.IntegrationPage p = api.integrationPage(
                    requests.send("GET", PlayvoxApi.integrationsPath(), "page=" + page + "&per_page=100", null));
            String id = p.byName().get(name);
            if (id != null) {
                return id;
            }
            if (!p.nextPage() || p.byName().isEmpty()) {
                return null;
            }
        }
        return null;
    }
}
