package io.playvoxbridge.playvox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads an {@code integrations/<name>.yaml} file and checks it against Playvox's rules before anything calls
 * Playvox (api-facts 1.3 and 1.4; https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems
 * steps 1 and 2). The format uses Playvox's own key names plus {@code source}:
 * <pre>
 * name: wolkvox-chat
 * description: Wolkvox e-mail and social interactions (chat_4)
 * settings:
 *   data_storage_minutes: 129600
 * metadata:
 *   - field_id: date_creation
 *     type: datetime
 *     source: date_creation
 *     required: true                 # default false
 *     allowed: []                    # default []; a list field needs at least one value
 *     available_in: [filters, display]   # default [filters, display]
 * </pre>
 * Rules: {@code name} (at most 100 characters) and {@code description} are non-empty; {@code data_storage_minutes}
 * is 1-129600; {@code metadata} is non-empty; each {@code field_id} matches {@code ^[a-z_]{3,30}$}, is unique and is
 * not {@code created_at} or {@code updated_at}; {@code type} is string, integer, float, list, boolean or datetime;
 * at least one field is a datetime; {@code source} is non-empty; a list field has a non-empty {@code allowed};
 * {@code available_in} holds only {@code filters} and {@code display}; unknown and duplicate keys are refused.
 * Items are numbered from 0 in messages ({@code metadata[0]} is the first field).
 */
public final class IntegrationDefinitionLoader {

    /** Longest time Playvox keeps data, in minutes (90 days). */
    public static final int MAX_DATA_STORAGE_MINUTES = 129_600;
    /** Longest integration name, in characters (the state database's key). */
    public static final int MAX_NAME_LENGTH = 100;

    private static final Pattern FIELD_ID = Pattern.compile("[a-z_]{3,30}");
    private static final Set<String> RESERVED = Set.of("created_at", "updated_at");
    private static final Set<String> AVAILABLE_IN = Set.of("filters", "display");
    private static final List<String> TOP_KEYS = List.of("name", "description", "settings", "metadata");
    private static final List<String> SETTINGS_KEYS = List.of("data_storage_minutes");
    private static final List<String> FIELD_KEYS =
            List.of("field_id", "type", "source", "required", "allowed", "available_in");

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private IntegrationDefinitionLoader() {
    }

    /**
     * Loads and checks an integration definition.
     *
     * @param location a file path ({@code integrations/wolkvox-chat.yaml}) or {@code classpath:<resource>}; a relative
     *                 path that is not a file is also looked up on the classpath, where the jar packages
     *                 {@code integrations/*.yaml}
     * @return the definition, with defaults applied
     * @throws IntegrationDefinitionException if the file is missing or unreadable, is not YAML, or breaks a rule; the
     *                                        message names the file and each offending field, one per line
     */
    public static IntegrationDefinition load(String location) {
        if (location == null || location.isBlank()) {
            throw new IntegrationDefinitionException(List.of("integration definition: no file given"), null);
        }
        return parse(location, read(location));
    }

    /**
     * Parses and checks the text of a definition; {@code location} only names it in messages.
     *
     * @throws IntegrationDefinitionException as {@link #load(String)}
     */
    static IntegrationDefinition parse(String location, String yaml) {
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new IntegrationDefinitionException(List.of(location + ": not valid YAML"
                    + (line > 0 ? " at line " + line : "") + ": "
                    + e.getOriginalMessage().replaceAll("\\s+", " ").strip()), e);
        }
        return new Checker(location).check(root);
    }

    /** Collects every problem of one file, then either throws them all or builds the definition. */
    private static final class Checker {
        private final String location;
        private final List<String> problems = new ArrayList<>();

        Checker(String location) {
            this.location = location;
        }

        IntegrationDefinition check(JsonNode root) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                fail("the file is empty; expected name, description, settings and metadata");
                throw done();
            }
            if (!root.isObject()) {
                fail("the file must be a mapping with name, description, settings and metadata");
                throw done();
            }
            unknownKeys(root, "", TOP_KEYS);
            String name = text(root, "name", "name");
            if (name != null && name.length() > MAX_NAME_LENGTH) {
                fail("name '" + name + "' is longer than " + MAX_NAME_LENGTH + " characters");
            }
            String description = text(root, "description", "description");
            int minutes = dataStorageMinutes(root.get("settings"));
            List<MetadataField> fields = metadata(root.get("metadata"));
            if (!problems.isEmpty()) {
                throw done();
            }
            return new IntegrationDefinition(name, description, minutes, fields, location);
        }

        private int dataStorageMinutes(JsonNode settings) {
            if (settings == null || settings.isNull()) {
                fail("settings is missing; it needs data_storage_minutes (1-" + MAX_DATA_STORAGE_MINUTES + ")");
                return 0;
            }
            if (!settings.isObject()) {
                fail("settings must be a mapping with data_storage_minutes");
                return 0;
            }
            unknownKeys(settings, "settings.", SETTINGS_KEYS);
            JsonNode minutes = settings.get("data_storage_minutes");
            if (minutes == null || minutes.isNull()) {
                fail("settings.data_storage_minutes is missing (1-" + MAX_DATA_STORAGE_MINUTES + " minutes)");
                return 0;
            }
            if (!minutes.isIntegralNumber() || !minutes.canConvertToInt()
                    || minutes.intValue() < 1 || minutes.intValue() > MAX_DATA_STORAGE_MINUTES) {
                fail("settings.data_storage_minutes " + show(minutes) + " must be a whole number of minutes from 1 to "
                        + MAX_DATA_STORAGE_MINUTES + " (90 days)");
                return 0;
            }
            return minutes.intValue();
        }

        private List<MetadataField> metadata(JsonNode metadata) {
            List<MetadataField> fields = new ArrayList<>();
            if (metadata == null || metadata.isNull()) {
                fail("metadata is missing; it must list at least one field");
                return fields;
            }
            if (!metadata.isArray() || metadata.isEmpty()) {
                fail("metadata must be a list of at least one field");
                return fields;
            }
            Map<String, Integer> seen = new HashMap<>();
            boolean datetime = false;
            for (int i = 0; i < metadata.size(); i++) {
                String path = "metadata[" + i + "]";
                JsonNode item = metadata.get(i);
                if (!item.isObject()) {
                    fail(path + " must be a mapping with field_id, type and source");
                    continue;
                }
                unknownKeys(item, path + ".", FIELD_KEYS);
                String fieldId = text(item, "field_id", path + ".field_id");
                if (fieldId != null) {
                    if (!FIELD_ID.matcher(fieldId).matches()) {
                        fail(path + ".field_id '" + fieldId + "' must be 3-30 characters of a-z and _");
                    } else if (RESERVED.contains(fieldId)) {
                        fail(path + ".field_id '" + fieldId + "' is reserved by Playvox (created_at, updated_at)");
                    } else {
                        Integer earlier = seen.putIfAbsent(fieldId, i);
                        if (earlier != null) {
                            fail(path + ".field_id '" + fieldId + "' is already used by metadata[" + earlier + "]");
                        }
                    }
                }
                MetadataType type = type(item, path);
                datetime |= type == MetadataType.DATETIME;
                String source = text(item, "source", path + ".source");
                boolean required = required(item, path);
                List<String> allowed = values(item, "allowed", path + ".allowed", List.of());
                if (type == MetadataType.LIST && allowed.isEmpty()
                        && (!item.hasNonNull("allowed") || item.get("allowed").isArray())) {
                    fail(path + ".allowed must list at least one value for a list field");
                }
                List<String> availableIn = values(item, "available_in", path + ".available_in",
                        List.of("filters", "display"));
                for (int k = 0; k < availableIn.size(); k++) {
                    if (!AVAILABLE_IN.contains(availableIn.get(k))) {
                        fail(path + ".available_in[" + k + "] '" + availableIn.get(k) + "' must be filters or display");
                    }
                }
                if (fieldId != null && type != null && source != null) {
                    fields.add(new MetadataField(fieldId, type, source, required, allowed, availableIn));
                }
            }
            if (!datetime) {
                fail("metadata must have at least one field of type datetime (Playvox requires one)");
            }
            return fields;
        }

        private MetadataType type(JsonNode item, String path) {
            String type = text(item, "type", path + ".type");
            if (type == null) {
                return null;
            }
            try {
                return MetadataType.fromApiName(type);
            } catch (IllegalArgumentException e) {
                fail(path + ".type '" + type + "' must be one of " + MetadataType.apiNames());
                return null;
            }
        }

        private boolean required(JsonNode item, String path) {
            JsonNode required = item.get("required");
            if (required == null || required.isNull()) {
                return false;
            }
            if (!required.isBoolean()) {
                fail(path + ".required " + show(required) + " must be true or false");
                return false;
            }
            return required.booleanValue();
        }

        /** A list of non-empty scalar values, each once; {@code fallback} when the key is absent. */
        private List<String> values(JsonNode item, String key, String path, List<String> fallback) {
            JsonNode node = item.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isArray()) {
                fail(path + " must be a list, e.g. [a, b]");
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (int k = 0; k < node.size(); k++) {
                JsonNode value = node.get(k);
                if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
                    fail(path + "[" + k + "] must be a non-empty value");
                } else if (values.contains(value.asText())) {
                    fail(path + "[" + k + "] '" + value.asText() + "' is listed twice");
                } else {
                    values.add(value.asText());
                }
            }
            return values;
        }

        /** A non-empty string value; null (and a problem) when it is missing, empty or not a string. */
        private String text(JsonNode parent, String key, String path) {
            JsonNode node = parent.get(key);
            if (node == null || node.isNull()) {
                fail(path + " is missing");
                return null;
            }
            if (!node.isTextual() && !(node.isValueNode() && !node.isBoolean())) {
                fail(path + " must be a non-empty string");
                return null;
            }
            String value = node.asText();
            if (value.isBlank()) {
                fail(path + " must be a non-empty string");
                return null;
            }
            return value;
        }

        private void unknownKeys(JsonNode node, String prefix, List<String> known) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String key = names.next();
                if (!known.contains(key)) {
                    fail(prefix + key + " is not a known key (expected " + String.join(", ", known) + ")");
                }
            }
        }

        private static String show(JsonNode node) {
            return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        }

        private void fail(String problem) {
            problems.add(location + ": " + problem);
        }

        private IntegrationDefinitionException done() {
            return new IntegrationDefinitionException(problems, null);
        }
    }

    private static String read(String location) {
        if (location.startsWith("classpath:")) {
            String text = readResource(location.substring("classpath:".length()), location);
            if (text == null) {
                throw new IntegrationDefinitionException(List.of(location + ": not found on the classpath"), null);
            }
            return text;
        }
        Path path = Path.of(location);
        if (Files.isRegularFile(path)) {
            try {
                return Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IntegrationDefinitionException(List.of(location + ": cannot read: " + e), e);
            }
        }
        String text = path.isAbsolute() ? null : readResource(location, location);
        if (text == null) {
            throw new IntegrationDefinitionException(List.of(location + ": file not found ("
                    + path.toAbsolutePath() + (path.isAbsolute() ? ")" : ", nor on the classpath)")), null);
        }
        return text;
    }

    private static String readResource(String resource, String location) {
        while (resource.startsWith("/")) {
            resource = resource.substring(1);
        }
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                IntegrationDefinitionLoader.class.getClassLoader());
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IntegrationDefinitionException(List.of(location + ": cannot read: " + e), e);
        }
    }
}
