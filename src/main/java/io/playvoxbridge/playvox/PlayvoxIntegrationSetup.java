package io.playvoxbridge.playvox;

import io.playvoxbridge.state.IntegrationIdStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Setup of each feed's Playvox integration: find it by name or create it ({@code name}, {@code description},
 * {@code settings.data_storage_minutes}), then create the metadata fields it lacks. Idempotent: a restart
 * creates nothing new. {@link #plan} tells what {@code ensure} would create, asking Playvox with GETs only; in a dry
 * run ({@code bridge.dry-run=true}) {@code ensure} only plans, logs what it would create and hands out a placeholder
 * id for a missing integration. Follows steps 1 and 2 of
 * https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems (api-facts 1.3, 1.4).
 */
public final class PlayvoxIntegrationSetup {

    private static final Logger LOG = LoggerFactory.getLogger(PlayvoxIntegrationSetup.class);

    private final PlayvoxRequests requests;
    private final PlayvoxApi api;
    private final IntegrationIdStore idStore;
    private final Map<String, String> readyIds = new ConcurrentHashMap<>();
    private final boolean dryRun;

    /**
     * @param requests the Playvox request route
     * @param api      request and answer shapes
     * @param idStore  the state database's cache of integration ids
     */
    public PlayvoxIntegrationSetup(PlayvoxRequests requests, PlayvoxApi api, IntegrationIdStore idStore) {
        this(requests, api, idStore, false);
    }

    /**
     * @param requests the Playvox request route
     * @param api      request and answer shapes
     * @param idStore  the state database's cache of integration ids
     * @param dryRun   true ({@code bridge.dry-run}): {@link #ensure} creates nothing and stores no id
     */
    public PlayvoxIntegrationSetup(PlayvoxRequests requests, PlayvoxApi api, IntegrationIdStore idStore, boolean dryRun) {
        this.requests = requests;
        this.api = api;
        this.idStore = idStore;
        this.dryRun = dryRun;
    }

    /** @return true in a dry run: nothing is created in Playvox, no window commits, nothing is recorded as sent */
    public boolean dryRun() {
        return dryRun;
    }

    /**
     * What {@link #ensure} would do for an integration: asks Playvox with GETs only (the integrations list, then the
     * integration's metadata when it exists) and changes nothing.
     *
     * @param definition the validated integration file
     * @return the difference between the file and Playvox
     * @throws RuntimeException when Playvox cannot be reached or refuses (after the request route's retries)
     */
    public IntegrationPlan plan(IntegrationDefinition definition) {
        List<String> fields = definition.metadata().stream().map(MetadataField::fieldId).toList();
        String id = findByName(definition.name());
        if (id == null) {
            return new IntegrationPlan(definition.name(), null, List.of(), fields, List.of());
        }
        Set<String> existing = api.metadataFieldIds(requests.send("GET", PlayvoxApi.integrationPath(id), null, null));
        return new IntegrationPlan(definition.name(), id, fields.stream().filter(existing::contains).toList(),
                fields.stream().filter(f -> !existing.contains(f)).toList(),
                existing.stream().filter(f -> !fields.contains(f)).sorted().toList());
    }

    /**
     * The difference between an integration file and Playvox.
     *
     * @param name          the integration's name
     * @param existingId    its Playvox {@code _id}, or null when Playvox has no integration of that name
     * @param presentFields metadata field ids of the file that Playvox has
     * @param missingFields metadata field ids of the file that Playvox lacks (to be created), in the file's order
     * @param extraFields   metadata field ids Playvox has that the file does not name (left alone)
     */
    public record IntegrationPlan(String name, String existingId, List<String> presentFields, List<String> missingFields,
                                  List<String> extraFields) {
        /** @return true when the integration and every field of the file exist: nothing to create */
        public boolean upToDate() {
            return existingId != null && missingFields.isEmpty();
        }

        /** @return the placeholder id a dry run uses for an integration that does not exist yet */
        public String placeholderId() {
            return "dry-run-" + name.replaceAll("[^A-Za-z0-9_.-]", "_");
        }
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
        if (dryRun) {
            IntegrationPlan plan = plan(definition);
            if (plan.existingId() == null) {
                LOG.info("DRY RUN: Playvox integration '{}' would be created with metadata {}; placeholder id {}",
                        definition.name(), plan.missingFields(), plan.placeholderId());
            } else if (!plan.missingFields().isEmpty()) {
                LOG.info("DRY RUN: Playvox integration '{}' (_id {}) would get metadata field(s) {}", definition.name(),
                        plan.existingId(), plan.missingFields());
            }
            String id = plan.existingId() == null ? plan.placeholderId() : plan.existingId();
            readyIds.put(definition.name(), id);
            return id;
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
