package io.playvoxbridge.source.eightbyeight;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the Data Augmentation API holds about one interaction, with every private value already masked:
 * {@code GET https://{cluster}.8x8.com/api/v1/interaction/data/guid/{guid}} (api-facts 4.1,
 * https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api) answers
 * <pre>
 * {"interactionId":"int-...","channel":"+18005550100","createTime":"...","ani":"+14155550134","callerName":"...",
 *  "variables":[{"name":"_SSN","value":"111-22-3333","ivr":true,"privacy":true},
 *               {"name":"_amount","value":"110.55","display":true,"displayName":"Amount Due","dataType":"currency"}]}
 * </pre>
 * The older Pascal-case answer ({@code InteractionId, Channel, CreateTime, ANI, CallerName, UserInput[]}, api-facts
 * 4.1 [INF]) is read too, {@code UserInput} as variables. Booleans may be JSON booleans or the strings
 * {@code "true"}/{@code "false"} of the older docs.
 *
 * <p><b>Privacy</b> (DESIGN.md, api-facts 4.1: "Data is obfuscated/masked before displaying/storing"): a variable
 * whose {@code privacy} is anything but absent, null, {@code false} or {@code "false"} is private, and its value is
 * replaced by {@link #MASK} when the {@link Variable} is built, before anything else sees it. A private value is
 * therefore never held, logged, stored or sent by the bridge: only the raw HTTP answer ever contains it.
 *
 * @param interactionId the interaction id 8x8 echoes (the guid), or null
 * @param channel       the number dialed (inbound calls), or null
 * @param createTime    when the interaction was created, as 8x8 wrote it, or null
 * @param ani           the caller id, or null
 * @param callerName    the caller's name, or null
 * @param variables     the variables, in the answer's order
 */
public record EightByEightAugmentation(String interactionId, String channel, String createTime, String ani,
                                       String callerName, List<Variable> variables) {

    /** What a private value becomes: fixed, so even its length is not told. */
    public static final String MASK = "***";

    /** Copies the list. */
    public EightByEightAugmentation {
        variables = List.copyOf(variables);
    }

    /**
     * One variable. Built only through this constructor, which masks a private value.
     *
     * @param name        e.g. {@code _amount} (8x8: starts with {@code _}, alphanumeric, under 25 characters)
     * @param value       the value, or {@link #MASK} when private; may be null
     * @param ivr         usable for IVR routing
     * @param display     shown to the agent when the interaction is offered
     * @param displayName the label shown to the agent, or null
     * @param dataType    text, number, phone, date, time or currency (a TTS hint), or null
     * @param privacy     whether the value is private (and so masked here)
     */
    public record Variable(String name, String value, boolean ivr, boolean display, String displayName,
                           String dataType, boolean privacy) {

        /** Masks a private value. */
        public Variable {
            Objects.requireNonNull(name, "name");
            if (privacy) {
                value = MASK;
            }
        }

        /** @return the label an agent sees: {@code displayName}, else the name */
        public String label() {
            return displayName == null || displayName.isBlank() ? name : displayName;
        }
    }

    /**
     * Reads a GET answer, masking private values.
     *
     * @param answer the JSON body
     * @return the augmentation
     * @throws IllegalArgumentException if it is not a JSON object, or a variable is not an object with a name; the
     *                                  message gives positions only, never a value
     */
    public static EightByEightAugmentation parse(String answer) {
        JsonNode node = EightByEightApi.readTree(answer, "8x8 augmentation answer");
        if (!node.isObject()) {
            throw new IllegalArgumentException("8x8 augmentation answer is not a JSON object");
        }
        JsonNode list = node.has("variables") ? node.get("variables") : node.get("UserInput");
        List<Variable> variables = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException("8x8 augmentation answer: variables is not an array");
            }
            for (int i = 0; i < list.size(); i++) {
                variables.add(variable(list.get(i), i));
            }
        }
        return new EightByEightAugmentation(EightByEightApi.text(node, "interactionId", "InteractionId"),
                EightByEightApi.text(node, "channel", "Channel"),
                EightByEightApi.text(node, "createTime", "CreateTime"),
                EightByEightApi.text(node, "ani", "ANI"),
                EightByEightApi.text(node, "callerName", "CallerName"),
                variables);
    }

    private static Variable variable(JsonNode node, int index) {
        String name = EightByEightApi.text(node, "name");
        if (!node.isObject() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("8x8 augmentation answer: variable " + index + " has no name");
        }
        boolean privacy = isPrivate(node.get("privacy"));
        String value = privacy ? MASK : EightByEightApi.text(node, "value");
        return new Variable(name, value, flag(node.get("ivr")), flag(node.get("display")),
                EightByEightApi.text(node, "displayName"), EightByEightApi.text(node, "dataType"), privacy);
    }

    /** Private unless clearly not: absent, null, false or "false". Errs on the side of masking. */
    private static boolean isPrivate(JsonNode privacy) {
        if (privacy == null || privacy.isNull()) {
            return false;
        }
        if (privacy.isBoolean()) {
            return privacy.booleanValue();
        }
        return !privacy.asText().strip().equalsIgnoreCase("false");
    }

    private static boolean flag(JsonNode value) {
        return value != null && (value.isBoolean() ? value.booleanValue()
                : value.asText().strip().toLowerCase(Locale.ROOT).equals("true"));
    }

    /**
     * The fields the integration file can name as a {@code source}, as {@code augmentation.<name>}: the top-level
     * fields ({@code augmentation.interactionId}, {@code .channel}, {@code .createTime}, {@code .ani},
     * {@code .callerName}) and each variable ({@code augmentation._amount}), private ones as {@link #MASK}.
     *
     * @return source name to value; null values are left out
     */
    public Map<String, String> sourceFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        putIfSet(fields, "interactionId", interactionId);
        putIfSet(fields, "channel", channel);
        putIfSet(fields, "createTime", createTime);
        putIfSet(fields, "ani", ani);
        putIfSet(fields, "callerName", callerName);
        for (Variable v : variables) {
            putIfSet(fields, v.name(), v.value());
        }
        return fields;
    }

    private static void putIfSet(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.putIfAbsent(EightByEightInteractionsTranslator.AUGMENTATION_PREFIX + name, value);
        }
    }

    /** @return how many variables are private (and masked) */
    public long privateCount() {
        return variables.stream().filter(Variable::privacy).count();
    }
}
