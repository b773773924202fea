package io.playvoxbridge.playvox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every request path, request body and response shape of the Playvox Custom Integrations API that the bridge
 * uses, in one place.
 *
 * <p>Documented (https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems and
 * python-playvox https://pypi.org/project/python-playvox, api-facts section 1): the paths; integration create
 * answers {@code _id}; bulk takes a JSON array of at most 100 interactions and answers a job whose id is
 * {@code result._id}; comments answer {@code result._id}; lists answer {@code {"result":[...],"next_page":bool}}.
 *
 * <p><b>Assumed where Playvox's documents are silent</b> (change them here if the real API differs): the job
 * answers {@code {"success":true,"result":{"_id","status","total","total_completed","total_failed",
 * "completed":[{"_id","interaction_id"}],"failed":[{"interaction_id","error"}]}}}, with {@code status}
 * {@code completed} or {@code failed} once it has ended; a single integration is {@code GET /integrations/{id}}
 * and carries its {@code metadata[]} with {@code field_id}s.
 *
 * <p><b>Assumed from third parties only</b> (api-facts 1.5 and 1.8: python-playvox and
 * https://github.com/xorqie/Playvox-BigQuery-ETL-Data-Pipeline): the list of an integration's interactions,
 * {@code GET /integrations/{id}/interactions?query=<JSON>&page=&per_page=}, filtered with
 * {@code {"interaction_id":{"$in":[...]}}}, answering {@code {"result":[{"_id","interaction_id",...}],
 * "next_page":bool}}; and {@code GET /interactions/{_id}/comments} answering {@code {"result":[{"_id","body",
 * "type",...}],"next_page":bool}}. Only crash reconciliation uses them; the sandbox follows the same assumption.
 */
public final class PlayvoxApi {

    private final ObjectMapper json;

    /** @param json the JSON mapper */
    public PlayvoxApi(ObjectMapper json) {
        this.json = json;
    }

    /** @return {@code /integrations} */
    public static String integrationsPath() {
        return "/integrations";
    }

    /** @return {@code /integrations/{id}} */
    public static String integrationPath(String integrationId) {
        return "/integrations/" + integrationId;
    }

    /** @return {@code /integrations/{id}/metadata} */
    public static String metadataPath(String integrationId) {
        return "/integrations/" + integrationId + "/metadata";
    }

    /** @return {@code /integrations/{id}/bulk/interactions} */
    public static String bulkPath(String integrationId) {
        return "/integrations/" + integrationId + "/bulk/interactions";
    }

    /** @return {@code /jobs/{id}} */
    public static String jobPath(String jobId) {
        return "/jobs/" + jobId;
    }

    /** @return {@code /interactions/{_id}/comments} */
    public static String commentsPath(String playvoxInteractionId) {
        return "/interactions/" + playvoxInteractionId + "/comments";
    }

    /**
     * @param batch at most 100 records
     * @return the bulk body: a JSON array of flat interaction objects
     */
    public String bulkBody(PlayvoxBatch batch) {
        List<Map<String, Object>> items = new ArrayList<>(batch.size());
        batch.records().forEach(r -> items.add(r.interaction().toJson()));
        return write(items);
    }

    /** @return the comment create body {@code {"body","type","author_id","added_at"}} */
    public String commentBody(Comment comment) {
        return write(comment.toJson());
    }

    /** @return any value as JSON */
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** @return {@code /integrations/{id}/interactions} */
    public static String interactionsPath(String integrationId) {
        return "/integrations/" + integrationId + "/interactions";
    }

    /**
     * @param interactionIds at most 100 {@code interaction_id}s
     * @param page           page number from 1
     * @return the query string of an interactions lookup by {@code interaction_id}, URL-encoded
     */
    public String interactionLookupQuery(java.util.Collection<String> interactionIds, int page) {
        String filter = write(Map.of("interaction_id", Map.of("$in", interactionIds)));
        return "query=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8)
                + "&page=" + page + "&per_page=100";
    }

    /**
     * @param listAnswer one page of an interactions list
     * @return Playvox {@code _id} per {@code interaction_id} on the page, and whether another page follows
     */
    public InteractionPage interactionPage(String listAnswer) {
        JsonNode root = read(listAnswer);
        Map<String, String> ids = new LinkedHashMap<>();
        for (JsonNode item : root.path("result")) {
            ids.putIfAbsent(item.path("interaction_id").asText(), item.path("_id").asText());
        }
        return new InteractionPage(ids, root.path("next_page").asBoolean(false));
    }

    /**
     * @param listAnswer {@code GET /interactions/{_id}/comments}'s answer
     * @return each comment as {@code <type>|<body>}, the key used to tell whether a comment is already there
     */
    public Set<String> commentKeys(String listAnswer) {
        Set<String> keys = new java.util.HashSet<>();
        for (JsonNode item : read(listAnswer).path("result")) {
            keys.add(item.path("type").asText() + "|" + item.path("body").asText());
        }
        return keys;
    }

    /**
     * @param listAnswer {@code GET /interactions/{_id}/comments}'s answer
     * @return how many comments of each {@code <type>|<body>} the interaction holds: an interaction may have two
     *         comments with the same text (a customer writing "ok" twice), and each counts
     */
    public Map<String, Integer> commentCounts(String listAnswer) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (JsonNode item : read(listAnswer).path("result")) {
            counts.merge(item.path("type").asText() + "|" + item.path("body").asText(), 1, Integer::sum);
        }
        return counts;
    }

    /** @return the key of a comment as {@link #commentKeys} and {@link #commentCounts} build them */
    public static String commentKey(Comment comment) {
        return comment.type().apiName() + "|" + comment.body();
    }

    /**
     * @param bulkAnswer the bulk endpoint's answer
     * @return the job id ({@code result._id})
     * @throws PlayvoxAnswerException when the answer has no job id
     */
    public String jobId(String bulkAnswer) {
        JsonNode id = read(bulkAnswer).path("result").path("_id");
        if (!id.isTextual() || id.asText().isEmpty()) {
            throw new PlayvoxAnswerException("bulk answer has no result._id: " + shorten(bulkAnswer));
        }
        return id.asText();
    }

    /**
     * @param jobAnswer {@code GET /jobs/{id}}'s answer
     * @return the job
     * @throws PlayvoxAnswerException when the answer is not a job
     */
    public PlayvoxJob job(String jobAnswer) {
        JsonNode result = read(jobAnswer).path("result");
        if (!result.isObject() || !result.path("status").isTextual()) {
            throw new PlayvoxAnswerException("job answer has no result.status: " + shorten(jobAnswer));
        }
        Map<String, String> completed = new LinkedHashMap<>();
        for (JsonNode item : result.path("completed")) {
            completed.put(item.path("interaction_id").asText(), item.path("_id").asText());
        }
        Map<String, String> failed = new LinkedHashMap<>();
        for (JsonNode item : result.path("failed")) {
            JsonNode error = item.path("error");
            failed.put(item.path("interaction_id").asText(), error.isTextual() ? error.asText() : error.toString());
        }
        return new PlayvoxJob(result.path("_id").asText(), result.path("status").asText(), completed, failed);
    }

    /**
     * @param listAnswer one page of {@code GET /integrations}
     * @return the page's integrations (name to {@code _id}) and whether another page follows
     */
    public IntegrationPage integrationPage(String listAnswer) {
        JsonNode root = read(listAnswer);
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode item : root.path("result")) {
            byName.putIfAbsent(item.path("name").asText(), item.path("_id").asText());
        }
        return new IntegrationPage(byName, root.path("next_page").asBoolean(false));
    }

    /**
     * @param createAnswer {@code POST /integrations}'s answer
     * @return the new integration's {@code _id} (top-level, or under {@code result})
     * @throws PlayvoxAnswerException when there is none
     */
    public String createdId(String createAnswer) {
        JsonNode root = read(createAnswer);
        JsonNode id = root.path("_id").isTextual() ? root.path("_id") : root.path("result").path("_id");
        if (!id.isTextual() || id.asText().isEmpty()) {
            throw new PlayvoxAnswerException("answer has no _id: " + shorten(createAnswer));
        }
        return id.asText();
    }

    /**
     * @param integrationAnswer {@code GET /integrations/{id}}'s answer (the object, or under {@code result})
     * @return the {@code field_id}s of its metadata
     */
    public Set<String> metadataFieldIds(String integrationAnswer) {
        JsonNode root = read(integrationAnswer);
        JsonNode metadata = root.has("metadata") ? root.path("metadata") : root.path("result").path("metadata");
        Set<String> ids = new TreeSet<>();
        for (JsonNode field : metadata) {
            ids.add(field.path("field_id").asText());
        }
        return ids;
    }

    private JsonNode read(String answer) {
        try {
            return json.readTree(answer == null ? "" : answer);
        } catch (JsonProcessingException e) {
            throw new PlayvoxAnswerException("Playvox answered malformed JSON: " + shorten(answer));
        }
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /**
     * One page of integrations.
     *
     * @param byName   {@code _id} per integration name
     * @param nextPage whether another page follows
     */
    public record IntegrationPage(Map<String, String> byName, boolean nextPage) {
    }

    /**
     * One page of an interactions lookup.
     *
     * @param ids      Playvox {@code _id} per {@code interaction_id}
     * @param nextPage whether another page follows
     */
    public record InteractionPage(Map<String, String> ids, boolean nextPage) {
    }

    /** Playvox answered 2xx with a body that is not what {@link PlayvoxApi} expects. */
    public static final class PlayvoxAnswerException extends RuntimeException {
        /** @param message what was expected and what came */
        public PlayvoxAnswerException(String message) {
            super(message);
        }
    }
}
