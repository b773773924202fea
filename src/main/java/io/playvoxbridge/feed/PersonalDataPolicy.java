package io.playvoxbridge.feed;

import io.playvoxbridge.BridgeConfigurationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a feed does with each personal-data field of its vendor's records before the value leaves the bridge:
 * {@link Rule#KEEP} it, {@link Rule#MASK} it, or {@link Rule#DROP} it. Issue 4 asks this for the Wolkvox survey
 * ({@code ani}, {@code customer_id}, {@code agent_dni}, masked by default); any feed can use it.
 *
 * <p>Settings: one key per field, {@code <prefix><field>=keep|mask|drop} (case-insensitive), e.g.
 * {@code wolkvox.survey.personal-data.ani=keep}. {@code <field>} is the vendor's field name; a dash may stand for
 * an underscore ({@code customer-id} is {@code customer_id}). A field without a key takes its default.
 *
 * <p>Masking ({@link #mask(String)}) keeps the length and shows at most the last four characters: only when the
 * value has at least eight, so at least half of it is hidden ({@code 3001234567} becomes {@code ******4567},
 * {@code 12345} becomes {@code *****}). Masking a masked value changes nothing, so a masked record can be
 * translated again (a replayed dead letter) to the same result.
 *
 * <p>Nothing here logs; {@link #toString()} shows rules, never values. Immutable and thread-safe.
 */
public final class PersonalDataPolicy {

    /** What happens to the value of one personal-data field. */
    public enum Rule {
        /** Sent as the vendor wrote it. */
        KEEP,
        /** Sent masked, see {@link PersonalDataPolicy#mask(String)}. */
        MASK,
        /** Not sent at all: the field is left out. */
        DROP;

        /**
         * @param text {@code keep}, {@code mask} or {@code drop}, any case, surrounding blanks ignored
         * @return the rule, or empty for any other text
         */
        public static Optional<Rule> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "keep" -> Optional.of(KEEP);
                case "mask" -> Optional.of(MASK);
                case "drop" -> Optional.of(DROP);
                default -> Optional.empty();
            };
        }
    }

    /** The character that replaces a hidden character. */
    public static final char MASK_CHAR = '*';
    /** How many trailing characters a masked value may show. */
    public static final int SHOWN_CHARS = 4;
    /** The shortest value that shows its last {@value #SHOWN_CHARS} characters; shorter ones are hidden whole. */
    public static final int SHOWN_FROM_LENGTH = 8;

    private final Map<String, Rule> rules;

    private PersonalDataPolicy(Map<String, Rule> rules) {
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /**
     * @param rules the personal-data fields (vendor field names) and their rules; other fields are not personal
     * @return the policy
     */
    public static PersonalDataPolicy of(Map<String, Rule> rules) {
        Objects.requireNonNull(rules, "rules");
        rules.forEach((field, rule) -> {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(rule, "rule of " + field);
        });
        return new PersonalDataPolicy(rules);
    }

    /**
     * Reads the rules from a map of settings and checks every key under the prefix.
     *
     * @param prefix   the keys' common start, with its final dot, e.g. {@code wolkvox.survey.personal-data.}
     * @param defaults the personal-data fields and the rule each has when no key names it
     * @param settings the settings (other keys are ignored)
     * @return the policy
     * @throws BridgeConfigurationException naming the key when a value is not keep, mask or drop, a key under the
     *                                      prefix names a field that is not one of the defaults' (a typo would
     *                                      otherwise silently keep the default), or two keys name the same field
     */
    public static PersonalDataPolicy fromSettings(String prefix, Map<String, Rule> defaults, Map<String, String> settings) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(settings, "settings");
        Map<String, Rule> rules = new LinkedHashMap<>(defaults);
        Map<String, String> keyOfField = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (!key.startsWith(prefix)) {
                return;
            }
            String field = key.substring(prefix.length()).strip().replace('-', '_');
            if (!defaults.containsKey(field)) {
                throw new BridgeConfigurationException(key + ": " + field
                        + " is not a personal-data field of this feed (expected one of " + defaults.keySet() + ")");
            }
            String earlier = keyOfField.putIfAbsent(field, key);
            if (earlier != null) {
                throw new BridgeConfigurationException(key + ": sets the same field as " + earlier);
            }
            if (value != null && !value.isBlank()) {
                rules.put(field, parse(key, value));
            }
        });
        return of(rules);
    }

    /**
     * Reads the rules one key at a time, e.g. with {@code BridgeSettings::optional}, so environment-variable
     * overrides apply. Only the canonical keys ({@code <prefix><field>} with the field's own underscores) are asked.
     *
     * @param prefix   the keys' common start, with its final dot
     * @param defaults the personal-data fields and the rule each has when its key is unset
     * @param lookup   key to its value, empty when unset
     * @return the policy
     * @throws BridgeConfigurationException naming the key when a value is not keep, mask or drop
     */
    public static PersonalDataPolicy fromLookup(String prefix, Map<String, Rule> defaults,
                                                Function<String, Optional<String>> lookup) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(lookup, "lookup");
        Map<String, Rule> rules = new LinkedHashMap<>();
        defaults.forEach((field, fallback) -> {
            String key = prefix + field;
            rules.put(field, lookup.apply(key).filter(v -> !v.isBlank()).map(v -> parse(key, v)).orElse(fallback));
        });
        return of(rules);
    }

    /** @return the personal-data fields, in the order given */
    public Set<String> fields() {
        return rules.keySet();
    }

    /**
     * @param field a vendor field name
     * @return whether the policy governs it
     */
    public boolean isPersonal(String field) {
        return rules.containsKey(field);
    }

    /**
     * @param field a vendor field name
     * @return its rule; {@link Rule#KEEP} for a field that is not personal data
     */
    public Rule rule(String field) {
        return rules.getOrDefault(field, Rule.KEEP);
    }

    /**
     * The value to send for a field.
     *
     * @param field the vendor field name
     * @param value its value as the vendor sent it; may be null
     * @return the value as is (KEEP or not personal), masked (MASK), or null (DROP, or a null value)
     */
    public String apply(String field, String value) {
        if (value == null) {
            return null;
        }
        return switch (rule(field)) {
            case KEEP -> value;
            case MASK -> mask(value);
            case DROP -> null;
        };
    }

    /**
     * A copy of a record fit for a log line or an error message: every personal-data field masked, whatever its
     * rule (a log is never the place for the clear value).
     *
     * @param record field name to value
     * @return a new map in the same order, personal values masked
     */
    public Map<String, String> redact(Map<String, String> record) {
        Map<String, String> copy = new LinkedHashMap<>();
        record.forEach((field, value) -> copy.put(field, isPersonal(field) && value != null ? mask(value) : value));
        return copy;
    }

    /**
     * Masks a value: same number of characters (code points), each {@value #MASK_CHAR} but the last
     * {@value #SHOWN_CHARS} when there are at least {@value #SHOWN_FROM_LENGTH}. Surrounding blanks are dropped
     * first; a blank value stays as it is.
     *
     * @param value the clear value; may be null
     * @return the masked value, or null for null
     */
    public static String mask(String value) {
        if (value == null || value.isBlank()) {
            return value;
        }
        int[] codePoints = value.strip().codePoints().toArray();
        int shown = codePoints.length >= SHOWN_FROM_LENGTH ? SHOWN_CHARS : 0;
        StringBuilder masked = new StringBuilder(codePoints.length);
        for (int i = 0; i < codePoints.length; i++) {
            if (i < codePoints.length - shown) {
                masked.append(MASK_CHAR);
            } else {
                masked.appendCodePoint(codePoints[i]);
            }
        }
        return masked.toString();
    }

    private static Rule parse(String key, String value) {
        return Rule.parse(value).orElseThrow(() -> new BridgeConfigurationException(
                key + ": '" + value.strip() + "' is not keep, mask or drop"));
    }

    /** @return the rules, e.g. {@code PersonalDataPolicy{ani=MASK, customer_id=DROP}}; never a value */
    @Override
    public String toString() {
        return "PersonalDataPolicy" + rules;
    }
}
