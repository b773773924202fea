package io.playvoxbridge.source.gladly;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Says how long to wait before the next Gladly request, from the answer to the previous one. Gladly limits every
 * organization to 10 requests a second for all its API tokens together, answers {@code 429} beyond that, and sends
 * {@code Ratelimit-Limit-Second} (the limit) and {@code Ratelimit-Remaining-Second} ("the number of requests
 * remaining in the current second") with its answers, and {@code Retry-After} with a 429 (api-facts 6, citing
 * https://raw.githubusercontent.com/api-evangelist/gladly/refs/heads/main/rate-limits/gladly-rate-limits.yml and
 * developer.gladly.com/rest "Rate Limit"; GLADLY-OAS https://developer.gladly.com/rest/ "Handling Rate Limit").
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>{@code 429}: {@code Retry-After} (delta-seconds, or an HTTP date counted from the clock); without a usable
 *       one, {@link #WINDOW}: the limit is per second, so one second always reaches a fresh window;</li>
 *   <li>any other answer with {@code Ratelimit-Remaining-Second <= 0}: {@link #WINDOW}. The client cannot see where
 *       Gladly's current second began, so the whole second is the shortest wait that is sure to be enough;</li>
 *   <li>otherwise (requests remain, or the headers are absent or unreadable): {@link Duration#ZERO}.</li>
 * </ol>
 * The remaining count is the organization's: other clients with the same organization's tokens use it too, so a
 * positive count is a hint, not a promise; the 429 rule covers the rest. Stateless and thread-safe.
 */
public final class GladlyRateLimitPacer {

    /** Header with the organization's limit per second. */
    public static final String LIMIT = "Ratelimit-Limit-Second";
    /** Header with the requests left in the current second. */
    public static final String REMAINING = "Ratelimit-Remaining-Second";
    /** Header of a 429 with the wait, in seconds or as an HTTP date. */
    public static final String RETRY_AFTER = "Retry-After";
    /** Gladly's rate-limit window. */
    public static final Duration WINDOW = Duration.ofSeconds(1);

    private final Clock clock;

    /** @param clock "now" for a {@code Retry-After} given as an HTTP date */
    public GladlyRateLimitPacer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param status the previous answer's HTTP status
     * @param header the previous answer's header by name (case-insensitive lookup is the caller's, e.g.
     *               {@code name -> message.getHeader(name, String.class)}); null when absent
     * @return how long to wait before the next request, {@code >= 0}
     */
    public Duration waitBeforeNext(int status, Function<String, String> header) {
        Objects.requireNonNull(header, "header");
        if (status == 429) {
            Duration asked = retryAfter(header.apply(RETRY_AFTER));
            return asked != null ? asked : WINDOW;
        }
        Long remaining = number(header.apply(REMAINING));
        if (remaining != null && remaining <= 0) {
            return WINDOW;
        }
        return Duration.ZERO;
    }

    /**
     * @param header the answer's header by name
     * @return {@code Ratelimit-Limit-Second}, or null when absent or not a positive whole number
     */
    public static Integer limit(Function<String, String> header) {
        Long limit = number(header.apply(LIMIT));
        return limit == null || limit <= 0 || limit > Integer.MAX_VALUE ? null : limit.intValue();
    }

    private Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Long seconds = number(value);
        if (seconds != null) {
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        }
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
