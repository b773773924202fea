package io.playvoxbridge;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.camel.spi.PropertiesComponent;
import org.quartz.CronExpression;

/**
 * Typed, validated access to the bridge's settings ({@code application.properties}, each key overridable by the
 * environment variable made by upper-casing it and replacing dots and dashes with underscores).
 *
 * <p>Every getter throws {@link BridgeConfigurationException} naming the key when the value is missing or wrong,
 * so a bad setting stops the start with one clear line.
 */
public final class BridgeSettings {

    /** Wolkvox allows at most 31 days per call (api-facts 3, https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/). */
    public static final Duration WOLKVOX_MAX_WINDOW = Duration.ofDays(31);

    private final PropertiesComponent properties;

    /** @param properties Camel's properties component, with the application's locations loaded */
    public BridgeSettings(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** @return the value, trimmed, or empty when unset or blank */
    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** @throws BridgeConfigurationException when the key is unset or blank */
    public String required(String key) {
        return optional(key).orElseThrow(() -> new BridgeConfigurationException(
                key + ": is required (set it in application.properties or the environment variable " + envName(key) + ")"));
    }

    /** @return {@code true}/{@code false}; @throws BridgeConfigurationException for anything else */
    public boolean bool(String key, boolean defaultValue) {
        String v = optional(key).orElse(String.valueOf(defaultValue));
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new BridgeConfigurationException(key + ": '" + v + "' is not true or false");
    }

    /** @return an integer within [min, max]; @throws BridgeConfigurationException otherwise */
    public int integer(String key, int defaultValue, int min, int max) {
        String v = optional(key).orElse(String.valueOf(defaultValue));
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new BridgeConfigurationException(key + ": " + n + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BridgeConfigurationException(key + ": '" + v + "' is not a whole number");
        }
    }

    /** @return an ISO-8601 duration such as {@code PT10M}; @throws BridgeConfigurationException when unparseable or negative */
    public Duration duration(String key, Duration defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration d = Duration.parse(v.get());
            if (d.isNegative()) {
                throw new BridgeConfigurationException(key + ": '" + v.get() + "' is negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new BridgeConfigurationException(key + ": '" + v.get() + "' is not an ISO-8601 duration such as PT10M or P1D");
        }
    }

    /** @return an IANA zone such as {@code America/Bogota}; @throws BridgeConfigurationException when unknown */
    public ZoneId zone(String key) {
        String v = required(key);
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new BridgeConfigurationException(key + ": '" + v + "' is not an IANA time zone such as America/Bogota");
        }
    }

    /** @return an ISO local date-time ({@code 2026-11-01T00:00}), or empty; @throws BridgeConfigurationException when unparseable */
    public Optional<LocalDateTime> localDateTime(String key) {
        Optional<String> v = optional(key);
        try {
            return v.map(LocalDateTime::parse);
        } catch (DateTimeParseException e) {
            throw new BridgeConfigurationException(key + ": '" + v.get() + "' is not an ISO local date-time such as 2026-11-01T00:00:00");
        }
    }

    /** @return a Quartz cron expression (with seconds); @throws BridgeConfigurationException when invalid */
    public String cron(String key) {
        String v = required(key);
        if (!CronExpression.isValidExpression(v)) {
            throw new BridgeConfigurationException(key + ": '" + v + "' is not a Quartz cron expression such as '0 0/5 * * * ?'");
        }
        return v;
    }

    /** @return an http(s) URL without a trailing slash; @throws BridgeConfigurationException otherwise */
    public String url(String key) {
        String v = required(key);
        try {
            URI uri = URI.create(v);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new BridgeConfigurationException(key + ": '" + v + "' is not an http(s) URL");
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    /** @return the environment variable that overrides a key: {@code playvox.api-key} -> {@code PLAYVOX_API_KEY} */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
