package io.playvoxbridge.http;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns a vendor's non-2xx answer into a {@link VendorHttpException}, reading how long to wait from
 * {@code Retry-After} (seconds or an HTTP date) or {@code X-RateLimit-Reset} (epoch seconds; Playvox per
 * api-facts 1.8, https://github.com/xorqie/Playvox-BigQuery-ETL-Data-Pipeline).
 * Used after {@code camel-http} calls made with {@code throwExceptionOnFailure=false}.
 */
public final class HttpStatusCheck {

    private final Clock clock;

    /** @param clock for converting reset instants to waits */
    public HttpStatusCheck(Clock clock) {
        this.clock = clock;
    }

    /**
     * Passes a 2xx answer through unchanged.
     *
     * @param exchange the exchange after the HTTP call
     * @param vendor   vendor id for the message
     * @throws VendorHttpException for any other status
     */
    public void check(Exchange exchange, String vendor) throws java.io.IOException {
        Message in = exchange.getMessage();
        Integer status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 200 && status < 300) {
            return;
        }
        String body = bodyText(in.getBody());
        throw new VendorHttpException(vendor, status == null ? 0 : status, body, retryAfter(in));
    }

    /**
     * @param in the response message
     * @return the wait asked for, or null when the headers say nothing usable
     */
    public Duration retryAfter(Message in) {
        String retryAfter = in.getHeader("Retry-After", String.class);
        if (retryAfter != null && !retryAfter.isBlank()) {
            String v = retryAfter.trim();
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    return positive(Duration.between(clock.instant(), at));
                } catch (DateTimeParseException ignored) {
                    // fall through to the reset header
                }
            }
        }
        String reset = in.getHeader("X-RateLimit-Reset", String.class);
        if (reset != null && !reset.isBlank()) {
            try {
                long epochSeconds = Long.parseLong(reset.trim());
                return positive(Duration.between(clock.instant(), Instant.ofEpochSecond(epochSeconds)));
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String bodyText(Object body) throws java.io.IOException {
        if (body == null) {
            return "";
        }
        if (body instanceof InputStream is) {
            try (is) {
                byte[] bytes = is.readNBytes(4096);
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
        if (body instanceof byte[] b) {
            return new String(b, 0, Math.min(b.length, 4096), StandardCharsets.UTF_8);
        }
        return body.toString();
    }
}
