package io.playvoxbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The in-memory state and rules of {@link PlayvoxFake}: integrations, metadata, bulk jobs, interactions, comments.
 * Every method is synchronized on the store; answers are plain maps/lists for Jackson.
 */
final class PlayvoxStore {

    /** A JSON answer: HTTP status and body. */
    record Answer(int status, Object body) {
        static Answer ok(Object body) {
            return new Answer(200, body);
        }

        static Answer error(int status, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", false);
            body.put("error", message);
            return new Answer(status, body);
        }
    }

    static final int MAX_STORAGE_MINUTES = 129_600;
    static final int MAX_BULK = 100;
    static final int MAX_INTERACTION_ID = 68;
    static final int MAX_PER_PAGE = 100;
    static final int DEFAULT_PER_PAGE = 12;
    static final Set<String> TYPES = Set.of("string", "integer", "float", "list", "boolean", "datetime");
    static final Set<String> RESERVED = Set.of("created_at", "updated_at", "interaction_id", "assignee_id");
    static final Set<String> COMMENT_TYPES = Set.of("customer_comment", "agent_comment", "internal_note");
    static final Set<String> METADATA_KEYS = Set.of("field_id", "type", "allowed", "required", "available_in",
            "integration_id");
    static final Set<String> AVAILABLE_IN = Set.of("filters", "display");
    static final String SIMULATED_ITEM_FAILURE = "sandbox: simulated item failure";
    private static final Pattern FIELD_ID = Pattern.compile("^[a-z_]{3,30}$");

    private static final class Integration {
        final String id;
        final String name;
        final String description;
        final int storageMinutes;
        final List<Field> fields = new ArrayList<>();
        final Map<String, Item> byInteractionId = new LinkedHashMap<>();

        Integration(String id, String name, String description, int storageMinutes) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.storageMinutes = storageMinutes;
        }

        Field field(String fieldId) {
            return fields.stream().filter(f -> f.fieldId().equals(fieldId)).findFirst().orElse(null);
        }
    }

    private record Field(String id, String fieldId, String type, List<String> allowed, boolean required,
                         List<String> availableIn) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("_id", id);
            json.put("field_id", fieldId);
            json.put("type", type);
            json.put("allowed", allowed);
            json.put("required", required);
            json.put("available_in", availableIn);
            return json;
        }
    }

    private static final class Item {
        final String id;
        final Integration integration;
        final String interactionId;
        String assigneeId;
        Map<String, Object> metadata;
        int received = 1;
        /** When the job that first carried it ended and stored it. */
        final Instant storedAt = Instant.now();
        final List<PlayvoxFake.StoredComment> comments = new ArrayList<>();

        Item(String id, Integration integration, String interactionId, String assigneeId, Map<String, Object> metadata) {
            this.id = id;
            this.integration = integration;
            this.interactionId = interactionId;
            this.assigneeId = assigneeId;
            this.metadata = metadata;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("_id", id);
            json.put("interaction_id", interactionId);
            json.put("assignee_id", assigneeId);
            json.putAll(metadata);
            return json;
        }

        PlayvoxFake.StoredInteraction snapshot() {
            return new PlayvoxFake.StoredInteraction(integration.name, id, interactionId, assigneeId,
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata)), received, List.copyOf(comments));
        }
    }

    private static final class Job {
        final String id;
        final long seq;
        final Integration integration;
        final List<JsonNode> items;
        final long createdNanos;
        final double failureRate;
        final boolean neverEnding;
        boolean processed;
        final List<Map<String, Object>> completed = new ArrayList<>();
        final List<Map<String, Object>> failed = new ArrayList<>();

        Job(String id, long seq, Integration integration, List<JsonNode> items, long createdNanos, double failureRate,
            boolean neverEnding) {
            this.id = id;
            this.seq = seq;
            this.integration = integration;
            this.items = items;
            this.createdNanos = createdNanos;
            this.failureRate = failureRate;
            this.neverEnding = neverEnding;
        }
    }

    private final long seed;
    private final Set<String> users;
    private final Duration jobDuration;
    private final ScheduledExecutorService scheduler;
    private final String idPrefix;
    private long idSeq;
    private long jobSeq;
    private final Map<String, Integration> integrations = new LinkedHashMap<>();
    private final Map<String, Item> items = new HashMap<>();
    private final List<Item> itemOrder = new ArrayList<>();
    private final Map<String, Job> jobs = new HashMap<>();
    private final List<Integer> bulkSizes = new ArrayList<>();
    private int integrationsCreated;
    private int metadataFieldsCreated;
    private int duplicateReceipts;
    private int rejectedItems;
    private int comments;
    private int neverEndingJobs;

    /**
     * @param seed        seed of ids and of simulated item failures
     * @param users       known Playvox users (e-mail or username); empty = any non-empty assignee is accepted
     * @param jobDuration how long a bulk job takes
     * @param scheduler   runs jobs when they are due
     */
    PlayvoxStore(long seed, Set<String> users, Duration jobDuration, ScheduledExecutorService scheduler) {
        this.seed = seed;
        this.users = Set.copyOf(users);
        this.jobDuration = jobDuration;
        this.scheduler = scheduler;
        this.idPrefix = HexFormat.of().toHexDigits((int) Chat4RecordGenerator.mix64(seed));
    }

    private String newId() {
        return idPrefix + HexFormat.of().toHexDigits(Chat4RecordGenerator.mix64(++idSeq));
    }

    // ---------------------------------------------------------------- integrations

    synchronized Answer listIntegrations(int page, int perPage) {
        List<Map<String, Object>> all = integrations.values().stream().map(this::integrationJson).toList();
        return Answer.ok(page(all, page, perPage));
    }

    synchronized Answer getIntegration(String id) {
        Integration integration = integrations.get(id);
        return integration == null ? notFound(id) : Answer.ok(integrationJson(integration));
    }

    synchronized Answer createIntegration(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Answer.error(400, "body must be a JSON object with name, description and settings");
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            return Answer.error(400, "name is required and must be a non-empty string");
        }
        JsonNode description = body.get("description");
        if (description == null || !description.isTextual()) {
            return Answer.error(400, "description is required and must be a string");
        }
        JsonNode settings = body.get("settings");
        JsonNode minutes = settings == null ? null : settings.get("data_storage_minutes");
        if (minutes == null || !minutes.isIntegralNumber() || minutes.asLong() < 1
                || minutes.asLong() > MAX_STORAGE_MINUTES) {
            return Answer.error(400, "settings.data_storage_minutes is required and must be an integer from 1 to "
                    + MAX_STORAGE_MINUTES);
        }
        Integration integration = new Integration(newId(), name.asText(), description.asText(), minutes.asInt());
        integrations.put(integration.id, integration);
        integrationsCreated++;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.putAll(integrationJson(integration));
        return Answer.ok(answer);
    }

    private Map<String, Object> integrationJson(Integration integration) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", integration.id);
        json.put("name", integration.name);
        json.put("description", integration.description);
        json.put("settings", Map.of("data_storage_minutes", integration.storageMinutes));
        json.put("metadata", integration.fields.stream().map(Field::json).toList());
        return json;
    }

    // ---------------------------------------------------------------- metadata

    synchronized Answer addMetadata(String integrationId, JsonNode body) {
        Integration integration = integrations.get(integrationId);
        if (integration == null) {
            return notFound(integrationId);
        }
        if (body == null || !body.isObject()) {
            return Answer.error(400, "body must be a JSON object with field_id and type");
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!METADATA_KEYS.contains(key)) {
                return Answer.error(400, "unknown property " + key + "; allowed: field_id, type, allowed, required, available_in");
            }
        }
        JsonNode fieldId = body.get("field_id");
        if (fieldId == null || !fieldId.isTextual() || !FIELD_ID.matcher(fieldId.asText()).matches()) {
            return Answer.error(400, "field_id must be 3-30 characters of a-z and _ (got " + fieldId + ")");
        }
        String id = fieldId.asText();
        if (RESERVED.contains(id)) {
            return Answer.error(400, "field_id " + id + " is reserved");
        }
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual() || !TYPES.contains(type.asText())) {
            return Answer.error(400, "type must be one of string, integer, float, list, boolean, datetime (got "
                    + type + ")");
        }
        List<String> allowed = new ArrayList<>();
        JsonNode allowedNode = body.get("allowed");
        if (allowedNode != null && !allowedNode.isNull()) {
            if (!allowedNode.isArray()) {
                return Answer.error(400, "allowed must be an array of strings");
            }
            for (JsonNode value : allowedNode) {
                if (!value.isTextual()) {
                    return Answer.error(400, "allowed must be an array of strings");
                }
                allowed.add(value.asText());
            }
        }
        JsonNode required = body.get("required");
        if (required != null && !required.isNull() && !required.isBoolean()) {
            return Answer.error(400, "required must be a boolean");
        }
        List<String> availableIn = new ArrayList<>();
        JsonNode availableNode = body.get("available_in");
        if (availableNode != null && !availableNode.isNull()) {
            if (!availableNode.isArray()) {
                return Answer.error(400, "available_in must be an array of filters and/or display");
            }
            for (JsonNode value : availableNode) {
                if (!value.isTextual() || !AVAILABLE_IN.contains(value.asText())) {
                    return Answer.error(400, "available_in must be an array of filters and/or display (got " + value + ")");
                }
                availableIn.add(value.asText());
            }
        }
        if (integration.field(id) != null) {
            return Answer.error(400, "field_id " + id + " already exists in integration " + integration.id);
        }
        integration.fields.add(new Field(newId(), id, type.asText(), List.copyOf(allowed),
                required != null && required.asBoolean(), List.copyOf(availableIn)));
        metadataFieldsCreated++;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("metadata", integration.fields.stream().map(Field::json).toList());
        return Answer.ok(answer);
    }

    // ---------------------------------------------------------------- bulk jobs

    /**
     * Accepts a bulk request as a job.
     *
     * @param itemFailureRate    share of otherwise valid items that fail when the job ends
     * @param neverEndingJobRate share of jobs (a seeded draw of the job's sequence number) that stay pending forever
     */
    synchronized Answer bulk(String integrationId, JsonNode body, double itemFailureRate, double neverEndingJobRate) {
        Integration integration = integrations.get(integrationId);
        if (integration == null) {
            return notFound(integrationId);
        }
        if (body == null || !body.isArray()) {
            return Answer.error(400, "body must be a JSON array of 1 to 100 interactions");
        }
        if (body.isEmpty()) {
            return Answer.error(400, "at least 1 interaction per request");
        }
        if (body.size() > MAX_BULK) {
            return Answer.error(400, "at most 100 interactions per request (got " + body.size() + ")");
        }
        List<JsonNode> list = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            if (!body.get(i).isObject()) {
                return Answer.error(400, "interaction " + i + " is not a JSON object");
            }
            list.add(body.get(i).deepCopy());
        }
        if (integration.fields.stream().noneMatch(f -> f.type().equals("datetime"))) {
            return Answer.error(400, "integration " + integration.id
                    + " has no datetime metadata field; create at least one before sending interactions");
        }
        long seq = ++jobSeq;
        boolean neverEnding = SeededDraws.hit(seed, seq, SeededDraws.NEVER_ENDING_JOB, neverEndingJobRate);
        Job job = new Job(newId(), seq, integration, List.copyOf(list), System.nanoTime(), itemFailureRate,
                neverEnding);
        jobs.put(job.id, job);
        bulkSizes.add(list.size());
        if (neverEnding) {
            neverEndingJobs++;
        } else {
            scheduler.schedule(() -> process(job.id), jobDuration.toNanos(), TimeUnit.NANOSECONDS);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("_id", job.id);
        result.put("status", "pending");
        result.put("total", list.size());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("result", result);
        return Answer.ok(answer);
    }

    synchronized Answer job(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return Answer.error(404, "job " + jobId + " not found");
        }
        long elapsed = System.nanoTime() - job.createdNanos;
        String status;
        if (job.neverEnding) {
            status = "pending";
        } else if (elapsed >= jobDuration.toNanos()) {
            process(jobId);
            status = job.completed.isEmpty() ? "failed" : "completed";
        } else {
            status = elapsed < jobDuration.toNanos() / 3 ? "pending" : "in_progress";
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("_id", job.id);
        result.put("status", status);
        result.put("total", job.items.size());
        result.put("total_completed", job.completed.size());
        result.put("total_failed", job.failed.size());
        result.put("completed", List.copyOf(job.completed));
        result.put("failed", List.copyOf(job.failed));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("result", result);
        return Answer.ok(answer);
    }

    /** Ends a job once: validates every item, stores the accepted ones. */
    synchronized void process(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null || job.processed || job.neverEnding) {
            return;
        }
        job.processed = true;
        Random random = new Random(Chat4RecordGenerator.mix64(seed ^ Chat4RecordGenerator.mix64(job.seq)));
        for (JsonNode node : job.items) {
            String error = validate(job.integration, node);
            boolean simulated = random.nextDouble() < job.failureRate;
            if (error == null && simulated) {
                error = SIMULATED_ITEM_FAILURE;
            }
            JsonNode idNode = node.get("interaction_id");
            String interactionId = idNode == null || idNode.isNull() ? null
                    : idNode.isTextual() ? idNode.asText() : idNode.toString();
            if (error != null) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("interaction_id", interactionId);
                failure.put("error", error);
                job.failed.add(failure);
                rejectedItems++;
                continue;
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getKey().equals("interaction_id") && !e.getKey().equals("assignee_id")) {
                    metadata.put(e.getKey(), SandboxHttp.JSON.convertValue(e.getValue(), Object.class));
                }
            }
            String assignee = node.get("assignee_id").asText();
            Item item = job.integration.byInteractionId.get(interactionId);
            if (item == null) {
                item = new Item(newId(), job.integration, interactionId, assignee, metadata);
                job.integration.byInteractionId.put(interactionId, item);
                items.put(item.id, item);
                itemOrder.add(item);
            } else {
                item.received++;
                item.assigneeId = assignee;
                item.metadata = metadata;
                duplicateReceipts++;
            }
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("_id", item.id);
            done.put("interaction_id", interactionId);
            job.completed.add(done);
        }
    }

    /** @return null if the item is valid, else every problem joined by "; " */
    private String validate(Integration integration, JsonNode item) {
        List<String> errors = new ArrayList<>();
        JsonNode id = item.get("interaction_id");
        if (id == null || id.isNull()) {
            errors.add("interaction_id is required");
        } else if (!id.isTextual()) {
            errors.add("interaction_id must be a string");
        } else {
            int length = id.asText().codePointCount(0, id.asText().length());
            if (length < 1 || length > MAX_INTERACTION_ID) {
                errors.add("interaction_id must be 1-68 characters (got " + length + ")");
            }
        }
        JsonNode assignee = item.get("assignee_id");
        if (assignee == null || assignee.isNull() || (assignee.isTextual() && assignee.asText().isBlank())) {
            errors.add("assignee_id is required");
        } else if (!assignee.isTextual()) {
            errors.add("assignee_id must be a string");
        } else if (!users.isEmpty() && !users.contains(assignee.asText())) {
            errors.add("assignee_id " + assignee.asText() + " is not a Playvox user");
        }
        for (Map.Entry<String, JsonNode> entry : item.properties()) {
            String key = entry.getKey();
            if (key.equals("interaction_id") || key.equals("assignee_id")) {
                continue;
            }
            Field field = integration.field(key);
            if (field == null) {
                errors.add("unknown metadata field " + key);
                continue;
            }
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            String problem = typeProblem(field, value);
            if (problem != null) {
                errors.add("metadata field " + key + " " + problem);
            }
        }
        for (Field field : integration.fields) {
            JsonNode value = item.get(field.fieldId());
            if (field.required() && (value == null || value.isNull())) {
                errors.add("required metadata field " + field.fieldId() + " is missing");
            }
        }
        return errors.isEmpty() ? null : String.join("; ", errors);
    }

    private static String typeProblem(Field field, JsonNode value) {
        switch (field.type()) {
            case "string":
                return value.isTextual() ? null : "must be a string";
            case "integer":
                return value.isIntegralNumber() ? null : "must be an integer";
            case "float":
                return value.isNumber() ? null : "must be a number";
            case "boolean":
                return value.isBoolean() ? null : "must be a boolean";
            case "datetime":
                if (!value.isTextual()) {
                    return "must be an ISO-8601 date-time string with an offset";
                }
                try {
                    OffsetDateTime.parse(value.asText());
                    return null;
                } catch (DateTimeParseException e) {
                    return "must be an ISO-8601 date-time with an explicit offset (got " + value.asText() + ")";
                }
            case "list":
                if (!value.isTextual()) {
                    return "must be a string";
                }
                return field.allowed().isEmpty() || field.allowed().contains(value.asText()) ? null
                        : "value " + value.asText() + " is not one of " + field.allowed();
            default:
                return "has an unknown type " + field.type();
        }
    }

    // ---------------------------------------------------------------- interactions and comments

    synchronized Answer listInteractions(String integrationId, int page, int perPage, JsonNode query) {
        Integration integration = integrations.get(integrationId);
        if (integration == null) {
            return notFound(integrationId);
        }
        if (query != null && !query.isObject()) {
            return Answer.error(400, "query must be a JSON object");
        }
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Item item : integration.byInteractionId.values()) {
            Map<String, Object> json = item.json();
            if (query == null || matches(json, query)) {
                matching.add(json);
            }
        }
        return Answer.ok(page(matching, page, perPage));
    }

    private static boolean matches(Map<String, Object> json, JsonNode query) {
        for (Map.Entry<String, JsonNode> condition : query.properties()) {
            Object actual = json.get(condition.getKey());
            JsonNode expected = condition.getValue();
            if (expected.isObject() && expected.has("$in") && expected.get("$in").isArray()) {
                boolean any = false;
                for (JsonNode candidate : expected.get("$in")) {
                    any |= same(actual, candidate);
                }
                if (!any) {
                    return false;
                }
            } else if (!same(actual, expected)) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(Object actual, JsonNode expected) {
        Object value = SandboxHttp.JSON.convertValue(expected, Object.class);
        if (actual instanceof Number a && value instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return java.util.Objects.equals(actual, value);
    }

    synchronized Answer addComment(String interactionId, JsonNode body) {
        Item item = items.get(interactionId);
        if (item == null) {
            return Answer.error(404, "interaction " + interactionId + " not found");
        }
        if (body == null || !body.isObject()) {
            return Answer.error(400, "body must be a JSON object with body, type and author_id");
        }
        JsonNode text = body.get("body");
        if (text == null || !text.isTextual() || text.asText().isEmpty()) {
            return Answer.error(400, "body is required and must be a non-empty string");
        }
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual() || !COMMENT_TYPES.contains(type.asText())) {
            return Answer.error(400, "type must be one of customer_comment, agent_comment, internal_note (got "
                    + type + ")");
        }
        JsonNode author = body.get("author_id");
        if (author == null || !author.isTextual() || author.asText().isBlank()) {
            return Answer.error(400, "author_id is required and must be a non-empty string");
        }
        JsonNode addedAt = body.get("added_at");
        String added;
        if (addedAt == null || addedAt.isNull()) {
            added = OffsetDateTime.now(ZoneOffset.UTC).toString();
        } else {
            try {
                if (!addedAt.isTextual()) {
                    throw new DateTimeParseException("not a string", addedAt.toString(), 0);
                }
                OffsetDateTime.parse(addedAt.asText());
                added = addedAt.asText();
            } catch (DateTimeParseException e) {
                return Answer.error(400, "added_at must be an ISO-8601 date-time with an explicit offset (got "
                        + addedAt + ")");
            }
        }
        PlayvoxFake.StoredComment comment = new PlayvoxFake.StoredComment(newId(), text.asText(), type.asText(),
                author.asText(), added);
        item.comments.add(comment);
        comments++;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("result", Map.of("_id", comment.id()));
        return Answer.ok(answer);
    }

    synchronized Answer listComments(String interactionId) {
        Item item = items.get(interactionId);
        if (item == null) {
            return Answer.error(404, "interaction " + interactionId + " not found");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("result", item.comments.stream().map(PlayvoxStore::commentJson).toList());
        answer.put("next_page", false);
        return Answer.ok(answer);
    }

    static Map<String, Object> commentJson(PlayvoxFake.StoredComment comment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", comment.id());
        json.put("body", comment.body());
        json.put("type", comment.type());
        json.put("author_id", comment.authorId());
        json.put("added_at", comment.addedAt());
        return json;
    }

    // ---------------------------------------------------------------- inspection

    synchronized List<PlayvoxFake.StoredInteraction> interactions(String integrationName) {
        return itemOrder.stream()
                .filter(item -> integrationName == null || item.integration.name.equals(integrationName))
                .map(Item::snapshot)
                .toList();
    }

    synchronized List<Map<String, Object>> interactionsView(String integrationName) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Item item : itemOrder) {
            if (integrationName != null && !item.integration.name.equals(integrationName)) {
                continue;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("integration", item.integration.name);
            json.put("integration_id", item.integration.id);
            json.put("_id", item.id);
            json.put("interaction_id", item.interactionId);
            json.put("assignee_id", item.assigneeId);
            json.put("metadata", item.metadata);
            json.put("received_count", item.received);
            json.put("stored_at", item.storedAt.toString());
            json.put("comments", item.comments.stream().map(PlayvoxStore::commentJson).toList());
            out.add(json);
        }
        return out;
    }

    synchronized Map<String, Object> stats(Map<String, Integer> requestsByStatus) {
        Map<Integer, Integer> sizes = new TreeMap<>();
        bulkSizes.forEach(size -> sizes.merge(size, 1, Integer::sum));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("integrations", integrations.size());
        stats.put("interactions", items.size());
        stats.put("comments", comments);
        stats.put("bulk_requests", bulkSizes.size());
        Map<String, Integer> sizeMap = new LinkedHashMap<>();
        sizes.forEach((size, count) -> sizeMap.put(Integer.toString(size), count));
        stats.put("bulk_sizes", sizeMap);
        stats.put("duplicate_receipts", duplicateReceipts);
        stats.put("rejected_items", rejectedItems);
        stats.put("requests_by_status", requestsByStatus);
        return stats;
    }

    synchronized List<Integer> bulkSizes() {
        return List.copyOf(bulkSizes);
    }

    synchronized int integrationsCreated() {
        return integrationsCreated;
    }

    synchronized int metadataFieldsCreated() {
        return metadataFieldsCreated;
    }

    synchronized int duplicateReceipts() {
        return duplicateReceipts;
    }

    synchronized int rejectedItems() {
        return rejectedItems;
    }

    /** @return accepted bulk jobs that stay pending forever */
    synchronized int neverEndingJobs() {
        return neverEndingJobs;
    }

    private static Answer notFound(String integrationId) {
        return Answer.error(404, "integration " + integrationId + " not found");
    }

    private static Map<String, Object> page(List<Map<String, Object>> all, int page, int perPage) {
        int size = Math.min(perPage, MAX_PER_PAGE);
        long from = (long) (page - 1) * size;
        List<Map<String, Object>> slice = from >= all.size() ? List.of()
                : all.subList((int) from, (int) Math.min(all.size(), from + size));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("result", List.copyOf(slice));
        json.put("next_page", from + size < all.size());
        return json;
    }
}
